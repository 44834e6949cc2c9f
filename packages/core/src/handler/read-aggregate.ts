import { Effect, Result } from "effect"
import type { Decider } from "../shared/decider.ts"
import type { EventDecodeError, StoreUnavailable } from "../store/errors.ts"
import type { EventCodec } from "../store/event-codec.ts"
import { EventStore } from "../store/event-store.ts"
import type { RecordedEvent } from "../store/recorded-event.ts"

/** An aggregate's current state as folded from its stream, with where the stream stands. */
export interface AggregateSnapshot<S> {
  readonly streamId: string
  readonly state: S
  /** The stream's version (revision of its last event, 0 when empty): the next expected version. */
  readonly version: number
  /** Global position of the stream's last event (0 when empty): a projection past it reflects this state. */
  readonly lastPosition: number
}

/** What the command handler needs from a load: the snapshot plus the events an earlier try of this command wrote. */
export interface LoadedStream<E, S> extends AggregateSnapshot<S> {
  readonly eventsOfCommand: ReadonlyArray<E>
  /** The command ids of every event in the stream, to recognise a retried command without reading it again. */
  readonly commandIds: Set<string>
}

/**
 * Decodes recorded events (upcasting old versions) and folds them onto `state` with `evolve`;
 * `visit` sees each event once decoded. The first event that cannot be decoded fails the fold.
 */
const foldRecorded = <E extends { readonly _tag: string }, S>(
  evolve: (state: S, event: E) => S,
  codec: EventCodec<E>,
  state: S,
  recorded: ReadonlyArray<RecordedEvent>,
  visit?: (stored: RecordedEvent, event: E) => void,
): Result.Result<S, EventDecodeError> => {
  let folded = state
  for (const stored of recorded) {
    const decoded = codec.decode(stored)
    if (Result.isFailure(decoded)) return Result.fail(decoded.failure)
    folded = evolve(folded, decoded.success)
    visit?.(stored, decoded.success)
  }
  return Result.succeed(folded)
}

/**
 * The command handler's load step: reads the whole stream, decodes each event once, folds it
 * with `evolve`, and — when a `commandId` is given — collects the events whose metadata carries
 * it, which is how the handler recognises a retried command without a second pass.
 */
export const makeStreamLoader = <C, E extends { readonly _tag: string }, S, Err>(
  decider: Decider<C, E, S, Err>,
  codec: EventCodec<E>,
) =>
  Effect.fnUntraced(function* (
    streamId: string,
    commandId?: string,
  ): Effect.fn.Return<LoadedStream<E, S>, EventDecodeError | StoreUnavailable, EventStore> {
    const store = yield* EventStore
    const recorded = yield* store.readStream(streamId)
    const eventsOfCommand: Array<E> = []
    const commandIds = new Set<string>()
    const folded = foldRecorded(decider.evolve, codec, decider.initialState, recorded, (stored, event) => {
      const ofCommand = stored.metadata.commandId
      if (ofCommand === undefined) return
      commandIds.add(ofCommand)
      if (ofCommand === commandId) eventsOfCommand.push(event)
    })
    if (Result.isFailure(folded)) return yield* folded.failure
    const last = recorded.at(-1)
    return {
      streamId,
      state: folded.success,
      version: last?.revision ?? 0,
      lastPosition: last?.position ?? 0,
      eventsOfCommand,
      commandIds,
    }
  })

/** An empty stream's snapshot: the decider's initial state, before revision 1. */
export const emptySnapshot = <S>(streamId: string, initialState: S): AggregateSnapshot<S> => ({
  streamId,
  state: initialState,
  version: 0,
  lastPosition: 0,
})

/**
 * Brings a snapshot up to date (追平): reads only the events after its version and folds them
 * onto its state, so a caller that keeps the snapshot pays for what was appended since, not for
 * the whole history again. Sound because the port's streams only grow: a revision, once
 * written, never changes. Returns the same snapshot when nothing was appended; fails, and
 * changes nothing, when the read fails or an event cannot be decoded.
 */
export const catchUpAggregate = <C, E extends { readonly _tag: string }, S, Err>(
  decider: Decider<C, E, S, Err>,
  codec: EventCodec<E>,
) =>
  Effect.fnUntraced(function* (
    snapshot: AggregateSnapshot<S>,
  ): Effect.fn.Return<AggregateSnapshot<S>, EventDecodeError | StoreUnavailable, EventStore> {
    const store = yield* EventStore
    const recorded = yield* store.readStream(snapshot.streamId, { fromRevision: snapshot.version + 1 })
    const last = recorded.at(-1)
    if (last === undefined) return snapshot
    const folded = foldRecorded(decider.evolve, codec, snapshot.state, recorded)
    if (Result.isFailure(folded)) return yield* folded.failure
    return {
      streamId: snapshot.streamId,
      state: folded.success,
      version: last.revision,
      lastPosition: last.position,
    }
  })

/** Loads the current state and version of one aggregate's stream, for queries and for tests. */
export const readAggregate = <C, E extends { readonly _tag: string }, S, Err>(
  decider: Decider<C, E, S, Err>,
  codec: EventCodec<E>,
): ((
  streamId: string,
) => Effect.Effect<AggregateSnapshot<S>, EventDecodeError | StoreUnavailable, EventStore>) => {
  const catchUp = catchUpAggregate(decider, codec)
  return (streamId) => catchUp(emptySnapshot(streamId, decider.initialState))
}
