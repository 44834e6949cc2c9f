import { randomBytes } from "node:crypto"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { makeMemoryEventStore } from "@gridcase/adapters/memory"
import { makePostgresEventStore } from "@gridcase/adapters/postgres"
import { makeSqliteEventStore } from "@gridcase/adapters/sqlite"
import { Case, type EventStore } from "@gridcase/core"
import { Effect, type Scope } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { OpenCases, Projection, ReadModelStore } from "../src/index.ts"
import { makePostgresReadModelStore, postgresInlineProjections } from "../src/stores/postgres/index.ts"
import { makeSqliteReadModelStore, sqliteInlineProjections } from "../src/stores/sqlite/index.ts"
import { READ_MODELS, snapshot } from "./properties/snapshot.ts"
import {
  appendCaseEvents,
  catchUp,
  command,
  eventsOf,
  fullLoop,
  provideReadModels,
  readEverything,
  report,
} from "./support/cases.ts"
import { testPool } from "./support/postgres.ts"

const directory = mkdtempSync(join(tmpdir(), "gridcase-inline-"))
afterAll(() => rmSync(directory, { recursive: true, force: true }))
let files = 0

/** An event store keeping `projections` inline, and the read-model store to query them with. */
interface InlineStores {
  readonly events: EventStore.Shape
  readonly readModels: ReadModelStore.Shape
}

type OpenInline = (
  projections: ReadonlyArray<Projection.Projection>,
) => Effect.Effect<InlineStores, unknown, Scope.Scope>

const openMemory: OpenInline = (projections) =>
  Effect.sync(() => {
    const readModels = ReadModelStore.makeMemory()
    return {
      events: makeMemoryEventStore({
        inline: ReadModelStore.memoryInlineProjections(readModels, projections),
      }),
      readModels,
    }
  })

const openSqlite: OpenInline = (projections) =>
  Effect.gen(function* () {
    const filename = join(directory, `inline-${++files}.db`)
    const events = yield* makeSqliteEventStore({ filename, inline: sqliteInlineProjections(projections) })
    return { events, readModels: yield* makeSqliteReadModelStore({ filename }) }
  })

const pool = testPool()

/** A fresh schema holding both the events and the read models, dropped at the end. */
const freshSchema = Effect.gen(function* () {
  const schema = `gridcase_inline_${randomBytes(6).toString("hex")}`
  yield* Effect.addFinalizer(() =>
    Effect.promise(() => pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)),
  )
  return schema
})

const openPostgresIn =
  (schema: string): OpenInline =>
  (projections) =>
    Effect.gen(function* () {
      const inline = postgresInlineProjections({ projections, schema })
      const events = yield* makePostgresEventStore({ connection: pool, schema, inline })
      return { events, readModels: yield* makePostgresReadModelStore({ connection: pool, schema }) }
    })

const openPostgres: OpenInline = (projections) =>
  Effect.flatMap(freshSchema, (schema) => openPostgresIn(schema)(projections))

/** A projection whose handler cannot take a rejection: what a handler bug looks like. */
const fussy = Projection.define<Case.Event, { readonly events: number }>({
  name: "fussy",
  version: 1,
  codec: Case.eventCodec,
  streamPrefix: Case.STREAM_PREFIX,
  keyOf: (event) => event.caseId,
  handle: (doc, event) => {
    if (event._tag === "CaseRejected") throw new Error("cannot take a rejection")
    return { events: (doc?.events ?? 0) + 1 }
  },
  indexes: () => [{ index: "all", group: "all", value: 1 }],
})

const history = eventsOf([
  report("a1", 0),
  report("a2", 0.5, { category: "safetyHazard" }),
  report("b1", 1, { location: { gridId: "grid-b" } }),
  ...fullLoop("a1", 2),
  command("RegisterCase", "a2", 3, {}),
  command("DispatchCase", "a2", 4, { assignee: { _tag: "department", departmentId: "gas-company" } }),
])
const rejection = eventsOf([report("a3", 10), command("RejectCase", "a3", 11, { reason: "notAProblem" })])

/** Open cases of a grid, counted by folding the events so far with core's evolve. */
const openIn = (events: ReadonlyArray<Case.Event>, gridId: string) => {
  const states = new Map(events.map((event) => [event.caseId, Case.initialState]))
  for (const event of events) states.set(event.caseId, Case.evolve(states.get(event.caseId)!, event))
  return [...states.values()].filter(
    (state) => state.exists && !Case.isTerminal(state.status) && state.location.gridId === gridId,
  ).length
}

describe.each([
  ["memory", openMemory],
  ["sqlite", openSqlite],
  ["postgres", openPostgres],
] as const)("inline projections on the %s store", (_, open) => {
  it("never lag: a query made right after an append sees it", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const { events, readModels } = yield* open([OpenCases.projection])
          for (const [index, event] of history.entries()) {
            yield* appendCaseEvents(events, [event])
            for (const gridId of ["grid-a", "grid-b"]) {
              const seen = yield* provideReadModels(readModels)(OpenCases.inGrid(gridId))
              expect(seen.total).toBe(openIn(history.slice(0, index + 1), gridId))
            }
          }
        }),
      ),
    ))

  it("keep exactly the read model a rebuild from the history would", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const models = READ_MODELS.filter((model) => model.projection !== READ_MODELS[2]!.projection)
          const { events, readModels } = yield* open(models.map((model) => model.projection))
          yield* appendCaseEvents(events, history)
          const rebuilt = ReadModelStore.makeMemory()
          const keys = history.map((event) => event.caseId)
          for (const model of models) {
            yield* catchUp(model.projection, events, rebuilt)
            expect(yield* snapshot(readModels, model, keys)).toEqual(yield* snapshot(rebuilt, model, keys))
          }
        }),
      ),
    ))

  it("fail the append they cannot fold, which stores neither its events nor any read-model change", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const { events, readModels } = yield* open([OpenCases.projection, fussy])
          yield* appendCaseEvents(events, [...history, rejection[0]!])
          const before = yield* readEverything(events)
          const openCases = yield* snapshot(readModels, READ_MODELS[0]!, ["a3"])
          const failure = yield* Effect.flip(appendCaseEvents(events, [rejection[1]!]))
          expect(failure).toMatchObject({ _tag: "StoreUnavailable" })
          expect(failure.message).toMatch(
            /inline projection fussy failed: .*CaseRejected.*cannot take a rejection/,
          )
          expect(yield* readEverything(events)).toEqual(before)
          // The projection before the failing one folded the rejection too; that is undone as well.
          expect(yield* snapshot(readModels, READ_MODELS[0]!, ["a3"])).toEqual(openCases)
          // The store goes on: the next append that the projections can fold succeeds.
          yield* appendCaseEvents(events, eventsOf([report("a4", 12)]))
          expect((yield* readModels.stats("fussy", "all", "all")).count).toBe(5)
        }),
      ),
    ))
})

describe("inline projections on SQLite", () => {
  const model = READ_MODELS[0]!
  const keys = [...history, ...rejection].map((event) => event.caseId)
  const rebuildOf = (events: EventStore.Shape) =>
    Effect.gen(function* () {
      const rebuilt = ReadModelStore.makeMemory()
      yield* catchUp(model.projection, events, rebuilt)
      return yield* snapshot(rebuilt, model, keys)
    })

  it("catch up with the history when the store opens, and rebuild when their version changes", async () => {
    const filename = join(directory, `inline-${++files}.db`)
    await Effect.runPromise(
      Effect.scoped(
        Effect.flatMap(makeSqliteEventStore({ filename }), (events) => appendCaseEvents(events, history)),
      ),
    )
    for (const version of [1, 1, 2]) {
      const projection = { ...OpenCases.projection, version }
      await Effect.runPromise(
        Effect.scoped(
          Effect.gen(function* () {
            const events = yield* makeSqliteEventStore({
              filename,
              inline: sqliteInlineProjections([projection]),
            })
            const readModels = yield* makeSqliteReadModelStore({ filename })
            expect(yield* readModels.checkpoint(model.projection.name)).toMatchObject({ version })
            expect(yield* snapshot(readModels, model, keys)).toEqual(yield* rebuildOf(events))
          }),
        ),
      )
    }
  })

  it("fold at the next append what a process without them appended", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const filename = join(directory, `inline-${++files}.db`)
          const inline = yield* makeSqliteEventStore({
            filename,
            inline: sqliteInlineProjections([model.projection]),
          })
          const plain = yield* makeSqliteEventStore({ filename })
          const readModels = yield* makeSqliteReadModelStore({ filename })
          yield* appendCaseEvents(plain, history)
          yield* appendCaseEvents(inline, rejection)
          expect(yield* snapshot(readModels, model, keys)).toEqual(yield* rebuildOf(inline))
        }),
      ),
    ))

  it("fail only the append they cannot fold when appends share a transaction (group commit)", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const { events, readModels } = yield* openSqlite([model.projection, fussy])
          yield* appendCaseEvents(events, [rejection[0]!])
          const outcomes = yield* Effect.all(
            [
              Effect.result(appendCaseEvents(events, history.slice(0, 3))),
              Effect.result(appendCaseEvents(events, [rejection[1]!])),
              Effect.result(appendCaseEvents(events, history.slice(3))),
            ],
            { concurrency: "unbounded" },
          )
          expect(outcomes.map((outcome) => outcome._tag)).toEqual(["Success", "Failure", "Success"])
          const stored = yield* readEverything(events)
          expect(stored.map((event) => event.type)).not.toContain("CaseRejected")
          expect(stored).toHaveLength(history.length + 1)
          expect(yield* snapshot(readModels, model, keys)).toEqual(yield* rebuildOf(events))
          expect((yield* readModels.stats("fussy", "all", "all")).count).toBe(4)
        }),
      ),
    ))
})

/** Counts every case event in one document, whatever its stream: concurrent appends all touch it. */
const counter = Projection.define<Case.Event, { readonly events: number }>({
  name: "counter",
  version: 1,
  codec: Case.eventCodec,
  streamPrefix: Case.STREAM_PREFIX,
  keyOf: () => "all",
  handle: (doc) => ({ events: (doc?.events ?? 0) + 1 }),
})

describe("inline projections on PostgreSQL", () => {
  it("fold concurrent appends one after the other, losing no update to a document they share", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const { events, readModels } = yield* openPostgres([counter])
          const cases = Array.from({ length: 12 }, (_, index) => eventsOf([report(`c${index}`, index)]))
          yield* Effect.forEach(cases, (one) => appendCaseEvents(events, one), { concurrency: "unbounded" })
          expect(yield* readModels.get("counter", "all")).toEqual({ events: 12 })
        }),
      ),
    ))

  it("catch up with the history when the store opens, and rebuild when their version changes", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const schema = yield* freshSchema
          const model = READ_MODELS[0]!
          const keys = history.map((event) => event.caseId)
          yield* Effect.scoped(
            Effect.flatMap(makePostgresEventStore({ connection: pool, schema }), (events) =>
              appendCaseEvents(events, history),
            ),
          )
          for (const version of [1, 2]) {
            yield* Effect.scoped(
              Effect.gen(function* () {
                const { events, readModels } = yield* openPostgresIn(schema)([
                  { ...model.projection, version },
                ])
                expect(yield* readModels.checkpoint(model.projection.name)).toMatchObject({ version })
                const rebuilt = ReadModelStore.makeMemory()
                yield* catchUp(model.projection, events, rebuilt)
                expect(yield* snapshot(readModels, model, keys)).toEqual(
                  yield* snapshot(rebuilt, model, keys),
                )
              }),
            )
          }
          // A process still folding version 1 cannot write into the rebuilt version 2.
          const stale = postgresInlineProjections({ projections: [model.projection], schema })[0]!
          const client = yield* Effect.promise(() => pool.connect())
          yield* Effect.addFinalizer(() => Effect.sync(() => client.release()))
          yield* Effect.promise(() => client.query("BEGIN"))
          const refused = yield* Effect.flip(Effect.tryPromise(() => stale.apply(client, [])))
          yield* Effect.promise(() => client.query("ROLLBACK"))
          expect(String(refused.cause)).toMatch(/holds version 2 of open-cases, this process folds version 1/)
        }),
      ),
    ))
})
