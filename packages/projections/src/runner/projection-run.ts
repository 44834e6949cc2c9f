import type { EventStore } from "@gridcase/core"
import { Clock, type Duration, Effect, Result, type Schedule, Stream, SubscriptionRef } from "effect"
import { ProjectionCrashed, type ProjectionError } from "../projection/errors.ts"
import type { Projection } from "../projection/projection.ts"
import type { ReadModelStoreShape } from "../stores/read-model-store.ts"
import type { ProjectionLeasesShape } from "./leases.ts"
import { type BatchOutcome, openProjector, type Projector } from "./projector.ts"
import { isTransient, makeBackoff } from "./retry.ts"
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

/**
 * One run of a projection (a start or a rebuild) until it is stopped or fails, publishing its
 * status as it goes. Each try opens the projector, catches up from the checkpoint with
 * `readAll` pages, then follows live appends with `subscribe`. A try that fails with a
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
    const backoff = yield* makeBackoff(context.retry)
    /** The projector of the last try; a retry without leases rewinds it rather than opening another. */
    let projector: Projector | undefined
    let startedAt = yield* Clock.currentTimeMillis
    let processed = 0
    let head: number | undefined
    /** Tries failed in a row with a transient error. */
    let attempts = 0

    const statusNow = (phase: ProjectionPhase, error?: ProjectionError) =>
      Effect.map(Clock.currentTimeMillis, (now): ProjectionStatus => {
        const elapsed = now - startedAt
        return {
          projection: projection.name,
          phase,
          position: projector?.checkpoint().position ?? 0,
          head,
          processed,
          eventsPerSecond: elapsed > 0 ? (processed * 1000) / elapsed : 0,
          attempts,
          error,
        }
      })
    // The progress callback hears of a batch before anyone waiting on the status does.
    const publish = Effect.fnUntraced(function* (phase: ProjectionPhase, error?: ProjectionError) {
      // Not while retrying: the store that would answer is likely the one that is gone.
      if (phase !== "retrying" && context.headPosition !== undefined) head = yield* context.headPosition
      const current = yield* statusNow(phase, error)
      if (context.onProgress !== undefined) yield* context.onProgress(current)
      yield* SubscriptionRef.set(status, current)
    })
    /** A try got through (it committed, or went live): the next failure waits `baseDelay` again. */
    const recovered = Effect.suspend(() => {
      if (attempts === 0) return Effect.void
      attempts = 0
      return backoff.reset
    })

    /** Catches up, then follows live appends; ends only with an error (or an interruption). */
    const follow = (opened: Projector) =>
      Effect.gen(function* () {
        const counted = (outcome: BatchOutcome) =>
          Effect.andThen(
            Effect.sync(() => {
              processed += outcome.processed
            }),
            recovered,
          )
        // A page is folded, and a batch committed, as one uninterruptible step: a stop lands between them.
        const commit = Effect.tap(Effect.uninterruptible(opened.commit), counted)
        const fold = (batch: ReadonlyArray<EventStore.RecordedEvent>) =>
          Effect.tap(Effect.uninterruptible(opened.handle(batch)), counted)

        yield* publish("catchingUp")
        yield* Effect.gen(function* () {
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
              yield* publish("catchingUp")
            }
          }
          yield* commit
          // A stop while catching up still commits what was folded.
        }).pipe(Effect.onInterrupt(() => Effect.ignore(commit)))
        yield* recovered
        yield* publish("live")
        yield* context.events.subscribe({ ...projection.filter, after: opened.checkpoint().position }).pipe(
          Stream.runForEachArray((batch) =>
            Effect.andThen(
              fold(batch),
              Effect.flatMap(statusNow("live"), (current) => SubscriptionRef.set(status, current)),
            ),
          ),
        )
      })

    /** A fresh projector at the stored checkpoint; a try that is no retry also starts the progress count. */
    const open = (retry: boolean) =>
      Effect.gen(function* () {
        projector = yield* openProjector(projection, context.readModels)
        if (!retry) {
          startedAt = yield* Clock.currentTimeMillis
          processed = 0
        }
        return projector
      })

    /**
     * Runs tries until one ends without a transient error, waiting between them as the
     * backoff says and saying so in the status ("retrying", the count, the error).
     */
    const retrying = (attempt: (retry: boolean) => Effect.Effect<void, ProjectionError>) =>
      Effect.gen(function* () {
        attempts = 0
        yield* backoff.reset
        for (;;) {
          const result = yield* Effect.result(attempt(attempts > 0))
          if (Result.isSuccess(result)) return
          const error = result.failure
          if (!isTransient(error)) return yield* Effect.fail(error)
          attempts += 1
          const delay = yield* backoff.next
          if (delay === undefined) return yield* Effect.fail(error)
          yield* publish("retrying", error)
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
    const underLease = (leases: ProjectionLeasesShape) =>
      Effect.gen(function* () {
        for (;;) {
          yield* retrying((retry) =>
            Effect.scoped(
              Effect.gen(function* () {
                if (yield* leases.tryAcquire(projection.name)) yield* follow(yield* open(retry))
              }),
            ),
          ).pipe(Effect.catchTag("CheckpointConflict", () => Effect.void))
          yield* SubscriptionRef.update(status, (current) => ({
            ...current,
            phase: "standby" as const,
            attempts: 0,
            error: undefined,
          }))
          yield* Effect.sleep(context.standbyRetry)
        }
      })

    /** Without leases the projection is this process's alone: a retry rewinds its projector. */
    const alone = retrying((retry) =>
      Effect.flatMap(
        retry && projector !== undefined ? Effect.as(projector.rewind, projector) : open(retry),
        follow,
      ),
    )

    return yield* (context.leases === undefined ? alone : underLease(context.leases)).pipe(
      // A defect (a throwing progress callback, a driver bug) stops the projection visibly too.
      Effect.catchDefect((defect) =>
        Effect.fail(new ProjectionCrashed({ projection: projection.name, reason: describeDefect(defect) })),
      ),
      Effect.catch((error: ProjectionError) =>
        Effect.flatMap(statusNow("failed", error), (failed) => SubscriptionRef.set(status, failed)),
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
