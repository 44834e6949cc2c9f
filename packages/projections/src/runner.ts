import { EventStore, type RecordedEvent, type StoreUnavailable } from "@gridcase/core"
import { Clock, type Duration, Effect, Fiber, Option, type Scope, Stream, SubscriptionRef } from "effect"
import {
  type CheckpointConflict,
  InvalidProjectionDefinition,
  ProjectionCrashed,
  type ProjectionError,
  ProjectionStopped,
  type ReadModelStoreUnavailable,
  UnknownProjection,
} from "./errors.ts"
import type { ProjectionLeasesShape } from "./leases.ts"
import type { Projection } from "./projection.ts"
import { type BatchOutcome, openProjector, type Projector } from "./projector.ts"
import { ReadModelStore } from "./read-model-store.ts"
import type { ProjectionPhase, ProjectionStatus } from "./status.ts"

export interface ProjectionRunnerOptions {
  readonly projections: ReadonlyArray<Projection>
  /** Events read per page while catching up; defaults to 1,000. */
  readonly batchSize?: number
  /**
   * While catching up, how many events are folded between two commits (one transaction, one
   * checkpoint move); defaults to 20,000. A document that several of them change is written
   * once, which is most of a rebuild's cost on SQL stores. Memory holds the documents those
   * events touch, not the events; a crash folds them again. Live appends commit batch by batch.
   */
  readonly commitEvery?: number
  /** Told of every batch committed while catching up, and of the switch to live. */
  readonly onProgress?: (status: ProjectionStatus) => Effect.Effect<void>
  /**
   * The store's last position, for "position / head" in progress reports. The event-store
   * port has no such call, so pass one where the store can answer cheaply (SQL `max(position)`).
   */
  readonly headPosition?: Effect.Effect<number, StoreUnavailable>
  /**
   * Shares the projections among several runner processes: each runs only the projections
   * whose lease it holds and stands by for the others, taking over when their process dies.
   */
  readonly leases?: ProjectionLeasesShape
  /** How often a projection on standby tries to take its lease. Defaults to 1 second. */
  readonly standbyRetry?: Duration.Input
}

/** A set of projections running side by side, each in its own fiber with its own checkpoint. */
export interface ProjectionRunner {
  readonly status: Effect.Effect<ReadonlyArray<ProjectionStatus>>
  readonly statusOf: (projection: string) => Effect.Effect<ProjectionStatus, UnknownProjection>
  /**
   * Waits until the projection has folded every event up to `position` (read your own writes:
   * pass a handled command's `lastPosition`). Fails with the projection's error if it fails
   * first, or `ProjectionStopped` if it is stopped first. A projection declared with
   * `eventTypes` only moves its checkpoint on events of those types: wait for the position of
   * an event it reads.
   */
  readonly awaitPosition: (
    projection: string,
    position: number,
  ) => Effect.Effect<void, UnknownProjection | ProjectionError | ProjectionStopped>
  /**
   * Waits until the projection has caught up with history and follows live appends (serve
   * queries from a fresh process once this returns). Fails like `awaitPosition`.
   */
  readonly awaitLive: (
    projection: string,
  ) => Effect.Effect<void, UnknownProjection | ProjectionError | ProjectionStopped>
  /**
   * Stops one projection (after its current batch), drops its read model and rebuilds it from
   * position 0, while the others keep running. Returns once the rebuild has started; follow
   * it with `statusOf` or `awaitPosition`. Also restarts a projection that failed or stopped.
   */
  readonly rebuild: (
    projection: string,
  ) => Effect.Effect<void, UnknownProjection | CheckpointConflict | ReadModelStoreUnavailable>
  /** Graceful stop: each projection finishes and commits the batch it is in, then stops. */
  readonly stop: Effect.Effect<void>
}

interface Running {
  readonly projection: Projection
  readonly status: SubscriptionRef.SubscriptionRef<ProjectionStatus>
  fiber: Fiber.Fiber<void> | undefined
}

const initialStatus = (projection: Projection): ProjectionStatus => ({
  projection: projection.name,
  phase: "catchingUp",
  position: 0,
  head: undefined,
  processed: 0,
  eventsPerSecond: 0,
  error: undefined,
})

const describeDefect = (defect: unknown): string =>
  defect instanceof Error ? defect.message : String(defect)

const duplicateNames = (projections: ReadonlyArray<Projection>): ReadonlyArray<string> => {
  const seen = new Set<string>()
  const duplicates = new Set<string>()
  for (const { name } of projections) (seen.has(name) ? duplicates : seen).add(name)
  return [...duplicates]
}

/**
 * Starts the projection runner (投影运行器) in the current scope: every projection catches up
 * from its checkpoint with `readAll` pages, then follows live appends with `subscribe`; each
 * batch is folded and committed with its checkpoint atomically. Closing the scope stops the
 * runner gracefully, as `stop` does. One projection failing (an undecodable event, a stale
 * checkpoint) stops that projection only; its status says why.
 */
export const startProjectionRunner = Effect.fnUntraced(function* (
  options: ProjectionRunnerOptions,
): Effect.fn.Return<
  ProjectionRunner,
  InvalidProjectionDefinition,
  EventStore | ReadModelStore | Scope.Scope
> {
  const duplicates = duplicateNames(options.projections)
  if (duplicates.length > 0) {
    return yield* new InvalidProjectionDefinition({
      projection: duplicates.join(", "),
      problems: ["registered twice with one runner"],
    })
  }
  const events = yield* EventStore
  const readModels = yield* ReadModelStore
  const scope = yield* Effect.scope
  const batchSize = options.batchSize ?? 1_000
  const commitEvery = options.commitEvery ?? 20_000
  const badSizes = Object.entries({ batchSize, commitEvery }).filter(
    ([, size]) => !Number.isSafeInteger(size) || size < 1,
  )
  if (badSizes.length > 0) {
    return yield* new InvalidProjectionDefinition({
      projection: "*",
      problems: badSizes.map(([name, size]) => `${name} must be a positive integer, got ${size}`),
    })
  }

  const running = new Map<string, Running>()
  for (const projection of options.projections) {
    running.set(projection.name, {
      projection,
      status: yield* SubscriptionRef.make(initialStatus(projection)),
      fiber: undefined,
    })
  }

  const find = (name: string) => {
    const entry = running.get(name)
    return entry === undefined
      ? Effect.fail(new UnknownProjection({ projection: name }))
      : Effect.succeed(entry)
  }

  /** Catches up, then follows live appends; ends only with an error (or an interruption). */
  const follow = (entry: Running, opening: (projector: Projector) => void) =>
    Effect.gen(function* () {
      const opened = yield* openProjector(entry.projection, readModels)
      opening(opened)
      const startedAt = yield* Clock.currentTimeMillis
      let processed = 0
      let head: number | undefined

      const statusNow = Effect.fnUntraced(function* (phase: ProjectionPhase) {
        const elapsed = (yield* Clock.currentTimeMillis) - startedAt
        const status: ProjectionStatus = {
          projection: entry.projection.name,
          phase,
          position: opened.checkpoint().position,
          head,
          processed,
          eventsPerSecond: elapsed > 0 ? (processed * 1000) / elapsed : 0,
          error: undefined,
        }
        return status
      })
      // The progress callback hears of a batch before anyone waiting on the status does.
      const report = Effect.fnUntraced(function* (phase: ProjectionPhase) {
        if (options.headPosition !== undefined) head = yield* options.headPosition
        const status = yield* statusNow(phase)
        if (options.onProgress !== undefined) yield* options.onProgress(status)
        yield* SubscriptionRef.set(entry.status, status)
      })
      const counted = (outcome: BatchOutcome) =>
        Effect.sync(() => {
          processed += outcome.processed
        })
      // A page is folded, and a batch committed, as one uninterruptible step: a stop lands between them.
      const commit = Effect.tap(Effect.uninterruptible(opened.commit), counted)
      const fold = (batch: ReadonlyArray<RecordedEvent>) =>
        Effect.tap(Effect.uninterruptible(opened.handle(batch)), counted)

      yield* report("catchingUp")
      yield* Effect.gen(function* () {
        for (;;) {
          const page = yield* events.readAll({
            ...entry.projection.filter,
            after: opened.reached(),
            maxCount: batchSize,
          })
          if (page.length === 0) break
          yield* Effect.uninterruptible(opened.stage(page))
          if (opened.staged() >= commitEvery) {
            yield* commit
            yield* report("catchingUp")
          }
        }
        yield* commit
        // A stop while catching up still commits what was folded.
      }).pipe(Effect.onInterrupt(() => Effect.ignore(commit)))
      yield* report("live")
      yield* events.subscribe({ ...entry.projection.filter, after: opened.checkpoint().position }).pipe(
        Stream.runForEachArray((batch) =>
          Effect.andThen(
            fold(batch),
            Effect.flatMap(statusNow("live"), (status) => SubscriptionRef.set(entry.status, status)),
          ),
        ),
      )
    })

  /**
   * With leases, a projection runs only while this process holds its lease and stands by
   * otherwise, trying again every `standbyRetry`. A checkpoint conflict under a lease means
   * the lease lapsed unnoticed and another process moved on: back to standby, not failed.
   */
  const underLease = (
    entry: Running,
    leases: ProjectionLeasesShape,
    followed: Effect.Effect<void, ProjectionError>,
  ) =>
    Effect.gen(function* () {
      for (;;) {
        yield* Effect.scoped(
          Effect.gen(function* () {
            if (yield* leases.tryAcquire(entry.projection.name)) yield* followed
          }),
        ).pipe(Effect.catchTag("CheckpointConflict", () => Effect.void))
        yield* SubscriptionRef.update(entry.status, (status) => ({ ...status, phase: "standby" as const }))
        yield* Effect.sleep(options.standbyRetry ?? "1 second")
      }
    })

  const run = (entry: Running) => {
    let projector: Projector | undefined
    const followed = follow(entry, (opened) => {
      projector = opened
    })
    return (options.leases === undefined ? followed : underLease(entry, options.leases, followed)).pipe(
      // A defect (a throwing progress callback, a driver bug) stops the projection visibly too.
      Effect.catchDefect((defect) =>
        Effect.fail(
          new ProjectionCrashed({ projection: entry.projection.name, reason: describeDefect(defect) }),
        ),
      ),
      Effect.catch((error: ProjectionError) =>
        SubscriptionRef.update(entry.status, (status) => ({
          ...status,
          phase: "failed" as const,
          position: projector?.checkpoint().position ?? status.position,
          error,
        })),
      ),
      Effect.onInterrupt(() =>
        SubscriptionRef.update(entry.status, (status) => ({ ...status, phase: "stopped" as const })),
      ),
    )
  }

  const start = (entry: Running) =>
    Effect.gen(function* () {
      yield* SubscriptionRef.set(entry.status, initialStatus(entry.projection))
      entry.fiber = yield* Effect.forkIn(run(entry), scope)
    })

  const halt = (entry: Running) =>
    Effect.gen(function* () {
      const fiber = entry.fiber
      entry.fiber = undefined
      if (fiber !== undefined) yield* Fiber.interrupt(fiber)
    })

  /** Waits for a status that satisfies `reached`; a failure or a stop before it ends the wait. */
  const awaitStatus = (name: string, reached: (status: ProjectionStatus) => boolean) =>
    Effect.gen(function* () {
      const entry = yield* find(name)
      const last = yield* SubscriptionRef.changes(entry.status).pipe(
        Stream.takeUntil(
          (status) => reached(status) || status.phase === "failed" || status.phase === "stopped",
        ),
        Stream.runLast,
      )
      const status = Option.getOrUndefined(last)
      if (status === undefined || reached(status)) return
      if (status.error !== undefined) return yield* Effect.fail(status.error)
      return yield* new ProjectionStopped({ projection: name, position: status.position })
    })

  for (const entry of running.values()) yield* start(entry)

  return {
    status: Effect.forEach([...running.values()], (entry) => SubscriptionRef.get(entry.status)),
    statusOf: (name) => Effect.flatMap(find(name), (entry) => SubscriptionRef.get(entry.status)),
    awaitPosition: (name, position) => awaitStatus(name, (status) => status.position >= position),
    awaitLive: (name) => awaitStatus(name, (status) => status.phase === "live"),
    rebuild: (name) =>
      Effect.gen(function* () {
        const entry = yield* find(name)
        yield* halt(entry)
        const stored = yield* readModels.checkpoint(name)
        yield* readModels.reset(name, entry.projection.version, stored)
        yield* start(entry)
      }),
    stop: Effect.forEach([...running.values()], halt, { discard: true, concurrency: "unbounded" }),
  }
})
