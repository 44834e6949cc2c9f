import { randomBytes } from "node:crypto"
import { makePostgresEventStore } from "@gridcase/adapters/postgres"
import { type Case, EventStore } from "@gridcase/core"
import { Effect } from "effect"
import pg from "pg"
import { describe, expect, it } from "vitest"
import { ProjectionRunner, ReadModelStore } from "../src/index.ts"
import { makePostgresReadModelStore } from "../src/stores/postgres/index.ts"
import { READ_MODELS, snapshot } from "./properties/snapshot.ts"
import { appendCaseEvents, catchUp, eventsOf, fullLoop, readEverything, report } from "./support/cases.ts"
import { POSTGRES_URL, testPool } from "./support/postgres.ts"

const pool = testPool()

/** Cases `from` to `to` − 1, each reported and taken through its whole loop. */
const cases = (from: number, to: number): ReadonlyArray<Case.Command> =>
  Array.from({ length: to - from }, (_, i) => from + i).flatMap((n) => [
    report(`c${n}`, n),
    ...fullLoop(`c${n}`, n + 1),
  ])

const CASES = 80

describe("the runner on postgres, its connections cut", () => {
  it(
    "rides out its connections being terminated while catching up and live, ending with the read models of a fault-free run",
    () =>
      Effect.runPromise(
        Effect.gen(function* () {
          const eventsSchema = `gridcase_events_${randomBytes(6).toString("hex")}`
          const modelsSchema = `gridcase_rm_${randomBytes(6).toString("hex")}`
          yield* Effect.addFinalizer(() =>
            Effect.promise(() =>
              pool.query(
                `DROP SCHEMA IF EXISTS "${eventsSchema}" CASCADE; DROP SCHEMA IF EXISTS "${modelsSchema}" CASCADE`,
              ),
            ),
          )
          // The runner's own pool, named so that only its connections are cut.
          const name = `gridcase-retries-${randomBytes(4).toString("hex")}`
          const runnerPool = yield* Effect.acquireRelease(
            Effect.sync(() => {
              const created = new pg.Pool({ connectionString: POSTGRES_URL, max: 6, application_name: name })
              created.on("error", () => {})
              return created
            }),
            (created) => Effect.promise(() => created.end()),
          )
          const cut = Effect.promise(() =>
            pool.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [
              name,
            ]),
          )

          const writer = yield* makePostgresEventStore({ connection: pool, schema: eventsSchema })
          yield* appendCaseEvents(writer, eventsOf(cases(0, 60)))
          const events = yield* makePostgresEventStore({
            connection: runnerPool,
            schema: eventsSchema,
            pollInterval: "20 millis",
          })
          const readModels = yield* makePostgresReadModelStore({
            connection: runnerPool,
            schema: modelsSchema,
          })
          const statuses: Array<ProjectionRunner.Status> = []
          const runner = yield* ProjectionRunner.start({
            projections: READ_MODELS.map((model) => model.projection),
            batchSize: 25,
            commitEvery: 50,
            retry: { baseDelay: "5 millis", maxDelay: "50 millis" },
            // Every fourth report, each connection of the runner is cut.
            onProgress: (status) =>
              Effect.suspend(() => {
                statuses.push(status)
                return statuses.length % 4 === 0 ? Effect.asVoid(cut) : Effect.void
              }),
          }).pipe(
            Effect.provideService(EventStore.EventStore, events),
            Effect.provideService(ReadModelStore.ReadModelStore, readModels),
          )
          for (const { projection } of READ_MODELS) yield* runner.awaitLive(projection.name)

          yield* cut
          yield* appendCaseEvents(writer, eventsOf(cases(60, 70)))
          yield* cut
          yield* appendCaseEvents(writer, eventsOf(cases(70, CASES)))
          const recorded = yield* readEverything(writer)
          for (const { projection } of READ_MODELS) {
            const mine = recorded.filter((event) => EventStore.matchesFilter(projection.filter, event))
            yield* runner.awaitPosition(projection.name, mine.at(-1)?.position ?? 0)
          }

          // Read back on the test's own pool: the runner's may still hold connections being cut.
          const stored = yield* makePostgresReadModelStore({ connection: pool, schema: modelsSchema })
          const keys = Array.from({ length: CASES }, (_, i) => `c${i}`)
          for (const model of READ_MODELS) {
            const rebuilt = ReadModelStore.makeMemory()
            yield* catchUp(model.projection, writer, rebuilt)
            expect(yield* snapshot(stored, model, keys)).toEqual(yield* snapshot(rebuilt, model, keys))
          }
          // Some cut lands while a projection has a query under way, so the run retried; an error
          // escaping as an unheard "error" event would have failed the file (vitest reports it).
          const retried = statuses.filter((status) => status.phase === "retrying")
          expect(retried.length).toBeGreaterThan(0)
          expect(
            retried.every(
              (status) => status.error !== undefined && ProjectionRunner.isTransient(status.error),
            ),
          ).toBe(true)
        }).pipe(Effect.scoped),
      ),
    60_000,
  )
})
