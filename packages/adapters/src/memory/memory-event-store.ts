import { EventStore } from "@gridcase/core"
import { Effect, Layer, Result } from "effect"
import { ChangeSignal } from "../shared/change-signal.ts"
import { classifyAppend } from "../shared/idempotency.ts"
import { DEFAULT_PAGE_SIZE, type TailPage, tailEvents } from "../shared/tail.ts"
import type { MemoryInlineProjection } from "./inline.ts"

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
  const inline = options.inline ?? []
  const log: Array<EventStore.RecordedEvent> = []
  const streams = new Map<string, Array<EventStore.RecordedEvent>>()
  const byEventId = new Map<string, EventStore.RecordedEvent>()
  const changes = new ChangeSignal()

  const scan = (after: number, filter: EventStore.EventFilter, maxCount: number): TailPage => {
    const events: Array<EventStore.RecordedEvent> = []
    let index = Math.max(0, Math.floor(after))
    while (index < log.length && events.length < maxCount) {
      const event = log[index++]!
      if (EventStore.matchesFilter(filter, event)) events.push(event)
    }
    return { events, checkpoint: Math.max(after, index) }
  }

  return {
    readStream: (streamId, options = {}) =>
      Effect.sync(() => {
        const stream = streams.get(streamId) ?? []
        const maxCount = Math.max(0, options.maxCount ?? stream.length)
        if (options.direction === "backwards") {
          const end = Math.min(stream.length, options.fromRevision ?? stream.length)
          return stream.slice(Math.max(0, end - maxCount), Math.max(0, end)).reverse()
        }
        const start = Math.max(0, (options.fromRevision ?? 1) - 1)
        return stream.slice(start, start + maxCount)
      }),

    append: (streamId, events, expected) =>
      Effect.suspend((): Effect.Effect<EventStore.AppendResult, EventStore.AppendError> => {
        const retry = classifyAppend(
          streamId,
          events.map((event) => event.metadata.eventId),
          (eventId) => byEventId.get(eventId),
        )
        if (Result.isFailure(retry)) return Effect.fail(retry.failure)
        if (retry.success !== undefined) return Effect.succeed(retry.success)
        const stream = streams.get(streamId) ?? []
        const version = stream.length
        if (!EventStore.satisfies(expected, version)) {
          return Effect.fail(new EventStore.WrongExpectedVersion({ streamId, expected, actual: version }))
        }
        const appended = events.map(
          (event, index): EventStore.RecordedEvent => ({
            streamId,
            revision: version + index + 1,
            position: log.length + index + 1,
            type: event.type,
            data: event.data,
            metadata: event.metadata,
          }),
        )
        const inlineSteps = appended.length === 0 ? Result.succeed([]) : prepareInline(inline, appended)
        if (Result.isFailure(inlineSteps)) return Effect.fail(inlineSteps.failure)
        if (appended.length > 0 && stream.length === 0) streams.set(streamId, stream)
        for (const recorded of appended) {
          log.push(recorded)
          stream.push(recorded)
          byEventId.set(recorded.metadata.eventId, recorded)
        }
        for (const step of inlineSteps.success) step()
        if (appended.length > 0) changes.notify()
        const result: EventStore.AppendResult = {
          nextExpectedVersion: stream.length,
          lastPosition: stream.at(-1)?.position ?? 0,
        }
        return Effect.succeed(result)
      }),

    readAll: (options = {}) =>
      Effect.sync(() => scan(options.after ?? 0, options, options.maxCount ?? DEFAULT_PAGE_SIZE).events),

    subscribe: (options = {}) =>
      tailEvents({
        after: options.after ?? 0,
        readPage: (after) => Effect.sync(() => scan(after, options, DEFAULT_PAGE_SIZE)),
        changes,
      }),
  }
}

export const MemoryEventStore = {
  /** Provides core's `EventStore` with a fresh, empty memory store each time the layer is built. */
  layer: Layer.sync(EventStore.EventStore)(() => makeMemoryEventStore()),
} as const
