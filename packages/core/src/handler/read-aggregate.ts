import { Effect, Result } from "effect"
import type { Decider } from "../decider.ts"
import type { EventDecodeError, StoreUnavailable } from "../store/errors.ts"
import type { EventCodec } from "../store/event-codec.ts"
import { EventStore } from "../store/event-store.ts"

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
}

/**
 * The one load step, shared by the command handler and {@link readAggregate}: reads the
 * whole stream, decodes each event once (upcasting old versions), folds it with `evolve`,
 * and — when a `commandId` is given — collects the events whose metadata carries it, which
 * is how the handler recognises a retried command without a second pass.
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
    let state = decider.initialState
    const eventsOfCommand: Array<E> = []
    for (const stored of recorded) {
      const decoded = codec.decode(stored)
      if (Result.isFailure(decoded)) return yield* decoded.failure
      state = decider.evolve(state, decoded.success)
      if (commandId !== undefined && stored.metadata.commandId === commandId)
        eventsOfCommand.push(decoded.success)
    }
    const last = recorded.at(-1)
    return {
      streamId,
      state,
      version: last?.revision ?? 0,
      lastPosition: last?.position ?? 0,
      eventsOfCommand,
    }
  })

/** Loads the current state and version of one aggregate's stream, for queries and for tests. */
export const readAggregate = <C, E extends { readonly _tag: string }, S, Err>(
  decider: Decider<C, E, S, Err>,
  codec: EventCodec<E>,
): ((
  streamId: string,
) => Effect.Effect<AggregateSnapshot<S>, EventDecodeError | StoreUnavailable, EventStore>) => {
  const load = makeStreamLoader(decider, codec)
  return (streamId) =>
    Effect.map(load(streamId), ({ streamId, state, version, lastPosition }) => ({
      streamId,
      state,
      version,
      lastPosition,
    }))
}
