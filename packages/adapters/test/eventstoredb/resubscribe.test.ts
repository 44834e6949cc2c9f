import { EventStore } from "@gridcase/core"
import { Clock, Effect, Fiber, Schedule, Stream } from "effect"
import { TestClock } from "effect/testing"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  type OpenSubscription,
  resubscribing,
  SubscriptionDropped,
} from "../../src/eventstoredb/resubscribe.ts"

const eventAt = (position: number): EventStore.RecordedEvent => ({
  streamId: "case-1",
  revision: position,
  position,
  type: "CaseNoted",
  data: null,
  metadata: { eventId: `e-${position}`, schemaVersion: 1, recordedAt: 0 },
})

/** One subscription of the fake source: how many events it delivers, and how it then stops. */
interface Attempt {
  readonly delivers: number
  /** Starts with the event at its checkpoint again, as a server that includes its start would. */
  readonly repeatsCheckpoint: boolean
  readonly ending: "silently" | "transient" | "fatal"
}

/**
 * A source over `events` whose subscriptions stop as `attempts` say; once they run out, the
 * last subscription delivers the rest and stays open. Records the checkpoint of every opening.
 */
const fakeSource = (events: ReadonlyArray<EventStore.RecordedEvent>, attempts: ReadonlyArray<Attempt>) => {
  const openedAfter: Array<number> = []
  const open: OpenSubscription = (after) => {
    const attempt = attempts[openedAfter.length]
    openedAfter.push(after)
    const from = events.filter((event) => event.position > after)
    if (attempt === undefined) return Stream.concat(Stream.fromIterable(from), Stream.never)
    const repeated = attempt.repeatsCheckpoint ? events.filter((event) => event.position === after) : []
    const delivered = Stream.fromIterable([...repeated, ...from.slice(0, attempt.delivers)])
    switch (attempt.ending) {
      case "silently":
        return delivered
      case "transient":
        return Stream.concat(delivered, Stream.fail(new SubscriptionDropped({ reason: "connection lost" })))
      case "fatal":
        return Stream.concat(
          delivered,
          Stream.fail(new EventStore.StoreUnavailable({ message: "access denied" })),
        )
    }
  }
  return { open, openedAfter }
}

const positions = fc
  .uniqueArray(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 40 })
  .map((list) => [...list].sort((a, b) => a - b))

const attempt = (ending: fc.Arbitrary<Attempt["ending"]>) =>
  fc.record({ delivers: fc.nat({ max: 6 }), repeatsCheckpoint: fc.boolean(), ending })

const immediately = Schedule.spaced("0 millis")

describe("resubscribing after drops", () => {
  it("delivers every event once, in order, resuming each time after the last one delivered", async () => {
    await fc.assert(
      fc.asyncProperty(
        positions,
        fc.array(attempt(fc.constantFrom("silently", "transient")), { maxLength: 8 }),
        async (list, attempts) => {
          const events = list.map(eventAt)
          const source = fakeSource(events, attempts)
          const seen = await Effect.runPromise(
            resubscribing(0, source.open, immediately).pipe(Stream.take(events.length), Stream.runCollect),
          )
          expect(seen).toEqual(events)
          const expectedCheckpoints = [0]
          let delivered = 0
          for (const { delivers } of attempts.slice(0, source.openedAfter.length - 1)) {
            delivered = Math.min(events.length, delivered + delivers)
            expectedCheckpoints.push(delivered === 0 ? 0 : events[delivered - 1]!.position)
          }
          expect(source.openedAfter).toEqual(expectedCheckpoints)
        },
      ),
    )
  })

  it("stops at an error that will not pass, after what was delivered, without reopening", async () => {
    const events = [1, 2, 3, 4].map(eventAt)
    const source = fakeSource(events, [
      { delivers: 1, repeatsCheckpoint: false, ending: "transient" },
      { delivers: 1, repeatsCheckpoint: false, ending: "fatal" },
    ])
    const seen: Array<number> = []
    const error = await Effect.runPromise(
      resubscribing(0, source.open, immediately).pipe(
        Stream.runForEach((event) => Effect.sync(() => seen.push(event.position))),
        Effect.flip,
      ),
    )
    expect(error).toMatchObject({ _tag: "StoreUnavailable", message: "access denied" })
    expect(seen).toEqual([1, 2])
    expect(source.openedAfter).toEqual([0, 1])
  })

  it("gives up as a StoreUnavailable once the schedule does", async () => {
    const source = fakeSource(
      [eventAt(1)],
      Array.from({ length: 5 }, () => ({
        delivers: 0,
        repeatsCheckpoint: false,
        ending: "transient" as const,
      })),
    )
    const error = await Effect.runPromise(
      resubscribing(0, source.open, Schedule.recurs(2)).pipe(Stream.runDrain, Effect.flip),
    )
    expect(error).toBeInstanceOf(EventStore.StoreUnavailable)
    expect(error.message).toBe("subscription dropped and not resumed: connection lost")
    expect(source.openedAfter).toEqual([0, 0, 0])
  })

  it("backs off between attempts, and starts the backoff over once events flow again", async () => {
    const openedAt: Array<number> = []
    const source = fakeSource([1, 2].map(eventAt), [
      { delivers: 0, repeatsCheckpoint: false, ending: "silently" },
      { delivers: 0, repeatsCheckpoint: false, ending: "transient" },
      { delivers: 0, repeatsCheckpoint: false, ending: "silently" },
      { delivers: 1, repeatsCheckpoint: false, ending: "silently" },
      { delivers: 0, repeatsCheckpoint: false, ending: "transient" },
    ])
    const timed: OpenSubscription = (after) =>
      Stream.unwrap(
        Clock.currentTimeMillis.pipe(
          Effect.map((now) => {
            openedAt.push(now)
            return source.open(after)
          }),
        ),
      )
    const program = Effect.gen(function* () {
      const fiber = yield* resubscribing(0, timed, Schedule.exponential("100 millis")).pipe(
        Stream.take(2),
        Stream.runCollect,
        Effect.forkChild,
      )
      yield* TestClock.adjust("1 minute")
      return yield* Fiber.join(fiber)
    })
    const seen = await Effect.runPromise(program.pipe(Effect.provide(TestClock.layer())))
    expect(seen.map((event) => event.position)).toEqual([1, 2])
    // 100, 200, 400 ms; then an event arrives, and the next drops wait 100 and 200 ms again.
    expect(openedAt).toEqual([0, 100, 300, 700, 800, 1000])
  })
})
