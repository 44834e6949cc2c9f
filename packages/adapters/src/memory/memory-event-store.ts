import { EventStore } from "@gridcase/core"
import { Effect, Layer, Result } from "effect"
import { ChangeSignal } from "../shared/change-signal.ts"
import { classifyAppend } from "../shared/idempotency.ts"
import { DEFAULT_PAGE_SIZE, type TailPage, tailEvents } from "../shared/tail.ts"
import type { MemoryInlineProjection } from "./inline.ts"

/** Options of the in-memory event store (for tests and demos: nothing outlives the process). */
export interface MemoryEventStoreOptions {
  /**
   * Read models kept in step with every append (内联投影), in this order. An append one of
   * them cannot fold fails with `StoreUnavailable` naming it, and stores nothing.
   */
  readonly inline?: ReadonlyArray<MemoryInlineProjection>
}

/** Works out every inline projection's change, or names the first that cannot fold the events. */
const prepareInline = (
  inline: ReadonlyArray<MemoryInlineProjection>,
  events: ReadonlyArray<EventStore.RecordedEvent>,
): Result.Result<ReadonlyArray<() => void>, EventStore.StoreUnavailable> => {
  const steps: Array<() => void> = []
  for (const projection of inline) {
    try {
      steps.push(projection.prepare(events))
    } catch (error) {
      return Result.fail(
        new EventStore.StoreUnavailable({
          message: `memory: inline projection ${projection.name} failed: ${error instanceof Error ? error.message : String(error)}`,
          cause: error,
        }),
      )
    }
  }
  return Result.succeed(steps)
}

/** What a memory store holds, laid out as `makeMemoryEventStore` says. */
interface MemoryLog {
  readonly inline: ReadonlyArray<MemoryInlineProjection>
  readonly log: Array<EventStore.RecordedEvent>
  readonly streams: Map<string, Array<EventStore.RecordedEvent>>
  readonly byEventId: Map<string, EventStore.RecordedEvent>
  readonly changes: ChangeSignal
}

/** The events after `after` that pass `filter`, at most `maxCount`, and how far the scan went. */
const scan = (
  memory: MemoryLog,
  after: number,
  filter: EventStore.EventFilter,
  maxCount: number,
): TailPage => {
  const { log } = memory
  const events: Array<EventStore.RecordedEvent> = []
  let index = Math.max(0, Math.floor(after))
  while (index < log.length && events.length < maxCount) {
    const event = log[index++]!
    if (EventStore.matchesFilter(filter, event)) events.push(event)
  }
  return { events, checkpoint: Math.max(after, index) }
}

const readStream = (
  memory: MemoryLog,
  streamId: string,
  options: EventStore.ReadStreamOptions,
): ReadonlyArray<EventStore.RecordedEvent> => {
  const stream = memory.streams.get(streamId) ?? []
  const maxCount = Math.max(0, options.maxCount ?? stream.length)
  if (options.direction === "backwards") {
    const end = Math.min(stream.length, options.fromRevision ?? stream.length)
    return stream.slice(Math.max(0, end - maxCount), Math.max(0, end)).reverse()
  }
  const start = Math.max(0, (options.fromRevision ?? 1) - 1)
  return stream.slice(start, start + maxCount)
}

/** The events of an append as they will be recorded: after the stream's `version` and the log's end. */
const toRecorded = (
  memory: MemoryLog,
  streamId: string,
  version: number,
  events: ReadonlyArray<EventStore.NewEvent>,
): Array<EventStore.RecordedEvent> =>
  events.map(
    (event, index): EventStore.RecordedEvent => ({
      streamId,
      revision: version + index + 1,
      position: memory.log.length + index + 1,
      type: event.type,
      data: event.data,
      metadata: event.metadata,
    }),
  )

/** Stores the recorded events in the log, their stream (`stream`, registered if new) and the id index. */
const keep = (
  memory: MemoryLog,
  streamId: string,
  stream: Array<EventStore.RecordedEvent>,
  appended: ReadonlyArray<EventStore.RecordedEvent>,
): void => {
  if (appended.length > 0 && stream.length === 0) memory.streams.set(streamId, stream)
  for (const recorded of appended) {
    memory.log.push(recorded)
    stream.push(recorded)
    memory.byEventId.set(recorded.metadata.eventId, recorded)
  }
}

/**
 * An append, run without interleaving: a retry answers from the id index, a version that does
 * not hold fails, and the inline projections' changes are worked out before anything is
 * stored, so a projection that cannot fold the events leaves the store as it was.
 */
const append = (
  memory: MemoryLog,
  streamId: string,
  events: ReadonlyArray<EventStore.NewEvent>,
  expected: EventStore.ExpectedVersion,
): Effect.Effect<EventStore.AppendResult, EventStore.AppendError> => {
  const retry = classifyAppend(
    streamId,
    events.map((event) => event.metadata.eventId),
    (eventId) => memory.byEventId.get(eventId),
  )
  if (Result.isFailure(retry)) return Effect.fail(retry.failure)
  if (retry.success !== undefined) return Effect.succeed(retry.success)
  const stream = memory.streams.get(streamId) ?? []
  const version = stream.length
  if (!EventStore.satisfies(expected, version)) {
    return Effect.fail(new EventStore.WrongExpectedVersion({ streamId, expected, actual: version }))
  }
  const appended = toRecorded(memory, streamId, version, events)
  const inlineSteps = appended.length === 0 ? Result.succeed([]) : prepareInline(memory.inline, appended)
  if (Result.isFailure(inlineSteps)) return Effect.fail(inlineSteps.failure)
  keep(memory, streamId, stream, appended)
  for (const step of inlineSteps.success) step()
  if (appended.length > 0) memory.changes.notify()
  const result: EventStore.AppendResult = {
    nextExpectedVersion: stream.length,
    lastPosition: stream.at(-1)?.position ?? 0,
  }
  return Effect.succeed(result)
}

/**
 * An event store (事件存储) held in process memory: for tests, demos and benchmarks.
 *
 * Layout keeps a million events cheap: one array of recorded events in position order
 * (position p sits at index p − 1), one array per stream holding references into it
 * (revision r at index r − 1), and an index from event id to event for idempotent retries.
 * JavaScript runs an append without interleaving, so an append is atomic by construction —
 * inline projections included, whose changes are worked out before anything is stored.
 * Payloads are stored by reference: callers must not mutate what they appended.
 */
export const makeMemoryEventStore = (options: MemoryEventStoreOptions = {}): EventStore.Shape => {
  const memory: MemoryLog = {
    inline: options.inline ?? [],
    log: [],
    streams: new Map(),
    byEventId: new Map(),
    changes: new ChangeSignal(),
  }
  return {
    readStream: (streamId, options = {}) => Effect.sync(() => readStream(memory, streamId, options)),
    append: (streamId, events, expected) => Effect.suspend(() => append(memory, streamId, events, expected)),
    readAll: (options = {}) =>
      Effect.sync(
        () => scan(memory, options.after ?? 0, options, options.maxCount ?? DEFAULT_PAGE_SIZE).events,
      ),
    subscribe: (options = {}) =>
      tailEvents({
        after: options.after ?? 0,
        readPage: (after) => Effect.sync(() => scan(memory, after, options, DEFAULT_PAGE_SIZE)),
        changes: memory.changes,
      }),
  }
}

/** The in-memory event store: `MemoryEventStore.layer` provides it, `makeMemoryEventStore()` makes the object. */
export const MemoryEventStore = {
  /** Provides core's `EventStore` with a fresh, empty memory store each time the layer is built. */
  layer: Layer.sync(EventStore.EventStore)(() => makeMemoryEventStore()),
} as const
