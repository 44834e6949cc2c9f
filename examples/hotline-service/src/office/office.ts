import {
  type BusinessClock,
  type Case,
  EventStore,
  Gridcase,
  type Ids,
  type Points,
  type Privacy,
  type Territory,
} from "@gridcase/core"
import {
  CaseDeadlines,
  CaseFlow,
  CaseIndex,
  CaseMeasures,
  CaseOutcomes,
  CaseTimeline,
  OpenCases,
  PointsBalances,
  type Projection,
  ProjectionRunner,
  ReadModelStore,
  Residents,
  UnplacedReports,
} from "@gridcase/projections"
import { Cause, Context, Effect, Layer, Stream } from "effect"
import { serviceRequestsProjection } from "../open311/requests-projection.ts"
import type { SingleLock } from "./advisory-lock.ts"
import { type CheckpointLooks, makeCheckpointLooks, sharedCheckpointReaches } from "./checkpoint-looks.ts"
import type { CheckpointNews } from "./checkpoint-news.ts"
import { MORAL_BANK } from "./moral-bank.ts"

export interface OfficeOptions {
  /** Where events live: SQLite, PostgreSQL or memory, as a layer providing core's `EventStore`. */
  readonly store: Layer.Layer<EventStore.EventStore, EventStore.StoreUnavailable>
  /**
   * Where the read models live; in memory by default (rebuilt from the store at every start).
   * A SQLite or PostgreSQL read-model store keeps them, so a restart only catches up.
   */
  readonly readModels?: Layer.Layer<ReadModelStore.ReadModelStore, unknown>
  /** The district this office serves (its territory stream). */
  readonly territoryId: string
  /** Business time; the machine's clock by default. Simulations pass a fixed clock. */
  readonly clock?: BusinessClock.Shape
  readonly ids?: Ids.Shape
  readonly config?: Case.DeciderConfig
  /**
   * Where residents' keys live (crypto-shredding); in memory by default, which loses every
   * resident's personal details with the process. The service uses a file key store.
   */
  readonly keyStore?: Layer.Layer<Privacy.KeyStore>
  /** The moral bank's catalogue and validity (道德银行); Minxin Road's demo catalogue by default. */
  readonly pointsPolicy?: Points.Policy
  /** How often the deadline process runs (超时监控), in milliseconds; never when undefined. */
  readonly tickEvery?: number
  /** Told of what goes wrong in the background (a failed tick), instead of it being lost. */
  readonly onBackgroundError?: (message: string) => void
  /**
   * Shares the read models with other instances of the office on one database (多实例): each
   * projection is advanced by the instance holding its lease, and the others read what it
   * writes. Without it this office is the read models' only writer.
   */
  readonly leases?: ProjectionRunner.LeasesShape
  /**
   * With `leases`: how this instance hears that another committed read models, so that it looks
   * at the shared checkpoints then, rather than polling them, and tells the others when it has.
   */
  readonly checkpointNews?: CheckpointNews
  /**
   * Runs the deadline process only while this lock is held, so that one instance at a time
   * escalates (the process's command ids make a second escalation impossible anyway). Without
   * it, this office ticks every `tickEvery` on its own.
   */
  readonly deadlineLock?: SingleLock
}

/**
 * The read models the office serves, each kept by the projection runner; exported so that a
 * check can rebuild them from the events and compare.
 */
export const officeProjections = (config: Case.DeciderConfig): ReadonlyArray<Projection.Projection> => [
  OpenCases.projection,
  CaseDeadlines.makeProjection(config),
  CaseOutcomes.projection,
  CaseFlow.projection,
  CaseMeasures.makeProjection(config),
  CaseTimeline.projection,
  serviceRequestsProjection,
  Residents.projection,
  PointsBalances.projection,
  UnplacedReports.projection,
  CaseIndex.projection,
]

/** What a write left behind: the stream and the position of its last event. */
export interface Written {
  readonly streamId: string
  readonly lastPosition: number
}

/**
 * The office's own part, beside core's desk: the read models kept live by the projection
 * runner, read-your-writes, and a change feed for live pages.
 */
interface ReadSide {
  /** Resolves once every read model that reads the stream has folded it up to the position. */
  readonly settle: (written: Written) => Effect.Effect<void, unknown>
  /** Called after the read models have taken in new events, with the last position seen. */
  readonly onChange: (listener: (position: number) => void) => () => void
}

class OfficeReadSide extends Context.Service<OfficeReadSide, ReadSide>()(
  "@gridcase/example-hotline-service/OfficeReadSide",
) {}

/** How long a write waits for the read models before the caller is told to retry (it is stored either way). */
const SETTLE_WITHIN = "5 seconds"

/**
 * Waits until the projection has folded `position`: this instance's runner tells when it
 * holds the projection; the shared checkpoint tells when another instance does (its status
 * here is "standby"), or when this one lost the lease meanwhile. Fails when the read models
 * cannot be read.
 */
const folded = (
  runner: ProjectionRunner.ProjectionRunner,
  looks: CheckpointLooks,
  news: CheckpointNews | undefined,
  projection: string,
  position: number,
) =>
  Effect.gen(function* () {
    const status = yield* runner.statusOf(projection)
    if (status.position >= position) return
    const held = status.phase === "live" || status.phase === "catchingUp"
    yield* Effect.raceFirst(
      runner.awaitPosition(projection, position),
      sharedCheckpointReaches(looks, news, projection, position, held),
    )
  })

/**
 * The position each projection must reach to have folded the last of these events it reads. A
 * projection's position only moves on events of its own streams, so waiting for it to pass an
 * event of another stream (a territory event, for the case read models) would never end:
 * projections that read none of them are left out.
 */
const targetsOf = (
  projections: ReadonlyArray<Projection.Projection>,
  written: ReadonlyArray<{
    readonly streamId: string
    readonly lastPosition?: number
    readonly position?: number
  }>,
) =>
  projections.flatMap((projection) => {
    const prefix = projection.filter.streamPrefix ?? ""
    const mine = written.filter((event) => event.streamId.startsWith(prefix))
    const position = Math.max(0, ...mine.map((event) => event.lastPosition ?? event.position ?? 0))
    return position === 0 ? [] : [{ projection: projection.name, position }]
  })

/** Waits until each projection has folded the last of these events it reads (see `targetsOf`). */
const awaitFolded = (
  runner: ProjectionRunner.ProjectionRunner,
  looks: CheckpointLooks,
  news: CheckpointNews | undefined,
  targets: ReadonlyArray<{ readonly projection: string; readonly position: number }>,
) =>
  Effect.forEach(
    targets,
    ({ projection, position }) => folded(runner, looks, news, projection, position),
    // At once, so that the projections on standby share each look at the shared checkpoints.
    { discard: true, concurrency: "unbounded" },
  )

/**
 * Read your own writes: waits until every projection has folded the written stream up to its
 * last event. While each one still short of it is live here, one wait on the runner's shared
 * feed stands for all of them, since the feed commits a batch for all at once; whatever is still
 * short after it (on standby, retrying, out of the feed) waits on its own.
 */
const settleWritten = (
  runner: ProjectionRunner.ProjectionRunner,
  looks: CheckpointLooks,
  news: CheckpointNews | undefined,
  targets: ReadonlyArray<{ readonly projection: string; readonly position: number }>,
) =>
  Effect.gen(function* () {
    const statuses = new Map((yield* runner.status).map((status) => [status.projection, status]))
    const short = targets.filter(({ projection, position }) => {
      const status = statuses.get(projection)
      return status === undefined || status.position < position
    })
    if (short.length === 0) return
    if (short.every(({ projection }) => statuses.get(projection)?.phase === "live"))
      yield* runner.awaitFeed(Math.max(...short.map(({ position }) => position)))
    yield* awaitFolded(runner, looks, news, short)
  })

/**
 * Waits until the projection is live here, or on standby because another instance holds it
 * (whose read model this instance then serves); fails if it failed.
 */
const ready = (runner: ProjectionRunner.ProjectionRunner, projection: string) =>
  Effect.gen(function* () {
    for (;;) {
      const status = yield* runner.statusOf(projection)
      if (status.phase === "live" || status.phase === "standby") return
      if (status.phase === "failed" && status.error !== undefined) return yield* Effect.fail(status.error)
      yield* Effect.sleep(20)
    }
  })

/**
 * The runner over the office's read models, started once each is live here or held by another
 * instance, and the change feed: after new events (this instance's, or another's, heard by
 * LISTEN/NOTIFY), as the runner's shared feed hands them out, wait until every read model has
 * them (those another instance holds too), then tell the listeners.
 */
const readSideLayer = (
  projections: ReadonlyArray<Projection.Projection>,
  report: (message: string) => void,
  leases: ProjectionRunner.LeasesShape | undefined,
  news: CheckpointNews | undefined,
): Layer.Layer<OfficeReadSide, unknown, EventStore.EventStore | ReadModelStore.ReadModelStore> =>
  Layer.effect(
    OfficeReadSide,
    Effect.gen(function* () {
      const listeners = new Set<(position: number) => void>()
      const runner = yield* ProjectionRunner.start({
        projections,
        ...(leases === undefined ? {} : { leases }),
      })
      for (const projection of projections) yield* ready(runner, projection.name)
      const readModels = yield* ReadModelStore.ReadModelStore
      const names = projections.map((projection) => projection.name)
      const readPositions = Effect.map(
        readModels.checkpoints(names),
        (checkpoints) => new Map(names.map((name, at) => [name, checkpoints[at]?.position ?? 0])),
      )
      const looks = makeCheckpointLooks(readPositions)
      let told = Math.min(...(yield* readPositions).values())
      // The runner's shared feed: no second read of the new events, and a batch comes once every
      // projection live here has committed it.
      const tellListeners = Effect.suspend(() =>
        runner.batches(told).pipe(
          Stream.runForEach((batch) =>
            Effect.gen(function* () {
              // The projections live here have committed the batch: the instances on standby may look.
              if (news !== undefined && (yield* runner.status).some((status) => status.phase === "live")) {
                news.announce()
              }
              yield* awaitFolded(runner, looks, news, targetsOf(projections, batch))
              told = batch.at(-1)!.position
              for (const listener of listeners) listener(told)
            }),
          ),
        ),
      )
      // The feed outlives a database outage: it reports, waits, and subscribes again where the
      // read models stand, so every screen is woken again once the database is back.
      yield* tellListeners.pipe(
        Effect.catchCause((cause) =>
          Effect.sync(() => report(`change feed interrupted, resuming: ${Cause.pretty(cause)}`)),
        ),
        Effect.andThen(Effect.sleep(1000)),
        Effect.forever,
        Effect.forkScoped,
      )
      yield* Effect.addFinalizer(() => Effect.sync(() => listeners.clear()))
      return OfficeReadSide.of({
        settle: (written) =>
          settleWritten(runner, looks, news, targetsOf(projections, [written])).pipe(
            Effect.timeoutOrElse({
              duration: SETTLE_WITHIN,
              orElse: () =>
                Effect.fail(
                  new EventStore.StoreUnavailable({
                    message: `the write is stored, but the read models have not taken it in within ${SETTLE_WITHIN}: retry with the same Idempotency-Key`,
                  }),
                ),
            }),
          ),
        onChange: (listener) => {
          listeners.add(listener)
          return () => {
            listeners.delete(listener)
          }
        },
      })
    }),
  )

/** The services `Office.run` provides: the desk's, the read models and the office's read side. */
export type OfficeServices = Gridcase.Services | ReadModelStore.ReadModelStore | OfficeReadSide

/**
 * A grid office (网格化服务管理中心) as one running thing: core's desk (`Gridcase.make`: every
 * aggregate's guarded commands, the deadline process ticking in the background) plus what is the
 * office's own — the read models kept live by the projection runner, read-your-writes and the
 * change feed. Everything the HTTP side needs is a plain `async` call.
 */
export interface Office extends Gridcase.Gridcase<ReadModelStore.ReadModelStore | OfficeReadSide> {
  /** The district this office serves. */
  readonly territoryId: string
  /**
   * The district as it stands: areas, grids, departments, households and roles. Given
   * `readsSince` (the request's arrival, `performance.now()`), any read begun after it will do:
   * pass the same to the request's commands, and their guards authorize on that read.
   */
  readonly district: (readsSince?: number) => Promise<Territory.State>
  /**
   * Resolves once every read model that reads the stream has folded it up to the position
   * (read your own writes): pass a handled command (its `streamId` and `lastPosition`).
   */
  readonly settle: (written: Written) => Promise<void>
  /** Runs a read-model query. */
  readonly query: <A, E>(query: Effect.Effect<A, E, ReadModelStore.ReadModelStore>) => Promise<A>
  /** Called after the read models have taken in new events, with the last position seen. */
  readonly onChange: (listener: (position: number) => void) => () => void
  /** Stops ticking and projecting, and closes the store after what is queued is written. */
  readonly close: () => Promise<void>
}

/**
 * The deadline process (超时监控) every `every` ms while this instance holds `lock`: one
 * instance escalates at a time, and another takes over within a tick of the holder's death.
 * `stop` lets the tick under way finish, then gives the lock back.
 */
const tickWhileHeld = (
  desk: Pick<Gridcase.Gridcase, "tick">,
  lock: SingleLock,
  every: number,
  report: (message: string) => void,
) => {
  let stopped = false
  let wake: () => void = () => {}
  const loop = (async () => {
    while (!stopped) {
      try {
        if (await lock.held()) await desk.tick()
      } catch (error) {
        report(`deadline tick failed: ${error instanceof Error ? error.message : String(error)}`)
      }
      await new Promise<void>((resolve) => {
        wake = resolve
        setTimeout(resolve, every).unref()
      })
    }
  })()
  return {
    stop: async () => {
      stopped = true
      wake()
      await loop
      lock.close()
    },
  }
}

/** Opens an office; resolves once its read models have caught up with the store. */
export const openOffice = async (options: OfficeOptions): Promise<Office> => {
  const territoryId = options.territoryId
  const report = options.onBackgroundError ?? ((message: string) => console.error(message))
  let projections: ReadonlyArray<Projection.Projection> = []
  const desk = Gridcase.make({
    store: options.store,
    ...(options.config === undefined
      ? {}
      : { policy: options.config.policy, calendar: options.config.calendar }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.ids === undefined ? {} : { ids: options.ids }),
    ...(options.keyStore === undefined ? {} : { keyStore: options.keyStore }),
    pointsPolicy: options.pointsPolicy ?? MORAL_BANK,
    // Every command from people (staff, Open311 clients) passes authorization (权限校验).
    authorization: { territoryOf: () => territoryId },
    // With a lock the office ticks itself (below), only while it holds the lock.
    ...(options.tickEvery === undefined || options.deadlineLock !== undefined
      ? {}
      : { tickEvery: options.tickEvery }),
    onBackgroundError: report,
    layer: Layer.suspend(() =>
      readSideLayer(projections, report, options.leases, options.checkpointNews),
    ).pipe(Layer.provideMerge(options.readModels ?? ReadModelStore.Memory.layer)),
  })
  projections = officeProjections(desk.config)
  const readSide = await desk.run(OfficeReadSide)
  const ticking =
    options.tickEvery === undefined || options.deadlineLock === undefined
      ? undefined
      : tickWhileHeld(desk, options.deadlineLock, options.tickEvery, report)
  return {
    ...desk,
    territoryId,
    district: (readsSince) => desk.territory.get(territoryId, readsSince),
    settle: (written) => desk.run(readSide.settle(written)),
    query: (query) => desk.run(query),
    onChange: readSide.onChange,
    close: async () => {
      await ticking?.stop()
      await desk.dispose()
    },
  }
}
