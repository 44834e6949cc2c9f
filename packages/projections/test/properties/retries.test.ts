import { Case, EventStore } from "@gridcase/core"
import { Effect, Layer } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Projection, ProjectionRunner, ReadModelStore } from "../../src/index.ts"
import { caseStorable, catchUp, freshStores, readEverything } from "../support/cases.ts"
import { appendStorable } from "../support/domain-events.ts"
import {
  FAULT_KINDS,
  type FaultKind,
  flakyEventStore,
  flakyReadModelStore,
  noFaults,
} from "../support/faults.ts"
import { arbitraryCaseHistory } from "../support/history.ts"
import { READ_MODELS, type ReadModel, snapshot } from "./snapshot.ts"

/** Events per case, counted once each: any event folded twice or skipped changes a count. */
const tally: ReadModel = {
  projection: Projection.define<Case.Event, number>({
    name: "tally",
    version: 1,
    codec: Case.eventCodec,
    keyOf: (event) => event.caseId,
    handle: (doc) => (doc ?? 0) + 1,
  }),
  indexes: [],
}

const MODELS = [...READ_MODELS, tally]

/** What happens next while the runner runs: events appended, an outage, or a wait until it has caught up. */
type Step =
  | { readonly _tag: "append"; readonly count: number }
  | { readonly _tag: "fault"; readonly kind: FaultKind; readonly count: number }
  | { readonly _tag: "settle" }

const arbitraryStep: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ _tag: fc.constant("append" as const), count: fc.integer({ min: 1, max: 12 }) }),
  fc.record({
    _tag: fc.constant("fault" as const),
    kind: fc.constantFrom(...FAULT_KINDS),
    count: fc.integer({ min: 1, max: 4 }),
  }),
  fc.constant({ _tag: "settle" as const }),
)

describe("retries of transient store errors", () => {
  it("any schedule of outages interleaved with appends ends with exactly the read models of a fault-free run", async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraryCaseHistory(),
        fc.nat(),
        fc.array(arbitraryStep, { maxLength: 12 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 10 }),
        async (history, before, steps, batchSize, commitEvery) => {
          const storable = caseStorable(history)
          const keys = history.map((event) => event.caseId)
          const { events } = freshStores()
          const readModels = ReadModelStore.makeMemory()
          const faults = noFaults()
          const layer = Layer.mergeAll(
            Layer.succeed(EventStore.EventStore, EventStore.EventStore.of(flakyEventStore(events, faults))),
            Layer.succeed(
              ReadModelStore.ReadModelStore,
              ReadModelStore.ReadModelStore.of(flakyReadModelStore(readModels, faults)),
            ),
          )
          let appended = Math.min(before % (storable.length + 1), storable.length)
          const append = (count: number) => {
            const next = Math.min(appended + count, storable.length)
            const slice = storable.slice(appended, next)
            appended = next
            return appendStorable(events, slice)
          }
          /** Waits until every projection has folded everything appended so far. */
          const settle = (runner: ProjectionRunner.ProjectionRunner) =>
            Effect.gen(function* () {
              const recorded = yield* readEverything(events)
              yield* Effect.forEach(MODELS, ({ projection }) => {
                const mine = recorded.filter((event) => EventStore.matchesFilter(projection.filter, event))
                return runner.awaitPosition(projection.name, mine.at(-1)?.position ?? 0)
              })
            })

          await Effect.runPromise(
            Effect.gen(function* () {
              yield* appendStorable(events, storable.slice(0, appended))
              const runner = yield* ProjectionRunner.start({
                projections: MODELS.map((model) => model.projection),
                batchSize,
                commitEvery,
                retry: { baseDelay: "1 millis", maxDelay: "4 millis" },
              })
              for (const step of steps) {
                if (step._tag === "append") yield* append(step.count)
                else if (step._tag === "fault") faults[step.kind] += step.count
                else yield* settle(runner)
              }
              yield* append(storable.length)
              yield* settle(runner)
            }).pipe(Effect.provide(layer), Effect.scoped),
          )

          const rebuilt = ReadModelStore.makeMemory()
          for (const model of MODELS) {
            const expected = await Effect.runPromise(
              Effect.andThen(catchUp(model.projection, events, rebuilt), snapshot(rebuilt, model, keys)),
            )
            expect(await Effect.runPromise(snapshot(readModels, model, keys))).toEqual(expected)
          }
        },
      ),
      { numRuns: 100 },
    )
  }, 120_000)
})
