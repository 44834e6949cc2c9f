import type { EventStore } from "@gridcase/core"
import { Clock, type Duration, Effect, Result, type Schedule, SubscriptionRef } from "effect"
import { ProjectionCrashed, type ProjectionError } from "../projection/errors.ts"
import type { Projection } from "../projection/projection.ts"
import type { ReadModelStoreShape } from "../stores/read-model-store.ts"
import type { ProjectionLeasesShape } from "./leases.ts"
import { type BatchOutcome, openProjector, type Projector } from "./projector.ts"
import { type Backoff, isTransient, makeBackoff } from "./retry.ts"
import type { SharedFeed } from "./shared-feed.ts"
import type { ProjectionPhase, ProjectionStatus } from "./status.ts"

/** What every projection of a runner runs with: the stores, and the runner's options with their defaults. */
export interface RunContext {
  readonly events: EventStore.Shape
  readonly readModels: ReadModelStoreShape
  readonly batchSize: number
  readonly commitEvery: number
  /** The backoff between tries after a transient error (see `RetryPolicy`). */
  readonly retry: Schedule.Schedule<Duration.Duration>
  readonly onProgress: ((status: ProjectionStatus) => Effect.Effect<void>) | undefined
  readonly headPosition: Effect.Effect<number, EventStore.StoreUnavailable> | undefined
  readonly leases: ProjectionLeasesShape | undefined
  readonly standbyRetry: Duration.Input
  /** The runner's one tail of the store, which every live projection follows. */
  readonly feed: SharedFeed
}

export const initialStatus = (projection: Projection): ProjectionStatus => ({
  projection: projection.name,
  phase: "catchingUp",
  position: 0,
  head: undefined,
  processed: 0,
  eventsPerSecond: 0,
  attempts: 0,
  error: undefined,
})

const describeDefect = (defect: unknown): string =>
  defect instanceof Error ? defect.message : String(defect)

/** A run's state, passed to the functions below. */
interface Run {
  readonly context: RunContext
  readonly projection: Projection
  readonly status: SubscriptionRef.SubscriptionRef<ProjectionStatus>
  readonly backoff: Backoff
  /** The projector of the last try; a retry without leases rewinds it rather than opening another. */
  projector: Projector | undefined
  startedAt: number
  processed: number
  head: number | undefined
  /** Tries failed in a row with a transient error. */
  attempts: number
}

const statusNow = (run: Run, phase: ProjectionPhase, error?: ProjectionError) =>
  Effect.map(Clock.currentTimeMillis, (now): ProjectionStatus => {
    const elapsed = now - run.startedAt
    return {
      projection: run.projection.name,
      phase,
      position: run.projector?.checkpoint().position ?? 0,
      head: run.head,
      processed: run.processed,
      eventsPerSecond: elapsed > 0 ? (run.processed * 1000) / elapsed : 0,
      attempts: run.attempts,
      error,
    }
  })

/** Publishes the status; the progress callback hears of a batch before anyone waiting on the status does. */
const publish = Effect.fnUntraced(function* (run: Run, phase: ProjectionPhase, error?: ProjectionError) {
  const { context } = run
  // Not while retrying: the store that would answer is likely the one that is gone.
  if (phase !== "retrying" && context.headPosition !== undefined) run.head = yield* context.headPosition
  const current = yield* statusNow(run, phase, error)
  if (context.onProgress !== undefined) yield* context.onProgress(current)
  yield* SubscriptionRef.set(run.status, current)
})

/** A try got through (it committed, or went live): the next failure waits `baseDelay` again. */
const recovered = (run: Run) =>
  Effect.suspend(() => {
    if (run.attempts === 0) return Effect.void
    run.attempts = 0
    return run.backoff.reset
  })

/**
 * Reads pages from the projector's position and stages them, committing every
 * `commitEvery` events and once at the end. A stop while catching up still commits what was
 * folded.
 */
const catchUp = (run: Run, opened: Projector, commit: Effect.Effect<unknown, ProjectionError>) =>
  Effect.gen(function* () {
    const { context, projection } = run
    for (;;) {
      const page = yield* context.events.readAll({
        ...projection.filter,
        after: opened.reached(),
        maxCount: context.batchSize,
      })
      if (page.length === 0) break
      yield* Effect.uninterruptible(opened.stage(page))
      if (opened.staged() >= context.commitEvery) {
        yield* commit
        yield* publish(run, "catchingUp")
      }
    }
    yield* commit
  }).pipe(Effect.onInterrupt(() => Effect.ignore(commit)))

/**
 * Catches up on its own, then follows live appends on the runner's shared feed; ends only with
 * an error (or an interruption).
 */
const follow = (run: Run, opened: Projector) =>
  Effect.gen(function* () {
    const recover = recovered(run)
    const counted = (outcome: BatchOutcome) =>
      Effect.andThen(
        Effect.sync(() => {
          run.processed += outcome.processed
        }),
        recover,
      )
    // A page is folded, and a batch committed, as one uninterruptible step: a stop lands between them.
    const commit = Effect.tap(Effect.uninterruptible(opened.commit), counted)

    yield* publish(run, "catchingUp")
    yield* catchUp(run, opened, commit)
    yield* recover
    yield* publish(run, "live")
    return yield* run.context.feed.follow({
      projection: run.projection,
      projector: opened,
      committed: (outcome) =>
        Effect.andThen(
          counted(outcome),
          Effect.flatMap(statusNow(run, "live"), (current) => SubscriptionRef.set(run.status, current)),
        ),
    })
  })

/** A fresh projector at the stored checkpoint; a try that is no retry also starts the progress count. */
const open = (run: Run, retry: boolean) =>
  Effect.gen(function* () {
    const projector = yield* openProjector(run.projection, run.context.readModels)
    run.projector = projector
    if (!retry) {
      run.startedAt = yield* Clock.currentTimeMillis
      run.processed = 0
    }
    return projector
  })

/**
 * Runs tries until one ends without a transient error, waiting between them as the
 * backoff says and saying so in the status ("retrying", the count, the error).
 */
const retrying = (run: Run, attempt: (retry: boolean) => Effect.Effect<void, ProjectionError>) =>
  Effect.gen(function* () {
    run.attempts = 0
    yield* run.backoff.reset
    for (;;) {
      const result = yield* Effect.result(attempt(run.attempts > 0))
      if (Result.isSuccess(result)) return
      const error = result.failure
      if (!isTransient(error)) return yield* Effect.fail(error)
      run.attempts += 1
      const delay = yield* run.backoff.next
      if (delay === undefined) return yield* Effect.fail(error)
      yield* publish(run, "retrying", error)
      yield* Effect.sleep(delay)
    }
  })

/**
 * With leases, a projection runs only while this process holds its lease and stands by
 * otherwise, trying again every `standbyRetry`. A checkpoint conflict under a lease means
 * the lease lapsed unnoticed and another process moved on: back to standby, not failed. A
 * transient error gives the lease back (a lease kept in the database may have gone with
 * the connection): the retry takes it again, or finds another process holding it and
 * stands by, and opens the projector afresh, since whoever held the lease meanwhile may
 * have moved the checkpoint.
 */
const underLease = (run: Run, leases: ProjectionLeasesShape) =>
  Effect.gen(function* () {
    for (;;) {
      yield* retrying(run, (retry) =>
        Effect.scoped(
          Effect.gen(function* () {
            if (yield* leases.tryAcquire(run.projection.name)) yield* follow(run, yield* open(run, retry))
          }),
        ),
      ).pipe(Effect.catchTag("CheckpointConflict", () => Effect.void))
      yield* SubscriptionRef.update(run.status, (current) => ({
        ...current,
        phase: "standby" as const,
        attempts: 0,
        error: undefined,
      }))
      yield* Effect.sleep(run.context.standbyRetry)
    }
  })

/** Without leases the projection is this process's alone: a retry rewinds its projector. */
const alone = (run: Run) =>
  retrying(run, (retry) =>
    Effect.flatMap(
      retry && run.projector !== undefined
        ? Effect.as(run.projector.rewind, run.projector)
        : open(run, retry),
      (opened) => follow(run, opened),
    ),
  )

/**
 * One run of a projection (a start or a rebuild) until it is stopped or fails, publishing its
 * status as it goes. Each try opens the projector, catches up from the checkpoint with
 * `readAll` pages, then follows live appends on the runner's shared feed. A try that fails with a
 * transient store error is followed, after a backoff, by another from the durable checkpoint
 * (the projector rewound to it): what was staged and not committed is read and folded again,
 * what was committed is not. Any other error, or the backoff giving up, fails the run.
 */
export const runProjection = (
  context: RunContext,
  projection: Projection,
  status: SubscriptionRef.SubscriptionRef<ProjectionStatus>,
): Effect.Effect<void> =>
  Effect.gen(function* () {
    const run: Run = {
      context,
      projection,
      status,
      backoff: yield* makeBackoff(context.retry),
      projector: undefined,
      startedAt: yield* Clock.currentTimeMillis,
      processed: 0,
      head: undefined,
      attempts: 0,
    }
    return yield* (context.leases === undefined ? alone(run) : underLease(run, context.leases)).pipe(
      // A defect (a throwing progress callback, a driver bug) stops the projection visibly too.
      Effect.catchDefect((defect) =>
        Effect.fail(new ProjectionCrashed({ projection: projection.name, reason: describeDefect(defect) })),
      ),
      Effect.catch((error: ProjectionError) =>
        Effect.flatMap(statusNow(run, "failed", error), (failed) => SubscriptionRef.set(status, failed)),
      ),
      Effect.onInterrupt(() =>
        SubscriptionRef.update(status, (current) => ({
          ...current,
          phase: "stopped" as const,
          error: undefined,
        })),
      ),
    )
  })
