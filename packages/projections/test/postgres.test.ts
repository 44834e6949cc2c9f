import { randomBytes } from "node:crypto"
import { makePostgresEventStore } from "@gridcase/adapters/postgres"
import { EventStore } from "@gridcase/core"
import { Effect, Exit, Scope } from "effect"
import { describe, expect, it } from "vitest"
import { OpenCases, Projection, ProjectionRunner, ReadModelStore } from "../src/index.ts"
import { makePostgresProjectionLeases } from "../src/stores/postgres/index.ts"
import { appendCaseEvents, eventsOf, fullLoop, report } from "./support/cases.ts"
import { readModelsInFreshSchema, testPool } from "./support/postgres.ts"

const pool = testPool()
const run = <A, E>(effect: Effect.Effect<A, E, Scope.Scope>) => Effect.runPromise(Effect.scoped(effect))

describe("the postgres read-model store", () => {
  it("rolls a commit that fails midway back whole", () =>
    run(
      Effect.gen(function* () {
        const store = yield* readModelsInFreshSchema(pool)
        const started = yield* store.reset("p", 1, undefined)
        const failed = yield* Effect.flip(
          store.commit({
            projection: "p",
            expected: started,
            position: 2,
            writes: [
              { key: "c1", doc: { n: 1 }, entries: [{ index: "grid", group: "g1", value: 1 }], previous: [] },
              // jsonb refuses the NUL character: the second write fails inside the transaction.
              { key: "c2", doc: { text: "\u0000" }, entries: [], previous: [] },
            ],
          }),
        )
        expect(failed._tag).toBe("ReadModelStoreUnavailable")
        expect(yield* store.checkpoint("p")).toEqual(started)
        expect(yield* store.get("p", "c1")).toBeUndefined()
        expect(yield* store.groups("p", "grid")).toEqual([])
      }),
    ))

  it("lets exactly one of two racing commits from the same checkpoint through", () =>
    run(
      Effect.gen(function* () {
        const store = yield* readModelsInFreshSchema(pool)
        const started = yield* store.reset("p", 1, undefined)
        const attempt = (position: number) =>
          Effect.result(store.commit({ projection: "p", expected: started, position, writes: [] }))
        const outcomes = yield* Effect.all([attempt(3), attempt(4)], { concurrency: 2 })
        const failures = outcomes.filter((outcome) => outcome._tag === "Failure")
        expect(failures).toHaveLength(1)
        expect(failures[0]?.failure).toBeInstanceOf(Projection.CheckpointConflict)
      }),
    ))

  // PostgreSQL cuts a prepared statement's name at 63 bytes: with the schema's 40 characters in
  // the name, `putDocs` and `putCheckpoint` (and the `delete…`, `drop…` pairs) once became one name.
  it("keeps its prepared statements apart under the longest schema name", () =>
    run(
      Effect.gen(function* () {
        const store = yield* readModelsInFreshSchema(pool, 40)
        const started = yield* store.reset("p", 1, undefined)
        const doc = (key: string, doc: unknown, group: string) => ({
          key,
          doc,
          entries: [{ index: "grid", group, value: 1 }],
          previous: [],
        })
        yield* store.commit({
          projection: "p",
          expected: started,
          position: 2,
          writes: [doc("c1", { n: 1 }, "g1"), doc("c2", { n: 2 }, "g2")],
        })
        const moved = yield* store.checkpoint("p")
        expect(moved?.position).toBe(2)
        yield* store.commit({
          projection: "p",
          expected: moved!,
          position: 3,
          writes: [
            { key: "c1", doc: undefined, entries: [], previous: [{ index: "grid", group: "g1", value: 1 }] },
          ],
        })
        expect(yield* store.get("p", "c1")).toBeUndefined()
        expect(yield* store.get("p", "c2")).toEqual({ n: 2 })
        expect((yield* store.groups("p", "grid")).map((group) => group.group)).toEqual(["g2"])
        expect((yield* store.checkpoint("p"))?.position).toBe(3)
      }),
    ))
})

describe("postgres leases", () => {
  it("grant a projection to one process at a time and pass it on when the holder lets go", () =>
    run(
      Effect.gen(function* () {
        const namespace = `test-${randomBytes(4).toString("hex")}`
        const mine = yield* makePostgresProjectionLeases({ connection: pool, namespace })
        const theirs = yield* makePostgresProjectionLeases({ connection: pool, namespace })
        const held = yield* Scope.make()
        expect(yield* Scope.provide(mine.tryAcquire("open-cases"), held)).toBe(true)
        expect(yield* Effect.scoped(theirs.tryAcquire("open-cases"))).toBe(false)
        expect(yield* Effect.scoped(theirs.tryAcquire("case-timeline"))).toBe(true)
        yield* Scope.close(held, Exit.void)
        expect(yield* Effect.scoped(theirs.tryAcquire("open-cases"))).toBe(true)
      }),
    ))

  it("lapse when the holding connection dies, so another process takes over", () =>
    run(
      Effect.gen(function* () {
        const namespace = `test-${randomBytes(4).toString("hex")}`
        const mine = yield* makePostgresProjectionLeases({ connection: pool, namespace })
        const theirs = yield* makePostgresProjectionLeases({ connection: pool, namespace })
        expect(yield* mine.tryAcquire("open-cases")).toBe(true)
        expect(yield* Effect.scoped(theirs.tryAcquire("open-cases"))).toBe(false)
        // Kill the backend holding the advisory lock, as a crashed process's connection would end,
        // and wait (up to 10 s) until it is gone.
        yield* Effect.promise(() =>
          pool.query(
            `SELECT pg_terminate_backend(pid, 10000) FROM pg_locks
              WHERE locktype = 'advisory' AND classid = hashtext($1)::oid AND objid = hashtext($2)::oid`,
            [namespace, "open-cases"],
          ),
        )
        expect(yield* Effect.scoped(theirs.tryAcquire("open-cases"))).toBe(true)
      }),
    ))
})

describe("the runner on postgres", () => {
  it("catches up from the postgres event store into postgres read models, then follows live appends", () =>
    run(
      Effect.gen(function* () {
        const schema = `gridcase_events_${randomBytes(6).toString("hex")}`
        yield* Effect.addFinalizer(() =>
          Effect.promise(() => pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)),
        )
        const events = yield* makePostgresEventStore({ connection: pool, schema })
        const readModels = yield* readModelsInFreshSchema(pool)
        const history = eventsOf([report("c1", 0), report("c2", 1), ...fullLoop("c1", 2)])
        yield* appendCaseEvents(events, history)
        const runner = yield* ProjectionRunner.start({ projections: [OpenCases.projection] }).pipe(
          Effect.provideService(EventStore.EventStore, events),
          Effect.provideService(ReadModelStore.ReadModelStore, readModels),
        )
        yield* runner.awaitLive(OpenCases.projection.name)
        const grid = () =>
          Effect.provideService(OpenCases.inGrid("grid-a"), ReadModelStore.ReadModelStore, readModels)
        expect((yield* grid()).total).toBe(1)
        const appended = yield* events.append("case-c3", [], "any")
        expect(appended.lastPosition).toBe(0)
        yield* appendCaseEvents(events, eventsOf([report("c3", 9)]))
        const last = (yield* events.readAll({ after: 0, maxCount: 10_000 })).at(-1)!.position
        yield* runner.awaitPosition(OpenCases.projection.name, last)
        expect((yield* grid()).total).toBe(2)
      }),
    ))
})
