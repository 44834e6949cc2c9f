/**
 * The few calls the event store makes on an EventStoreDB client (`@eventstore/db-client`) or
 * on its successor KurrentDB's (`@kurrent/kurrentdb-client`), typed by their shape only. Both
 * clients speak the same gRPC protocol with the same numbers (0-based bigint revisions,
 * commit/prepare log positions); each subpath wraps its client in this interface, and the
 * mapping to the port — one implementation — lives in `esdb-event-store.ts`.
 */

/** A position in the transaction log (事务日志): byte offsets of the commit and prepare records. */
export interface LogPosition {
  readonly commit: bigint
  readonly prepare: bigint
}

/** Where a read of `$all` starts: the beginning, or a position (inclusive for reads, exclusive for subscriptions). */
export type LogReadPosition = "start" | LogPosition

/**
 * Expected revision of an append, in the clients' terms: a bigint is the 0-based revision of the
 * stream's last event. (EventStoreDB's client calls the option `expectedRevision`, KurrentDB's
 * `streamState`; the values are the same.)
 */
export type LogExpectedRevision = "any" | "no_stream" | "stream_exists" | bigint

/** An event to append: JSON data and JSON metadata under a UUID. */
export interface LogEventData {
  readonly id: string
  readonly contentType: "application/json"
  readonly type: string
  readonly data: unknown
  readonly metadata: Record<string, unknown>
}

/** An event as either client reads it back. */
export interface LogRecordedEvent {
  readonly streamId: string
  readonly id: string
  readonly revision: bigint
  readonly type: string
  readonly isJson: boolean
  readonly data: unknown
  readonly metadata: unknown
  /** Absent or zero from servers older than 22.10 on stream reads. */
  readonly position?: LogPosition | undefined
}

export interface LogResolvedEvent {
  readonly event?: LogRecordedEvent | undefined
}

/**
 * A server-side filter on `$all` (服务端过滤): by stream name or by event type, with either a
 * list of prefixes or a regular expression (.NET syntax, evaluated by the server).
 */
export type LogServerFilter =
  | {
      readonly filterOn: "streamName" | "eventType"
      readonly checkpointInterval: number
      readonly prefixes: Array<string>
    }
  | {
      readonly filterOn: "streamName" | "eventType"
      readonly checkpointInterval: number
      readonly regex: string
    }

export interface LogSubscription extends AsyncIterable<LogResolvedEvent> {
  readonly unsubscribe: () => Promise<void>
}

export interface EsdbClient {
  /** Names the server family in error messages: `eventstoredb` or `kurrentdb`. */
  readonly name: string
  readonly appendToStream: (
    streamName: string,
    events: ReadonlyArray<LogEventData>,
    expected: LogExpectedRevision,
  ) => Promise<{ readonly nextExpectedRevision: bigint }>
  /** Throws the client's stream-not-found error for a stream that was never written. */
  readonly readStream: (
    streamName: string,
    options: {
      readonly fromRevision: "start" | "end" | bigint
      readonly direction: "forwards" | "backwards"
      readonly maxCount: number
    },
  ) => AsyncIterable<LogResolvedEvent>
  /**
   * Reads `$all` forwards, narrowed by `filter` where the client can: KurrentDB's client
   * filters on the server; EventStoreDB's Node client 6.x reads `$all` unfiltered (only its
   * subscriptions take a filter). The store applies the exact filter to what it receives.
   */
  readonly readAll: (options: {
    readonly fromPosition: LogReadPosition
    readonly maxCount: number
    readonly filter: LogServerFilter
  }) => AsyncIterable<LogResolvedEvent>
  readonly subscribeToAll: (options: {
    readonly fromPosition: LogReadPosition
    readonly filter: LogServerFilter
  }) => LogSubscription
}
