import { EventStore } from "@gridcase/core"
import { type EventData, KurrentDBClient } from "@kurrent/kurrentdb-client"
import { Effect, Layer, type Scope } from "effect"
import { acquireClient } from "../eventstoredb/acquire-client.ts"
import type { EsdbClient } from "../eventstoredb/esdb-client.ts"
import { type EsdbStoreOptions, makeEsdbEventStore } from "../eventstoredb/esdb-event-store.ts"

/** The KurrentDB client or connection string, and the stream-name namespace the store writes under. */
export interface KurrentDbEventStoreOptions extends EsdbStoreOptions {
  /**
   * A client to run on (the store never disposes it), or a connection string such as
   * `kurrentdb://localhost:2113?tls=false` (the store owns its client and disposes it with the scope).
   */
  readonly connection: KurrentDBClient | string
}

/**
 * `@kurrent/kurrentdb-client` as the store sees it: the expected revision is called
 * `streamState`, and `readAll` filters on the server.
 */
const asEsdbClient = (client: KurrentDBClient): EsdbClient => ({
  name: "kurrentdb",
  appendToStream: (streamName, events, streamState) =>
    // Payloads are any JSON value; the client's type narrows them to objects, arrays and strings.
    client.appendToStream(streamName, events as Array<EventData>, { streamState }),
  readStream: (streamName, options) => client.readStream(streamName, options),
  readAll: (options) => client.readAll(options),
  subscribeToAll: (options) => client.subscribeToAll(options),
})

/**
 * The KurrentDB event store (KurrentDB 事件存储) on `@kurrent/kurrentdb-client`, open for the
 * life of the scope: the EventStoreDB store's mapping on EventStoreDB's successor, with
 * `$all` reads filtered by the server.
 */
export const makeKurrentDbEventStore = (
  options: KurrentDbEventStoreOptions,
): Effect.Effect<EventStore.Shape, EventStore.StoreUnavailable, Scope.Scope> =>
  acquireClient("kurrentdb", options.connection, (url) => KurrentDBClient.connectionString(url)).pipe(
    Effect.flatMap((client) => makeEsdbEventStore(asEsdbClient(client), options)),
  )

/** The KurrentDB event store: `KurrentDbEventStore.layer(options)` provides it. */
export const KurrentDbEventStore = {
  /** Provides core's `EventStore` backed by KurrentDB for the life of the layer. */
  layer: (options: KurrentDbEventStoreOptions) =>
    Layer.effect(EventStore.EventStore)(makeKurrentDbEventStore(options)),
} as const
