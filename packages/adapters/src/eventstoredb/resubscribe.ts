import { EventStore } from "@gridcase/core"
import { Data, Effect, Schedule, Stream } from "effect"

/**
 * A subscription that stopped for a reason that may pass: the server closed it, the
 * connection went, a leader changed. Subscriptions to the server's `$all` do that at times,
 * sometimes without any error — the stream just ends.
 */
export class SubscriptionDropped extends Data.TaggedError("SubscriptionDropped")<{
  readonly reason: string
  readonly cause?: unknown
}> {}

/** Opens one subscription delivering events strictly after the checkpoint `after`. */
export type OpenSubscription = (
  after: number,
) => Stream.Stream<EventStore.RecordedEvent, SubscriptionDropped | EventStore.StoreUnavailable>

/**
 * The default pacing of resubscriptions: 100 ms, doubling up to 5 s, jittered so that many
 * subscribers do not return at once; for as long as the subscription keeps dropping.
 */
export const defaultResubscribeSchedule: Schedule.Schedule<unknown> = Schedule.min([
  Schedule.exponential("100 millis"),
  Schedule.spaced("5 seconds"),
]).pipe(Schedule.jittered)

/**
 * Keeps a subscription going (断线重订): whenever one drops, opens another after the last
 * event delivered, waiting as `schedule` says; the wait starts over once events flow again.
 * Events at or before the last delivered position are skipped, so a resubscription that
 * starts a little early repeats nothing. A `StoreUnavailable` (an error that will not pass)
 * ends the stream, and so does a drop once `schedule` gives up.
 */
export const resubscribing = (
  after: number,
  open: OpenSubscription,
  schedule: Schedule.Schedule<unknown> = defaultResubscribeSchedule,
): Stream.Stream<EventStore.RecordedEvent, EventStore.StoreUnavailable> =>
  Stream.suspend(() => {
    let delivered = after
    return Stream.suspend(() => open(delivered)).pipe(
      Stream.filter((event) => event.position > delivered),
      Stream.tap((event) =>
        Effect.sync(() => {
          delivered = event.position
        }),
      ),
      Stream.concat(Stream.fail(new SubscriptionDropped({ reason: "the server ended the subscription" }))),
      Stream.retry(
        schedule.pipe(
          Schedule.setInputType<SubscriptionDropped | EventStore.StoreUnavailable>(),
          Schedule.while(({ input }) => input._tag === "SubscriptionDropped"),
        ),
      ),
      Stream.catchTag("SubscriptionDropped", (dropped) =>
        Stream.fail(
          new EventStore.StoreUnavailable({
            message: `subscription dropped and not resumed: ${dropped.reason}`,
            cause: dropped.cause,
          }),
        ),
      ),
    )
  })
