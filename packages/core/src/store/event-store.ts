import { Context, type Effect, type Stream } from "effect"
import type { AppendError, StoreUnavailable } from "./errors.ts"
import type { ExpectedVersion } from "./expected-version.ts"
import type { NewEvent, RecordedEvent } from "./recorded-event.ts"

/** Which part of one stream to read: a direction, where to start, how many. */
export interface ReadStreamOptions {
  /** First revision to return (inclusive). Defaults to the start (forwards) or the end (backwards). */
  readonly fromRevision?: number
  readonly direction?: "forwards" | "backwards"
  readonly maxCount?: number
}

/** Selects events across streams. Both filters are optional and combine with AND. */
export interface EventFilter {
  readonly types?: ReadonlyArray<string>
  readonly streamPrefix?: string
}

/** A page of every stream's events in global order: after which position, how many, which streams or types. */
export interface ReadAllOptions extends EventFilter {
  /** Return events with a position strictly greater than this checkpoint. Defaults to 0. */
  readonly after?: number
  /** Page size; defaults to 1,000. Callers page by passing the last position back as `after`. */
  readonly maxCount?: number
}

/** Live events in global order from after a position, filtered as `readAll` is. */
export interface SubscribeOptions extends EventFilter {
  /** Catch up from this checkpoint (exclusive), then follow live appends. Defaults to 0. */
  readonly after?: number
}

/** What an append answers: the stream's next expected version, and the global position of its last event. */
export interface AppendResult {
  /** The stream's version after the append: pass it as the next expected version. */
  readonly nextExpectedVersion: number
  /** Global position of the last event appended. */
  readonly lastPosition: number
}

/**
 * The event-store port (事件存储). Every adapter — memory, SQLite, PostgreSQL, EventStoreDB —
 * implements exactly this and passes the shared contract suite in `@gridcase/adapters`.
 *
 * Promises: an append is atomic (all events or none); a retried append whose event ids were
 * all stored already returns the original result without duplicating; `readAll` and
 * `subscribe` deliver events in position order with no gaps that later fill in (a reader
 * that has seen position p never later meets an event below p).
 */
export interface EventStoreShape {
  readonly readStream: (
    streamId: string,
    options?: ReadStreamOptions,
  ) => Effect.Effect<ReadonlyArray<RecordedEvent>, StoreUnavailable>
  readonly append: (
    streamId: string,
    events: ReadonlyArray<NewEvent>,
    expected: ExpectedVersion,
  ) => Effect.Effect<AppendResult, AppendError>
  readonly readAll: (
    options?: ReadAllOptions,
  ) => Effect.Effect<ReadonlyArray<RecordedEvent>, StoreUnavailable>
  readonly subscribe: (options?: SubscribeOptions) => Stream.Stream<RecordedEvent, StoreUnavailable>
}

/** The event store service (事件存储): provide a `Shape` from an adapter (`MemoryEventStore.layer`, `SqliteEventStore.layer(…)`, …). */
export class EventStore extends Context.Service<EventStore, EventStoreShape>()("@gridcase/core/EventStore") {}

/** Whether a recorded event passes a filter; adapters that filter in memory share this. */
export const matchesFilter = (filter: EventFilter, event: RecordedEvent): boolean =>
  (filter.types === undefined || filter.types.includes(event.type)) &&
  (filter.streamPrefix === undefined || event.streamId.startsWith(filter.streamPrefix))
