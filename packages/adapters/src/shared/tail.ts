import type { EventStore } from "@gridcase/core"
import { Duration, Effect, Option, Stream } from "effect"
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
  /**
   * Whether events already committed after `checkpoint` could not be shown yet (PostgreSQL:
   * they wait behind the read horizon, an older transaction — possibly unrelated — still
   * running). Their commit was announced already, so the tail reads again soon
   * (`BEHIND_RETRY`) instead of waiting for a change that will not come.
   */
  readonly behind?: boolean
}

/**
 * How soon a tail reads again after a page that left committed events behind the horizon
 * (本地设定, a local setting): the horizon moves when the older transaction ends, usually within
 * milliseconds, and nothing announces it.
 */
export const BEHIND_RETRY = Duration.millis(10)

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
 *
 * A short page (fewer than `DEFAULT_PAGE_SIZE` events) held everything the store could show
 * after the cursor, so the tail waits for the next change (or the poll interval) before
 * reading again, even if the read moved its checkpoint on: reading again at once would find
 * nothing, and on a busy PostgreSQL (whose horizon moves with every commit in the cluster)
 * it doubled the reads of every live subscription (bench/findings.md, finding 16).
 */
export const tailEvents = (
  options: TailOptions,
): Stream.Stream<EventStore.RecordedEvent, EventStore.StoreUnavailable> => {
  const changed = (wake: Promise<void>, behind: boolean) => {
    const signalled = Effect.promise(() => wake)
    const within = behind ? BEHIND_RETRY : options.pollInterval
    return within === undefined ? signalled : Effect.race(signalled, Effect.sleep(within))
  }
  // The state: where to read from, and the wake-up to wait for first when the last page was short.
  return Stream.paginate(
    { cursor: options.after, waitFor: undefined as Promise<void> | undefined, behind: false },
    ({ cursor, waitFor, behind }) =>
      Effect.gen(function* () {
        if (waitFor !== undefined) yield* changed(waitFor, behind)
        const wake = options.changes.next()
        const page = yield* options.readPage(cursor)
        const short = page.events.length < DEFAULT_PAGE_SIZE
        return [
          page.events,
          Option.some({
            cursor: page.checkpoint,
            waitFor: short ? wake : undefined,
            behind: page.behind === true,
          }),
        ] as const
      }),
  )
}
