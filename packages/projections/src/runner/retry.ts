import type { EventStore } from "@gridcase/core"
import { Clock, Duration, Effect, Option, Pull, Schedule } from "effect"
import type { ProjectionError, ReadModelStoreUnavailable } from "../projection/errors.ts"

/**
 * How the runner rides out a store that is gone for a while (重试): a database restarting, a
 * dropped connection, a pool run dry. A projection that meets such an error waits and tries
 * again from its durable checkpoint instead of failing, its status saying "retrying". Waits
 * grow exponentially from `baseDelay`, each jittered by ±20% (so many projections do not come
 * back at the same instant) and never longer than `maxDelay`.
 */
export interface RetryPolicy {
  /** The wait before the first retry; each later one waits twice as long. Defaults to 100 ms. */
  readonly baseDelay?: Duration.Input
  /** The longest wait between two tries. Defaults to 10 seconds. */
  readonly maxDelay?: Duration.Input
  /**
   * How many tries in a row may fail with a transient error before the projection fails with
   * the last one. The try that failed first counts, so 1 never retries. A try that commits a
   * batch or reaches the live phase starts the count over. Defaults to "forever": a failed
   * projection only comes back through `rebuild` or a restart, while a retrying one comes
   * back by itself once the store does, and says meanwhile in its status that it is retrying.
   */
  readonly maxAttempts?: number | "forever"
}

/** How a projection waits out an unreachable store unless told otherwise: 100 ms doubling up to 10 s, forever. */
export const DEFAULT_RETRY_POLICY = {
  baseDelay: "100 millis",
  maxDelay: "10 seconds",
  maxAttempts: "forever",
} as const satisfies RetryPolicy

/** The errors a retry can cure: the stores were unreachable, not wrong. */
export type TransientError = EventStore.StoreUnavailable | ReadModelStoreUnavailable

/**
 * Whether retrying can cure the error. An undecodable event or a throwing handler fails again
 * on the same event, and a checkpoint conflict means another process owns the projection: those
 * stop it at once.
 */
export const isTransient = (error: ProjectionError): error is TransientError =>
  error._tag === "StoreUnavailable" || error._tag === "ReadModelStoreUnavailable"

const positiveDuration = (input: Duration.Input): Duration.Duration | undefined => {
  const duration = Option.getOrUndefined(Duration.fromInput(input))
  return duration !== undefined && Duration.isFinite(duration) && Duration.isPositive(duration)
    ? duration
    : undefined
}

/**
 * The backoff schedule of a policy (exponential, jittered, capped, limited to
 * `maxAttempts - 1` retries), or the problems that keep it from being one.
 */
export const retrySchedule = (
  policy: RetryPolicy = {},
):
  | { readonly schedule: Schedule.Schedule<Duration.Duration> }
  | { readonly problems: ReadonlyArray<string> } => {
  const { baseDelay, maxDelay, maxAttempts } = { ...DEFAULT_RETRY_POLICY, ...policy }
  const base = positiveDuration(baseDelay)
  const cap = positiveDuration(maxDelay)
  const problems = [
    ...(base === undefined ? [`retry.baseDelay must be a positive duration, got ${String(baseDelay)}`] : []),
    ...(cap === undefined ? [`retry.maxDelay must be a positive duration, got ${String(maxDelay)}`] : []),
    ...(base !== undefined && cap !== undefined && Duration.isLessThan(cap, base)
      ? [
          `retry.maxDelay (${Duration.format(cap)}) must not be below retry.baseDelay (${Duration.format(base)})`,
        ]
      : []),
    ...(maxAttempts !== "forever" && (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1)
      ? [`retry.maxAttempts must be a positive integer or "forever", got ${String(maxAttempts)}`]
      : []),
  ]
  if (problems.length > 0 || base === undefined || cap === undefined) return { problems }
  // Jitter before the cap, so that no wait is ever longer than maxDelay.
  const delays = Schedule.exponential(base).pipe(
    Schedule.jittered,
    Schedule.modifyDelay(({ duration }) => Effect.succeed(Duration.min(duration, cap))),
  )
  return {
    schedule: maxAttempts === "forever" ? delays : delays.pipe(Schedule.upTo({ times: maxAttempts - 1 })),
  }
}

/**
 * A schedule stepped by hand, so that its count can start over: the runner counts failed tries
 * in a row, and a projection that got going again must not inherit the waits of an outage long
 * past (a live projection may meet one outage a week for years).
 */
export interface Backoff {
  /** The wait before the next try, or undefined once the schedule gives up. */
  readonly next: Effect.Effect<Duration.Duration | undefined>
  /** Starts the count over: the next failure waits `baseDelay` again. */
  readonly reset: Effect.Effect<void>
}

export const makeBackoff = (schedule: Schedule.Schedule<Duration.Duration>): Effect.Effect<Backoff> =>
  Effect.gen(function* () {
    let step = yield* Schedule.toStep(schedule)
    return {
      next: Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Pull.matchEffect(step(now, undefined), {
          onSuccess: ([, delay]) => Effect.succeed<Duration.Duration | undefined>(delay),
          onFailure: Effect.failCause,
          onDone: () => Effect.succeed(undefined),
        }),
      ),
      reset: Effect.map(Schedule.toStep(schedule), (fresh) => {
        step = fresh
      }),
    }
  })
