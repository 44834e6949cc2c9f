import { EventStore } from "@gridcase/core"
import { Effect, type Scope } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { ReadModelStore } from "../../src/index.ts"
import { openProjector } from "../../src/runner/projector.ts"
import { makeSqliteReadModelStore } from "../../src/stores/sqlite/index.ts"
import { caseStorable, catchUp, freshStores, readEverything } from "../support/cases.ts"
import { appendStorable, type StorableEvent } from "../support/domain-events.ts"
import { arbitraryCaseHistory } from "../support/history.ts"
import { readModelsInFreshSchema, testPool } from "../support/postgres.ts"
import { arbitraryResidentWorld } from "../support/resident-history.ts"
import { READ_MODELS, RESIDENT_READ_MODELS, type ReadModel, snapshot } from "./snapshot.ts"

/**
 * One life of a runner process: it restarts from the stored checkpoint, is handed some events
 * it has already folded (at-least-once delivery) and some new ones, in batches, and may die
 * while committing one of them.
 */
interface ProcessLife {
  readonly redelivered: number
  readonly fresh: number
  readonly batchSize: number
  /** Batches staged per commit, as the runner stages pages while catching up (1: each batch commits). */
  readonly commitEvery: number
  /** The first commit at or after this batch is one the process does not survive, if any. */
  readonly diesCommitting: number | undefined
}

const arbitraryLife: fc.Arbitrary<ProcessLife> = fc.record({
  redelivered: fc.integer({ min: 0, max: 8 }),
  fresh: fc.integer({ min: 0, max: 30 }),
  batchSize: fc.integer({ min: 1, max: 10 }),
  commitEvery: fc.integer({ min: 1, max: 4 }),
  diesCommitting: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
})

/** A read-model store whose next commit fails when armed, as if the process died mid-transaction. */
const mortal = (inner: ReadModelStore.Shape) => {
  let armed = false
  const store: ReadModelStore.Shape = {
    ...inner,
    commit: (request) => {
      if (!armed) return inner.commit(request)
      armed = false
      return Effect.fail(
        new ReadModelStore.ReadModelStoreUnavailable({ message: "the process died before its commit" }),
      )
    },
  }
  return {
    store,
    arm: () => {
      armed = true
    },
    disarm: () => {
      armed = false
    },
  }
}

const chunks = <A>(items: ReadonlyArray<A>, size: number): ReadonlyArray<ReadonlyArray<A>> =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size))

const pool = testPool()

/**
 * Where the restarted processes keep their read models (the single rebuild is always in
 * memory), and how many histories to try: fewer on PostgreSQL, where each needs a schema.
 */
const STORES: ReadonlyArray<
  readonly [string, Effect.Effect<ReadModelStore.Shape, unknown, Scope.Scope>, number]
> = [
  ["memory", Effect.sync(ReadModelStore.makeMemory), 100],
  ["sqlite", makeSqliteReadModelStore({ filename: ":memory:" }), 100],
  ["postgres", readModelsInFreshSchema(pool), 15],
]

/** A stored history and the keys (case or resident ids) its read models' documents may have. */
interface History {
  readonly events: ReadonlyArray<StorableEvent>
  readonly keys: ReadonlyArray<string>
}

/** The histories each group of read models is tried on. */
const SOURCES: ReadonlyArray<readonly [string, fc.Arbitrary<History>, ReadonlyArray<ReadModel>]> = [
  [
    "case",
    arbitraryCaseHistory().map((history) => ({
      events: caseStorable(history),
      keys: history.map((event) => event.caseId),
    })),
    READ_MODELS,
  ],
  [
    "resident and points",
    arbitraryResidentWorld.map((world) => ({ events: world.events, keys: world.residentIds })),
    RESIDENT_READ_MODELS,
  ],
]

describe.each(STORES)("crash and restart, on the %s store", (_, openStore, numRuns) => {
  it.each(SOURCES)(
    "any sequence of crashes, restarts and redeliveries of %s histories yields exactly the read model of one rebuild",
    async (_, arbitraryHistory, models) => {
      await fc.assert(
        fc.asyncProperty(
          arbitraryHistory,
          fc.array(arbitraryLife, { maxLength: 8 }),
          async (history, lives) => {
            const { events } = freshStores()
            const recorded = await Effect.runPromise(
              Effect.andThen(appendStorable(events, history.events), readEverything(events)),
            )
            for (const model of models) {
              const mine = recorded.filter((event) =>
                EventStore.matchesFilter(model.projection.filter, event),
              )
              const rebuilt = ReadModelStore.makeMemory()
              await Effect.runPromise(
                Effect.gen(function* () {
                  const restarted = yield* openStore
                  const { store, ...mortality } = mortal(restarted)
                  yield* catchUp(model.projection, events, rebuilt)
                  let checkpoint = 0
                  for (const life of lives) {
                    const projector = yield* openProjector(model.projection, store)
                    expect(projector.checkpoint().position).toBeGreaterThanOrEqual(checkpoint)
                    checkpoint = projector.checkpoint().position
                    // The runner reads only the projection's own events: some it has folded, some new.
                    const folded = mine.filter((event) => event.position <= checkpoint).length
                    const delivered = mine.slice(Math.max(0, folded - life.redelivered), folded + life.fresh)
                    const batches = chunks(delivered, life.batchSize)
                    for (const [index, batch] of batches.entries()) {
                      yield* projector.stage(batch)
                      if ((index + 1) % life.commitEvery !== 0 && index !== batches.length - 1) continue
                      if (life.diesCommitting !== undefined && index >= life.diesCommitting) {
                        // Dies if there is anything to commit; staged old events commit nothing.
                        mortality.arm()
                        yield* Effect.result(projector.commit)
                        mortality.disarm()
                        break
                      }
                      yield* projector.commit
                    }
                  }
                  yield* catchUp(model.projection, events, store)
                  expect(yield* snapshot(restarted, model, history.keys)).toEqual(
                    yield* snapshot(rebuilt, model, history.keys),
                  )
                }).pipe(Effect.scoped),
              )
            }
          },
        ),
        { numRuns },
      )
    },
  )
})
