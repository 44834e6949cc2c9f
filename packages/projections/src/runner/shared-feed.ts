import { EventStore } from "@gridcase/core"
import { Cause, Deferred, Effect, Fiber, Queue, type Scope, Semaphore, Stream } from "effect"
import { type CheckpointConflict, ProjectionCrashed, type ProjectionError } from "../projection/errors.ts"
import type { Projection } from "../projection/projection.ts"
import type { Checkpoint, ReadModelStoreShape, StoredDocument } from "../stores/read-model-store.ts"
import type { BatchOutcome, PlannedBatch, Projector, TakenBatch } from "./projector.ts"

/** A projection following the shared feed: its projector, and how the feed reports back to its run. */
export interface FeedMember {
  readonly projection: Projection
  readonly projector: Projector
  /** Told after each batch the feed committed for it (the run's count and status). */
  readonly committed: (outcome: BatchOutcome) => Effect.Effect<void>
}

/**
 * The runner's one tail of the event store (共享订阅), fanned out to every projection it runs:
 * after each wake-up the new events are read and decoded from the store once, folded by every
 * projection following the feed, and committed for all of them in one read-model transaction
 * (`ReadModelStore.commitAll`), each with its own checkpoint.
 */
export interface SharedFeed {
  /**
   * Brings the projector up to where the feed stands (a projection just caught up, rebuilt or
   * retried may be a little behind), joins it and follows it until an error puts the projection
   * out: then fails with that error, having left the feed. Interrupting it leaves the feed once
   * the batch in progress is committed.
   */
  readonly follow: (member: FeedMember) => Effect.Effect<never, ProjectionError>
  /**
   * The feed's batches from after `after`, each once every projection following the feed has
   * committed it: what a live page waits for. Ends with the event store's error if the feed's
   * subscription fails.
   */
  readonly batches: (
    after: number,
  ) => Stream.Stream<ReadonlyArray<EventStore.RecordedEvent>, EventStore.StoreUnavailable>
  /**
   * Waits until the feed has handed out events up to `position` (every projection following
   * it then has committed them or is out of it), or until it stops reading (at once when it
   * does not read): after it, a look at the projections' positions is worth making. One wait
   * shared by every caller, woken by each delivery.
   */
  readonly awaitDelivered: (position: number) => Effect.Effect<void>
}

export interface SharedFeedOptions {
  readonly events: EventStore.Shape
  readonly readModels: ReadModelStoreShape
  /** Every event any of the runner's projections reads passes it. */
  readonly filter: EventStore.EventFilter
  /** Events read per page while a projection or a watcher is brought up to the feed. */
  readonly batchSize: number
  /** Where the feed's subscription runs: the runner's scope. */
  readonly scope: Scope.Scope
}

/** The union of the projections' filters: each event one of them reads passes it (others may too). */
export const feedFilter = (projections: ReadonlyArray<Projection>): EventStore.EventFilter => {
  const prefixes = new Set(projections.map((projection) => projection.filter.streamPrefix))
  const [prefix] = prefixes
  const typed = projections.every((projection) => projection.filter.types !== undefined)
  const types = [...new Set(projections.flatMap((projection) => projection.filter.types ?? []))]
  return {
    ...(typed && types.length > 0 ? { types } : {}),
    ...(prefixes.size === 1 && prefix !== undefined ? { streamPrefix: prefix } : {}),
  }
}

interface Following {
  readonly member: FeedMember
  /** Failed with the error that puts the projection out of the feed. */
  readonly out: Deferred.Deferred<never, ProjectionError>
}

type Batch = ReadonlyArray<EventStore.RecordedEvent>

/** The feed's state; every change is made holding `lock`, so a batch is never delivered while someone joins or leaves. */
interface Feed {
  readonly options: SharedFeedOptions
  readonly lock: Semaphore.Semaphore
  readonly following: Set<Following>
  readonly watchers: Set<Queue.Queue<Batch, EventStore.StoreUnavailable>>
  /** The position up to which the feed has handed out events; undefined while it is not subscribed. */
  delivered: number | undefined
  fiber: Fiber.Fiber<void> | undefined
  /** Completed when `delivered` next moves or the feed stops reading, then replaced: what `awaitDelivered` waits on. */
  moved: Deferred.Deferred<void>
  /** How many times the feed has subscribed: a wait that sees it change saw the feed stop, however briefly. */
  subscriptions: number
}

/** Wakes every `awaitDelivered` so that each looks at where the feed stands now. */
const wake = (feed: Feed) =>
  Effect.suspend(() => {
    const moved = feed.moved
    feed.moved = Deferred.makeUnsafe<void>()
    return Deferred.succeed(moved, undefined)
  })

const awaitDelivered = (feed: Feed, position: number): Effect.Effect<void> =>
  Effect.suspend(() => {
    const subscription = feed.subscriptions
    const look: Effect.Effect<void> = Effect.suspend(() =>
      feed.delivered === undefined || feed.delivered >= position || feed.subscriptions !== subscription
        ? Effect.void
        : Effect.andThen(Deferred.await(feed.moved), look),
    )
    return look
  })

const putOut = (feed: Feed, following: Following, error: ProjectionError) =>
  Effect.suspend(() => {
    feed.following.delete(following)
    return Deferred.fail(following.out, error)
  })

/** A member's part of a batch: what it staged and took out to commit, and the event error to stop it with after the commit. */
interface Share {
  readonly following: Following
  readonly taken: TakenBatch
  readonly stopWith: ProjectionError | undefined
}

/** A member's fold of the batch, planned: the documents it lacks are loaded with everyone's. */
interface Planned {
  readonly following: Following
  readonly plan: PlannedBatch
}

/**
 * A step of one member's part that throws (a key function, an index function) stops that
 * projection only, as in a fiber of its own; an error puts it out of the feed.
 */
const alone = <A>(feed: Feed, following: Following, step: Effect.Effect<A, ProjectionError>) =>
  step.pipe(
    Effect.catchDefect((defect) =>
      Effect.fail(
        new ProjectionCrashed({
          projection: following.member.projection.name,
          reason: defect instanceof Error ? defect.message : String(defect),
        }),
      ),
    ),
    Effect.catch((error: ProjectionError) => Effect.as(putOut(feed, following, error), undefined)),
  )

/**
 * Plans the member's fold of its own events of the batch. Only its own events: its checkpoint
 * then moves on them alone, as a rebuild's does, and a batch with none of them commits nothing
 * for it.
 */
const planOf = (feed: Feed, following: Following, batch: Batch) =>
  alone(
    feed,
    following,
    Effect.sync((): Planned => {
      const { projector, projection } = following.member
      const { filter } = projection
      return {
        following,
        plan: projector.plan(batch.filter((recorded) => EventStore.matchesFilter(filter, recorded))),
      }
    }),
  )

const nothingLoaded: ReadonlyMap<string, StoredDocument> = new Map()

/**
 * Loads the documents every plan lacks in one call (`loadAll`), in the plans' order. A store
 * error puts out every member that had documents to load, each to retry on its own; the others
 * go on with the batch.
 */
const loadFor = (feed: Feed, plans: ReadonlyArray<Planned>) =>
  Effect.gen(function* () {
    const loading = plans.filter((planned) => planned.plan.load !== undefined)
    const loaded = new Map<Planned, ReadonlyMap<string, StoredDocument>>()
    if (loading.length === 0) return { loaded, ready: plans }
    const result = yield* Effect.result(
      feed.options.readModels.loadAll(loading.map((planned) => planned.plan.load!)),
    )
    if (result._tag === "Failure") {
      for (const planned of loading) yield* putOut(feed, planned.following, result.failure)
      return { loaded, ready: plans.filter((planned) => planned.plan.load === undefined) }
    }
    for (const [at, planned] of loading.entries()) loaded.set(planned, result.success[at]!)
    return { loaded, ready: plans }
  })

/** Finishes the member's fold with its loaded documents and takes its commit; an error that leaves nothing to commit puts it out at once. */
const shareOf = (feed: Feed, planned: Planned, loaded: ReadonlyMap<string, StoredDocument>) =>
  alone(
    feed,
    planned.following,
    Effect.gen(function* () {
      const stopWith = planned.plan.finish(loaded)
      const taken = yield* planned.following.member.projector.take
      return { following: planned.following, taken, stopWith } satisfies Share
    }),
  )

/**
 * Commits the shares in one transaction. A checkpoint conflict puts its projection out (another
 * process moved it) and the others commit without it; a store error puts out every member in the
 * commit, each to retry on its own from its durable checkpoint.
 */
const commitShares = (feed: Feed, shares: ReadonlyArray<Share>) =>
  Effect.gen(function* () {
    let pending = shares.filter((share) => share.taken.request !== undefined)
    const landed = new Map<Share, Checkpoint | undefined>(
      shares.filter((share) => share.taken.request === undefined).map((share) => [share, undefined]),
    )
    while (pending.length > 0) {
      const result = yield* Effect.result(
        feed.options.readModels.commitAll(pending.map((share) => share.taken.request!)),
      )
      if (result._tag === "Success") {
        for (const [at, share] of pending.entries()) landed.set(share, result.success[at])
        break
      }
      for (const share of pending) share.taken.failed()
      const error = result.failure
      const culprit =
        error._tag === "CheckpointConflict"
          ? pending.find(
              (share) => share.taken.request!.projection === (error as CheckpointConflict).projection,
            )
          : undefined
      if (culprit === undefined) {
        yield* Effect.forEach(pending, (share) => putOut(feed, share.following, error), { discard: true })
        break
      }
      yield* putOut(feed, culprit.following, error)
      pending = pending.filter((share) => share !== culprit)
    }
    return landed
  })

/**
 * Hands a batch to every member — their folds planned, the documents they lack loaded in one
 * call, the folds finished — commits them together, then tells the members and the watchers.
 */
const deliver = (feed: Feed, batch: Batch) =>
  Effect.gen(function* () {
    if (batch.length === 0) return
    const plans: Array<Planned> = []
    for (const following of [...feed.following]) {
      const planned = yield* planOf(feed, following, batch)
      if (planned !== undefined) plans.push(planned)
    }
    const { loaded, ready } = yield* loadFor(feed, plans)
    const shares: Array<Share> = []
    for (const planned of ready) {
      const share = yield* shareOf(feed, planned, loaded.get(planned) ?? nothingLoaded)
      if (share !== undefined) shares.push(share)
    }
    const landed = yield* commitShares(feed, shares)
    for (const [share, checkpoint] of landed) {
      const outcome = share.taken.landed(checkpoint)
      if (share.stopWith !== undefined) yield* putOut(feed, share.following, share.stopWith)
      else yield* share.following.member.committed(outcome)
    }
    feed.delivered = batch.at(-1)!.position
    yield* wake(feed)
    for (const watcher of feed.watchers) yield* Queue.offer(watcher, batch)
  })

/** The feed's subscription ended with an error: everyone is put out, and the next to join subscribes again. */
const feedFailed = (feed: Feed, cause: Cause.Cause<EventStore.StoreUnavailable>) =>
  Effect.gen(function* () {
    const error = Cause.findErrorOption(cause)
    const storeError =
      error._tag === "Some"
        ? error.value
        : new EventStore.StoreUnavailable({ message: `the shared feed crashed: ${Cause.pretty(cause)}` })
    for (const following of [...feed.following]) {
      yield* putOut(
        feed,
        following,
        error._tag === "Some"
          ? error.value
          : new ProjectionCrashed({
              projection: following.member.projection.name,
              reason: Cause.pretty(cause),
            }),
      )
    }
    for (const watcher of feed.watchers) yield* Queue.fail(watcher, storeError)
    feed.watchers.clear()
    feed.delivered = undefined
    feed.fiber = undefined
    yield* wake(feed)
  })

/** Subscribes after `after` and delivers every batch, holding the lock. */
const subscribeFrom = (feed: Feed, after: number) =>
  Effect.gen(function* () {
    feed.delivered = after
    feed.subscriptions += 1
    const { events, filter, scope } = feed.options
    feed.fiber = yield* events.subscribe({ ...filter, after }).pipe(
      Stream.runForEachArray((batch) => feed.lock.withPermits(1)(deliver(feed, batch))),
      Effect.catchCause((cause) =>
        Cause.hasInterruptsOnly(cause) ? Effect.void : feed.lock.withPermits(1)(feedFailed(feed, cause)),
      ),
      Effect.forkIn(scope),
    )
  })

/** Nobody follows or watches: the feed stops reading until someone joins again. */
const stopIfIdle = (feed: Feed) =>
  Effect.gen(function* () {
    if (feed.following.size > 0 || feed.watchers.size > 0 || feed.fiber === undefined) return
    const fiber = feed.fiber
    feed.fiber = undefined
    feed.delivered = undefined
    yield* wake(feed)
    yield* Fiber.interrupt(fiber)
  })

/** The pages of events after `after` up to where the feed stands, that pass `filter`. */
const pagesUpToFeed = (
  feed: Feed,
  filter: EventStore.EventFilter,
  after: number,
  onPage: (page: Batch) => Effect.Effect<void, ProjectionError>,
) =>
  Effect.gen(function* () {
    let reached = after
    while (feed.delivered !== undefined && reached < feed.delivered) {
      const page = yield* feed.options.events.readAll({
        ...filter,
        after: reached,
        maxCount: feed.options.batchSize,
      })
      if (page.length === 0) return
      yield* onPage(page)
      reached = page.at(-1)!.position
    }
  })

const join = (feed: Feed, member: FeedMember) =>
  Effect.gen(function* () {
    const { projector } = member
    if (feed.delivered === undefined) yield* subscribeFrom(feed, projector.reached())
    else {
      yield* pagesUpToFeed(feed, member.projection.filter, projector.reached(), (page) =>
        Effect.flatMap(projector.handle(page), member.committed),
      )
    }
    const following: Following = { member, out: yield* Deferred.make<never, ProjectionError>() }
    feed.following.add(following)
    return following
  })

const follow = (feed: Feed, member: FeedMember): Effect.Effect<never, ProjectionError> =>
  Effect.uninterruptibleMask((restore) =>
    Effect.gen(function* () {
      const following = yield* restore(feed.lock.withPermits(1)(join(feed, member)))
      return yield* restore(Deferred.await(following.out)).pipe(
        Effect.ensuring(
          feed.lock.withPermits(1)(
            Effect.suspend(() => {
              feed.following.delete(following)
              return stopIfIdle(feed)
            }),
          ),
        ),
      )
    }),
  )

const batches = (feed: Feed, after: number) =>
  Stream.unwrap(
    Effect.gen(function* () {
      const watcher = yield* Queue.unbounded<Batch, EventStore.StoreUnavailable>()
      yield* feed.lock.withPermits(1)(
        Effect.gen(function* () {
          if (feed.delivered === undefined) yield* subscribeFrom(feed, after)
          else {
            const upTo = feed.delivered
            // What the feed handed out before this watcher came: read once, without what it will hand out next.
            yield* pagesUpToFeed(feed, feed.options.filter, after, (page) => {
              const handedOut = page.filter((recorded) => recorded.position <= upTo)
              return handedOut.length === 0 ? Effect.void : Queue.offer(watcher, handedOut)
            }).pipe(Effect.catch((error) => Queue.fail(watcher, error as EventStore.StoreUnavailable)))
          }
          feed.watchers.add(watcher)
        }),
      )
      yield* Effect.addFinalizer(() =>
        feed.lock.withPermits(1)(
          Effect.suspend(() => {
            feed.watchers.delete(watcher)
            return stopIfIdle(feed)
          }),
        ),
      )
      return Stream.fromQueue(watcher)
    }),
  )

/** The runner's shared feed; it subscribes when the first projection joins or the first watcher watches. */
export const makeSharedFeed = (options: SharedFeedOptions): Effect.Effect<SharedFeed> =>
  Effect.map(Semaphore.make(1), (lock) => {
    const feed: Feed = {
      options,
      lock,
      following: new Set(),
      watchers: new Set(),
      delivered: undefined,
      fiber: undefined,
      moved: Deferred.makeUnsafe(),
      subscriptions: 0,
    }
    return {
      follow: (member) => follow(feed, member),
      batches: (after) => batches(feed, after),
      awaitDelivered: (position) => awaitDelivered(feed, position),
    }
  })
