import { Context, Layer } from "effect"
import type { Instant } from "../shared/instant.ts"

/** A source of business time: what the `BusinessClock` service provides. */
export interface ClockShape {
  /** The current moment, in epoch milliseconds. */
  readonly now: () => Instant
}

/**
 * Where business time comes from (the `recordedAt` of every event). The command handler
 * reads it once per command; deciders never do — time reaches them inside the command.
 *
 * This is deliberately not Effect's own `Clock`: that one also drives `Effect.sleep` and
 * retry schedules, so pinning the business time in a test must not freeze the handler's
 * conflict backoff (and the reverse).
 */
export class BusinessClock extends Context.Service<BusinessClock, ClockShape>()(
  "@gridcase/core/BusinessClock",
) {
  /** Wall-clock time of the machine. */
  static readonly system: Layer.Layer<BusinessClock> = Layer.succeed(
    BusinessClock,
    BusinessClock.of({ now: () => Date.now() }),
  )
}

/** A clock that moves only when told to: for tests and replays. */
export interface FixedClock extends ClockShape {
  /** Jumps to `at` (backwards too, to model a skewed machine). */
  readonly set: (at: Instant) => void
  /** Moves forward by `milliseconds` (a non-negative integer). */
  readonly advance: (milliseconds: number) => void
  /** Provides this very clock, so a test can keep moving it while the program runs. */
  readonly layer: Layer.Layer<BusinessClock>
}

const assertInstant = (value: number, what: string): void => {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative integer of milliseconds, got ${value}`)
  }
}

/** Makes a {@link FixedClock} showing `start`; it throws a `RangeError` on a non-instant. */
export const makeFixedClock = (start: Instant): FixedClock => {
  assertInstant(start, "start")
  let current = start
  const clock: Omit<FixedClock, "layer"> = {
    now: () => current,
    set: (at) => {
      assertInstant(at, "at")
      current = at
    },
    advance: (milliseconds) => {
      assertInstant(milliseconds, "advance")
      assertInstant(current + milliseconds, "the advanced time")
      current += milliseconds
    },
  }
  return { ...clock, layer: Layer.succeed(BusinessClock, BusinessClock.of(clock)) }
}
