import { EventStore } from "@gridcase/core"
import { Effect, Layer, type Scope } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { ProjectionRunner, ReadModelStore } from "../../src/index.ts"
import { makeSqliteReadModelStore } from "../../src/stores/sqlite/index.ts"
import { caseStorable, catchUp, freshStores, readEverything } from "../support/cases.ts"
import { appendStorable } from "../support/domain-events.ts"
import { arbitraryCaseHistory } from "../support/history.ts"
import { arbitraryResidentWorld } from "../support/resident-history.ts"
import { READ_MODELS, RESIDENT_READ_MODELS, type ReadModel, snapshot } from "./snapshot.ts"

/**
 * What happens between two looks at the read models: some events are appended, the runner may
 * be given time to take them in (a wake-up handled before the next appends), and one projection
 * may be rebuilt — so that it catches up on its own while the others follow the shared feed, and
 * joins it again.
 */
interface Step {
  readonly appends: number
  readonly settle: boolean
  readonly rebuild: number | undefined
}

const arbitraryStep: fc.Arbitrary<Step> = fc.record({
  appends: fc.integer({ min: 0, max: 12 }),
  settle: fc.boolean(),
  rebuild: fc.option(fc.nat({ max: 5 }), { nil: undefined }),
})

/** Case projections and resident projections side by side: two stream prefixes, so the feed reads every stream. */
const MODELS: ReadonlyArray<ReadModel> = [...READ_MODELS, ...RESIDENT_READ_MODELS]

const STORES: ReadonlyArray<
  readonly [string, Effect.Effect<ReadModelStore.Shape, unknown, Scope.Scope>, number]
> = [
  ["memory", Effect.sync(ReadModelStore.makeMemory), 40],
  ["sqlite", makeSqliteReadModelStore({ filename: ":memory:" }), 25],
]

/** Case and resident histories interleaved by time, with every key their documents may have. */
const arbitraryHistory = fc.tuple(arbitraryCaseHistory(4), arbitraryResidentWorld).map(([cases, world]) => ({
  events: [...caseStorable(cases), ...world.events].sort((a, b) => a.at - b.at),
  keys: [...cases.map((event) => event.caseId), ...world.residentIds],
}))

/** Waits until every projection has folded the last event of the store it reads. */
const settled = (runner: ProjectionRunner.ProjectionRunner, events: EventStore.Shape) =>
  Effect.gen(function* () {
    const recorded = yield* readEverything(events)
    yield* Effect.forEach(
      MODELS,
      ({ projection }) => {
        const mine = recorded.filter((event) => EventStore.matchesFilter(projection.filter, event))
        return runner.awaitPosition(projection.name, mine.at(-1)?.position ?? 0)
      },
      { discard: true },
    )
  }).pipe(Effect.timeout("30 seconds"))

describe.each(STORES)("the shared feed, on the %s store", (_, openStore, numRuns) => {
  it("gives, over any interleaving of appends, wake-ups and rebuilds, the read models of each projection folded alone", async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraryHistory,
        fc.array(arbitraryStep, { maxLength: 8 }),
        async (history, steps) => {
          const { events } = freshStores()
          await Effect.runPromise(
            Effect.gen(function* () {
              const readModels = yield* openStore
              const runner = yield* ProjectionRunner.start({
                projections: MODELS.map((model) => model.projection),
                batchSize: 4,
                commitEvery: 8,
              }).pipe(
                Effect.provide(
                  Layer.mergeAll(
                    Layer.succeed(EventStore.EventStore, events),
                    Layer.succeed(ReadModelStore.ReadModelStore, readModels),
                  ),
                ),
              )
              let appended = 0
              for (const step of steps) {
                yield* appendStorable(events, history.events.slice(appended, appended + step.appends))
                appended += step.appends
                if (step.rebuild !== undefined) {
                  yield* runner.rebuild(MODELS[step.rebuild % MODELS.length]!.projection.name)
                }
                if (step.settle) yield* settled(runner, events)
              }
              yield* appendStorable(events, history.events.slice(appended))
              yield* settled(runner, events)
              for (const model of MODELS) {
                const alone = ReadModelStore.makeMemory()
                yield* catchUp(model.projection, events, alone)
                expect(yield* snapshot(readModels, model, history.keys)).toEqual(
                  yield* snapshot(alone, model, history.keys),
                )
              }
            }).pipe(Effect.scoped),
          )
        },
      ),
      { numRuns },
    )
  })
})
