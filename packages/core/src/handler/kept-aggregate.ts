import { Deferred, Effect } from "effect"
import type { Decider } from "../shared/decider.ts"
import type { EventDecodeError, StoreUnavailable } from "../store/errors.ts"
import type { EventCodec } from "../store/event-codec.ts"
import { EventStore, type EventStoreShape } from "../store/event-store.ts"
import { type AggregateSnapshot, catchUpAggregate, emptySnapshot } from "./read-aggregate.ts"
import { makeSnapshotCache } from "./snapshot-cache.ts"

/**
 * Loads one aggregate's current state, as `readAggregate` does. With `readsSince` (a
 * `performance.now()` of this process: when the request behind the call arrived), an answer
 * from a read that began after that moment will do, so the calls one request makes share one
 * read; without it, only a read begun after the call.
 */
export type AggregateReader<S> = (
  streamId: string,
  readsSince?: number,
) => Effect.Effect<AggregateSnapshot<S>, EventDecodeError | StoreUnavailable, EventStore>

type Answer<S> = Deferred.Deferred<AggregateSnapshot<S>, EventDecodeError | StoreUnavailable>

/**
 * How old a request's arrival (`readsSince`) may be and still let a read begun after it answer
 * the request, in milliseconds (本地设定): a request routes and authorizes within moments of
 * arriving. An older or impossible value is ignored — the call then waits for a read begun
 * after it, which costs a round trip and never a stale answer.
 */
export const READS_SINCE_MAX_AGE = 5_000

/** `readsSince` when it is a moment of this process's last few seconds, else undefined. */
const usableArrival = (readsSince: number | undefined, now: number): number | undefined =>
  readsSince !== undefined &&
  Number.isFinite(readsSince) &&
  readsSince <= now &&
  now - readsSince <= READS_SINCE_MAX_AGE
    ? readsSince
    : undefined

/**
 * The tail reads of one stream in one store: the one out (when it began, and its answer), and
 * the callers that came while it was, who share the read after it.
 */
interface Reading<S> {
  out: { readonly began: number; readonly answer: Answer<S> } | undefined
  next: Answer<S> | undefined
}

/** A state kept, with when the read that brought it up to date began. */
interface Kept<S> extends AggregateSnapshot<S> {
  readonly asOf: number
}

/**
 * A reader that keeps what it folded (快照缓存): each call reads only the events appended to
 * the stream since the snapshot it kept, and folds them on, so that a stream read again and
 * again — the district's territory before every Open311 report, a case page refreshed — costs
 * one small read of its tail instead of its whole history each time.
 *
 * Always current: every call is answered by a read of the tail that began after the call did
 * — or, given `readsSince`, after that moment — so an append by another handler or another
 * process that was stored before the call (the request) shows in its answer. Calls that come
 * while a read of the same stream is out wait for it to end and then share one read (合并读取): with many requests at once, one round trip serves all of them
 * instead of one each (the office's territory before every Open311 report was two thirds of its
 * PostgreSQL round trips under 32 clients, bench/findings.md, finding 19); a call with
 * `readsSince` also shares the read that is out, or takes the kept state, when that read began
 * after its moment (the office routes a report and the guard then authorizes it on one read). A failed read, or an
 * event that cannot be decoded, fails the calls it answers and leaves what is kept untouched;
 * the shelf keeps the most advanced state, never an older one. Streams that exist are kept, at
 * most `capacity` per event store (least recently used out first); 0 keeps none, so every call
 * reads the whole stream on its own.
 */
export const makeKeptAggregateReader = <C, E extends { readonly _tag: string }, S, Err>(
  decider: Decider<C, E, S, Err>,
  codec: EventCodec<E>,
  capacity: number,
): AggregateReader<S> => {
  const catchUp = catchUpAggregate(decider, codec)
  const empty = (streamId: string) => emptySnapshot(streamId, decider.initialState)
  if (capacity === 0) return (streamId) => catchUp(empty(streamId))
  const cache = makeSnapshotCache<Kept<S>>(capacity)
  const readings = new WeakMap<EventStoreShape, Map<string, Reading<S>>>()
  /** One read of the tail from what the shelf holds, begun at `began`; kept when the stream exists. */
  const readTail = (store: EventStoreShape, streamId: string, began: number) =>
    Effect.gen(function* () {
      const shelf = cache.of(store)
      const current = yield* catchUp(shelf.get(streamId) ?? empty(streamId))
      if (current.version > 0) shelf.keep(streamId, { ...current, asOf: began })
      return current
    }).pipe(Effect.provideService(EventStore, store))
  /**
   * Marks a read of the stream as out, now (at once, so no other call can start one meanwhile),
   * and returns the read to fork: its outcome goes to `answer`, then whoever came meanwhile
   * gets the next read.
   */
  const send = (
    store: EventStoreShape,
    streamId: string,
    of: Map<string, Reading<S>>,
    reading: Reading<S>,
    answer: Answer<S>,
  ): Effect.Effect<unknown> => {
    const began = performance.now()
    reading.out = { began, answer }
    // Detached: the callers waiting may go away, the read still hands over to those after them.
    return Effect.forkDetach(
      readTail(store, streamId, began).pipe(
        // On every exit, interruption included: every caller waits on this answer.
        Effect.onExit((exit) => Deferred.done(answer, exit)),
        Effect.ensuring(handOver(store, streamId, of, reading)),
      ),
    )
  }
  /** A read ended: the callers that came meanwhile get one read of their own, begun now. */
  const handOver = (
    store: EventStoreShape,
    streamId: string,
    of: Map<string, Reading<S>>,
    reading: Reading<S>,
  ): Effect.Effect<void> =>
    Effect.suspend(() => {
      const waiting = reading.next
      reading.next = undefined
      reading.out = undefined
      if (waiting === undefined) {
        of.delete(streamId)
        return Effect.void
      }
      return Effect.asVoid(send(store, streamId, of, reading, waiting))
    })
  return (streamId, readsSince) =>
    Effect.gen(function* () {
      const store = yield* EventStore
      let of = readings.get(store)
      if (of === undefined) {
        of = new Map()
        readings.set(store, of)
      }
      const reading = of.get(streamId)
      const since = usableArrival(readsSince, performance.now())
      if (since !== undefined) {
        const kept = cache.of(store).get(streamId)
        if (kept !== undefined && kept.asOf > since) return kept
        if (reading?.out !== undefined && reading.out.began > since)
          return yield* Deferred.await(reading.out.answer)
      }
      if (reading?.out !== undefined) {
        // The read that is out may have begun before this call: wait for the one after it.
        reading.next ??= Deferred.makeUnsafe()
        return yield* Deferred.await(reading.next)
      }
      // A stream's entry lives only while a read of it is out (handOver removes it), so the
      // entries follow the reads in flight, not every stream ever asked for.
      const fresh: Reading<S> = reading ?? { out: undefined, next: undefined }
      of.set(streamId, fresh)
      const answer: Answer<S> = Deferred.makeUnsafe()
      yield* send(store, streamId, of, fresh, answer)
      return yield* Deferred.await(answer)
    })
}
