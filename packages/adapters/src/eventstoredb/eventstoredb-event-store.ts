import { type EventData, EventStoreDBClient } from "@eventstore/db-client"
import { EventStore } from "@gridcase/core"
import { Effect, Layer, type Scope } from "effect"
import { acquireClient } from "./acquire-client.ts"
import type { EsdbClient } from "./esdb-client.ts"
import { type EsdbStoreOptions, makeEsdbEventStore } from "./esdb-event-store.ts"

/** The EventStoreDB client or connection string, and the stream-name namespace the store writes under. */
export interface EventStoreDbEventStoreOptions extends EsdbStoreOptions {
  /**
   * A client to run on (the store never disposes it), or a connection string such as
   * `esdb://localhost:2113?tls=false` (the store owns its client and disposes it with the scope).
   */
  readonly connection: EventStoreDBClient | string
}

/** `@eventstore/db-client` 6.x as the store sees it. */
const asEsdbClient = (client: EventStoreDBClient): EsdbClient => ({
  name: "eventstoredb",
  appendToStream: (streamName, events, expectedRevision) =>
    // Payloads are any JSON value; the client's type narrows them to objects, arrays and strings.
    client.appendToStream(streamName, events as Array<EventData>, { expectedRevision }),
  readStream: (streamName, options) => client.readStream(streamName, options),
  // Its readAll takes no filter: the store filters what it receives.
  readAll: ({ fromPosition, maxCount }) => client.readAll({ fromPosition, maxCount }),
  subscribeToAll: (options) => client.subscribeToAll(options),
})

/**
 * The EventStoreDB event store (EventStoreDB 事件存储) on `@eventstore/db-client`, open for the
 * life of the scope. Needs EventStoreDB 22.10 or later (stream reads report positions).
 */
export const makeEventStoreDbEventStore = (
  options: EventStoreDbEventStoreOptions,
): Effect.Effect<EventStore.Shape, EventStore.StoreUnavailable, Scope.Scope> =>
  acquireClient("eventstoredb", options.connection, (url) => EventStoreDBClient.connectionString(url)).pipe(
    Effect.flatMap((client) => makeEsdbEventStore(asEsdbClient(client), options)),
  )

/** The EventStoreDB event store: `EventStoreDbEventStore.layer(options)` provides it. */
export const EventStoreDbEventStore = {
  /** Provides core's `EventStore` backed by EventStoreDB for the life of the layer. */
  layer: (options: EventStoreDbEventStoreOptions) =>
    Layer.effect(EventStore.EventStore)(makeEventStoreDbEventStore(options)),
} as const
