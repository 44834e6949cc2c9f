import { EventStore } from "@gridcase/core"
import { type Duration, Effect, Fiber, Option, type Scope, Stream, SubscriptionRef } from "effect"
import {
  type CheckpointConflict,
  InvalidProjectionDefinition,
  type ProjectionError,
  ProjectionStopped,
  type ReadModelStoreUnavailable,
  UnknownProjection,
} from "../projection/errors.ts"
import type { Projection } from "../projection/projection.ts"
import { ReadModelStore } from "../stores/read-model-store.ts"
import type { ProjectionLeasesShape } from "./leases.ts"
import { initialStatus, type RunContext, runProjection } from "./projection-run.ts"
import { type RetryPolicy, retrySchedule } from "./retry.ts"
import { feedFilter, makeSharedFeed } from "./shared-feed.ts"
import type { ProjectionStatus } from "./status.ts"

/** How to run projections: which ones, page and commit sizes, progress, leases and retries (see the projections README). */
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
  /** Told of every batch committed while catching up, of the switch to live, and of every retry. */
  readonly onProgress?: (status: ProjectionStatus) => Effect.Effect<void>
  /**
   * The store's last position, for "position / head" in progress reports. The event-store
   * port has no such call, so pass one where the store can answer cheaply (SQL `max(position)`).
   */
  readonly headPosition?: Effect.Effect<number, EventStore.StoreUnavailable>
  /**
   * Shares the projections among several runner processes: each runs only the projections
   * whose lease it holds and stands by for the others, taking over when their process dies.
   */
  readonly leases?: ProjectionLeasesShape
  /** How often a projection on standby tries to take its lease. Defaults to 1 second. */
  readonly standbyRetry?: Duration.Input
  /**
   * How a projection rides out a store that is unreachable for a while (`StoreUnavailable`
   * while reading events, `ReadModelStoreUnavailable` while reading or writing its read
   * model): it waits and tries again from its durable checkpoint, in phase "retrying".
   * Defaults to waits from 100 ms doubling up to 10 s, jittered, retried forever; see
   * `RetryPolicy`.
   */
  readonly retry?: RetryPolicy
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
   * an event it reads. A projection retrying after a transient store error has not failed, so
   * the wait goes on through its retries (with `maxAttempts: "forever"`, for as long as the
   * store is gone): put a timeout on it where an answer is due.
   */
  readonly awaitPosition: (
    projection: string,
    position: number,
  ) => Effect.Effect<void, UnknownProjection | ProjectionError | ProjectionStopped>
  /**
   * Waits until the runner's shared feed has handed out every event up to `position`: each
   * projection following the feed then has committed it (or left the feed with an error). Ends
   * at once, or as soon as it happens, when the feed is not reading (no projection follows it,
   * or its subscription failed). Never fails: it only says when a look at the projections'
   * positions (`status`) is worth making, and is one wait shared by every caller, where
   * `awaitPosition` is a wait per projection — read your own writes over many projections with
   * this first, then `awaitPosition` for any still short of `position`.
   */
  readonly awaitFeed: (position: number) => Effect.Effect<void>
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
  /**
   * The runner's shared feed from after `after`, batch by batch, each handed out once every
   * projection following the feed in this runner has committed it: what a live page waits on
   * instead of a subscription of its own. Only events some projection reads. Ends with the
   * store's error when the feed's subscription fails.
   */
  readonly batches: (
    after: number,
  ) => Stream.Stream<ReadonlyArray<EventStore.RecordedEvent>, EventStore.StoreUnavailable>
}

interface Running {
  readonly projection: Projection
  readonly status: SubscriptionRef.SubscriptionRef<ProjectionStatus>
  fiber: Fiber.Fiber<void> | undefined
}

const duplicateNames = (projections: ReadonlyArray<Projection>): ReadonlyArray<string> => {
  const seen = new Set<string>()
  const duplicates = new Set<string>()
  for (const { name } of projections) (seen.has(name) ? duplicates : seen).add(name)
  return [...duplicates]
}

/**
 * The runner's sizes and backoff, with their defaults, or what is wrong with the options:
 * a projection registered twice, a size that is no positive integer, a retry policy that is
 * no schedule.
 */
const checkedOptions = (
  options: ProjectionRunnerOptions,
):
  | { readonly batchSize: number; readonly commitEvery: number; readonly retry: RunContext["retry"] }
  | InvalidProjectionDefinition => {
  const duplicates = duplicateNames(options.projections)
  if (duplicates.length > 0) {
    return new InvalidProjectionDefinition({
      projection: duplicates.join(", "),
      problems: ["registered twice with one runner"],
    })
  }
  const batchSize = options.batchSize ?? 1_000
  const commitEvery = options.commitEvery ?? 20_000
  const retry = retrySchedule(options.retry)
  const problems = [
    ...Object.entries({ batchSize, commitEvery })
      .filter(([, size]) => !Number.isSafeInteger(size) || size < 1)
      .map(([name, size]) => `${name} must be a positive integer, got ${size}`),
    ...("problems" in retry ? retry.problems : []),
  ]
  if (problems.length > 0 || "problems" in retry) {
    return new InvalidProjectionDefinition({ projection: "*", problems })
  }
  return { batchSize, commitEvery, retry: retry.schedule }
}

/** A started runner's state, passed to the functions below. */
interface Runner {
  readonly context: RunContext
  readonly running: ReadonlyMap<string, Running>
  /** Where projection fibers are forked: the scope the runner was started in. */
  readonly scope: Scope.Scope
}

const find = (runner: Runner, name: string) => {
  const entry = runner.running.get(name)
  return entry === undefined
    ? Effect.fail(new UnknownProjection({ projection: name }))
    : Effect.succeed(entry)
}

const start = (runner: Runner, entry: Running) =>
  Effect.gen(function* () {
    yield* SubscriptionRef.set(entry.status, initialStatus(entry.projection))
    entry.fiber = yield* Effect.forkIn(
      runProjection(runner.context, entry.projection, entry.status),
      runner.scope,
    )
  })

const halt = (entry: Running) =>
  Effect.gen(function* () {
    const fiber = entry.fiber
    entry.fiber = undefined
    if (fiber !== undefined) yield* Fiber.interrupt(fiber)
  })

/** Waits for a status that satisfies `reached`; a failure or a stop before it ends the wait. */
const awaitStatus = (runner: Runner, name: string, reached: (status: ProjectionStatus) => boolean) =>
  Effect.gen(function* () {
    const entry = yield* find(runner, name)
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

/** Stops the projection, drops its read model (a reset) and starts it again from position 0. */
const rebuild = (runner: Runner, name: string) =>
  Effect.gen(function* () {
    const entry = yield* find(runner, name)
    yield* halt(entry)
    const { readModels } = runner.context
    const stored = yield* readModels.checkpoint(name)
    yield* readModels.reset(name, entry.projection.version, stored)
    yield* start(runner, entry)
  })

/**
 * Starts the projection runner (投影运行器) in the current scope: every projection catches up
 * from its checkpoint with `readAll` pages on its own, then joins the runner's shared feed — one
 * `subscribe`, whose new events are read once per wake-up and folded by every live projection,
 * their documents and checkpoints committed together in one read-model transaction
 * (`commitAll`). A projection behind the feed (just started, rebuilt, retrying) catches up on
 * its own and then joins. Closing the scope stops the
 * runner gracefully, as `stop` does. A store that is unreachable for a while is waited out
 * (`retry`); one projection failing (an undecodable event, a throwing handler, a stale
 * checkpoint) stops that projection only; its status says why.
 */
export const startProjectionRunner = Effect.fnUntraced(function* (
  options: ProjectionRunnerOptions,
): Effect.fn.Return<
  ProjectionRunner,
  InvalidProjectionDefinition,
  EventStore.EventStore | ReadModelStore | Scope.Scope
> {
  const checked = checkedOptions(options)
  if (checked instanceof InvalidProjectionDefinition) return yield* checked
  const events = yield* EventStore.EventStore
  const readModels = yield* ReadModelStore
  const scope = yield* Effect.scope
  const context: RunContext = {
    events,
    readModels,
    batchSize: checked.batchSize,
    commitEvery: checked.commitEvery,
    retry: checked.retry,
    onProgress: options.onProgress,
    headPosition: options.headPosition,
    leases: options.leases,
    standbyRetry: options.standbyRetry ?? "1 second",
    feed: yield* makeSharedFeed({
      events,
      readModels,
      filter: feedFilter(options.projections),
      batchSize: checked.batchSize,
      scope,
    }),
  }
  const running = new Map<string, Running>()
  const runner: Runner = { context, running, scope }
  for (const projection of options.projections) {
    running.set(projection.name, {
      projection,
      status: yield* SubscriptionRef.make(initialStatus(projection)),
      fiber: undefined,
    })
  }
  for (const entry of running.values()) yield* start(runner, entry)

  return {
    status: Effect.forEach([...running.values()], (entry) => SubscriptionRef.get(entry.status)),
    statusOf: (name) => Effect.flatMap(find(runner, name), (entry) => SubscriptionRef.get(entry.status)),
    awaitPosition: (name, position) => awaitStatus(runner, name, (status) => status.position >= position),
    awaitFeed: context.feed.awaitDelivered,
    awaitLive: (name) => awaitStatus(runner, name, (status) => status.phase === "live"),
    rebuild: (name) => rebuild(runner, name),
    stop: Effect.forEach([...running.values()], halt, { discard: true, concurrency: "unbounded" }),
    batches: context.feed.batches,
  }
})
