import type { EventStore } from "@gridcase/core"
import { Effect } from "effect"
import type { Projection } from "../../projection/projection.ts"
import { foldWhole } from "../../runner/fold.ts"
import { NEVER_STARTED, type ReadModelStoreShape } from "../read-model-store.ts"

/** The hook `makeMemoryEventStore`'s `inline` option takes (`MemoryInlineProjection` in `@gridcase/adapters/memory`). */
export interface MemoryInlineHook {
  readonly name: string
  readonly prepare: (events: ReadonlyArray<EventStore.RecordedEvent>) => () => void
}

/**
 * Inline projections for the memory event store (内联投影): `readModels` (a memory read-model
 * store) changes in the same synchronous turn as each append, so a query after an append
 * returns always sees it. Pass the hooks to `makeMemoryEventStore({ inline })` of a new store:
 * each projection is reset here, since a new memory store holds no events.
 *
 * Each append's events are folded before anything is stored; a projection that cannot fold
 * one (an undecodable event, a throwing handler) fails the append, which then stores nothing
 * and leaves every read model as it was. An inline projection must not also run in a runner.
 */
export const memoryInlineProjections = (
  readModels: ReadModelStoreShape,
  projections: ReadonlyArray<Projection>,
): ReadonlyArray<MemoryInlineHook> =>
  projections.map((projection) => {
    const { name, version } = projection
    Effect.runSync(
      Effect.flatMap(readModels.checkpoint(name), (stored) => readModels.reset(name, version, stored)),
    )
    return {
      name,
      prepare: (events) => {
        const expected = Effect.runSync(readModels.checkpoint(name)) ?? { ...NEVER_STARTED, version }
        const writes = Effect.runSync(foldWhole(projection, readModels, events))
        const position = Math.max(expected.position, events.at(-1)?.position ?? 0)
        return () => {
          Effect.runSync(readModels.commit({ projection: name, expected, position, writes }))
        }
      },
    }
  })
