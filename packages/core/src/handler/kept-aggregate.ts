import { Effect } from "effect"
import type { Decider } from "../shared/decider.ts"
import type { EventDecodeError, StoreUnavailable } from "../store/errors.ts"
import type { EventCodec } from "../store/event-codec.ts"
import { EventStore } from "../store/event-store.ts"
import { type AggregateSnapshot, catchUpAggregate, emptySnapshot } from "./read-aggregate.ts"
import { makeSnapshotCache } from "./snapshot-cache.ts"

/** Loads one aggregate's current state, as `readAggregate` does. */
export type AggregateReader<S> = (
  streamId: string,
) => Effect.Effect<AggregateSnapshot<S>, EventDecodeError | StoreUnavailable, EventStore>

/**
 * A reader that keeps what it folded (快照缓存): each call reads only the events appended to
 * the stream since the snapshot it kept, and folds them on, so that a stream read again and
 * again — the district's territory before every Open311 report, a case page refreshed — costs
 * one small read of its tail instead of its whole history each time.
 *
 * Always current: every call reads the tail, so an append by another handler or another process
 * shows on the next call. A failed read, or an event that cannot be decoded, fails the call and
 * leaves what is kept untouched; concurrent calls each fold from what they found, and the shelf
 * keeps the most advanced, never an older one. Streams that exist are kept, at most `capacity`
 * per event store (least recently used out first); 0 keeps none, so every call reads the whole
 * stream.
 */
export const makeKeptAggregateReader = <C, E extends { readonly _tag: string }, S, Err>(
  decider: Decider<C, E, S, Err>,
  codec: EventCodec<E>,
  capacity: number,
): AggregateReader<S> => {
  const catchUp = catchUpAggregate(decider, codec)
  const empty = (streamId: string) => emptySnapshot(streamId, decider.initialState)
  if (capacity === 0) return (streamId) => catchUp(empty(streamId))
  const cache = makeSnapshotCache<AggregateSnapshot<S>>(capacity)
  return (streamId) =>
    Effect.gen(function* () {
      const shelf = cache.of(yield* EventStore)
      const current = yield* catchUp(shelf.get(streamId) ?? empty(streamId))
      if (current.version > 0) shelf.keep(streamId, current)
      return current
    })
}
