import type { EventStore } from "@gridcase/core"
import { Effect } from "effect"

let eventCounter = 0

/** An event of any aggregate, with what it takes to store it. */
export interface StorableEvent {
  readonly streamId: string
  readonly at: number
  readonly encode: () => ReturnType<EventStore.EventCodec<{ readonly _tag: string }>["encode"]>
}

/** Pairs each event of one aggregate with its codec and stream, ready to interleave with others. */
export const storable = <E extends { readonly _tag: string; readonly at: number }>(
  codec: EventStore.EventCodec<E>,
  streamIdOf: (event: E) => string,
  events: ReadonlyArray<E>,
): ReadonlyArray<StorableEvent> =>
  events.map((event) => ({ streamId: streamIdOf(event), at: event.at, encode: () => codec.encode(event) }))

/** Stores events in their streams, one append per event, in the given order, recorded at their `at`. */
export const appendStorable = (store: EventStore.Shape, events: ReadonlyArray<StorableEvent>) =>
  Effect.forEach(
    events,
    (event) => {
      const encoded = event.encode()
      const recorded: EventStore.NewEvent = {
        type: encoded.type,
        data: encoded.data,
        metadata: {
          eventId: `event-${++eventCounter}`,
          schemaVersion: encoded.schemaVersion,
          recordedAt: event.at,
        },
      }
      return store.append(event.streamId, [recorded], "any")
    },
    { discard: true },
  )
