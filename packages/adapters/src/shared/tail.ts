import type { EventStore } from "@gridcase/core"
import { type Duration, Effect, Option, Stream } from "effect"
import type { ChangeSignal } from "./change-signal.ts"

/** The port's default `readAll` page size, also the page size a subscription reads with. */
export const DEFAULT_PAGE_SIZE = 1_000

/** One page read after a checkpoint, and how far the store was examined to produce it. */
export interface TailPage {
  readonly events: ReadonlyArray<EventStore.RecordedEvent>
  /**
   * The position up to which the store has been examined (at least the last event's
   * position). With a filter this runs ahead of the last matching event, so the next read
   * does not rescan rows the filter already rejected.
   */
  readonly checkpoint: number
}

export interface TailOptions {
  readonly after: number
  readonly readPage: (after: number) => Effect.Effect<TailPage, EventStore.StoreUnavailable>
  readonly changes: ChangeSignal
  /**
   * Re-read at least this often while idle, for appends the signal cannot see (another
   * process writing the same SQLite file, a PostgreSQL snapshot horizon that moved).
   * Without it the tail waits for the signal alone.
   */
  readonly pollInterval?: Duration.Input
}

/**
 * Catch up, then follow live (追赶后实时订阅), by paging forward from a checkpoint for ever.
 * Positions only grow and every read starts strictly after the last one delivered, so the
 * hand-over from catch-up to live can neither skip nor repeat an event.
 */
export const tailEvents = (
  options: TailOptions,
): Stream.Stream<EventStore.RecordedEvent, EventStore.StoreUnavailable> =>
  Stream.paginate(options.after, (cursor) =>
    Effect.gen(function* () {
      const wake = options.changes.next()
      const page = yield* options.readPage(cursor)
      if (page.events.length === 0 && page.checkpoint === cursor) {
        const signalled = Effect.promise(() => wake)
        yield* options.pollInterval === undefined
          ? signalled
          : Effect.race(signalled, Effect.sleep(options.pollInterval))
      }
      return [page.events, Option.some(page.checkpoint)] as const
    }),
  )
