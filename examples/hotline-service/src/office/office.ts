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
}

/** The read models the office serves, each kept by the projection runner. */
const PROJECTIONS = (config: Case.DeciderConfig) => [
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

/**
 * Waits until each projection has folded the last of these events it reads. A projection's
 * position only moves on events of its own streams, so waiting for it to pass an event of
 * another stream (a territory event, for the case read models) would never end.
 */
const awaitFolded = (
  runner: ProjectionRunner.ProjectionRunner,
  projections: ReadonlyArray<Projection.Projection>,
  written: ReadonlyArray<{
    readonly streamId: string
    readonly lastPosition?: number
    readonly position?: number
  }>,
) =>
  Effect.forEach(
    projections,
    (projection) => {
      const prefix = projection.filter.streamPrefix ?? ""
      const mine = written.filter((event) => event.streamId.startsWith(prefix))
      const last = Math.max(0, ...mine.map((event) => event.lastPosition ?? event.position ?? 0))
      return last === 0 ? Effect.void : runner.awaitPosition(projection.name, last)
    },
    { discard: true },
  )

/**
 * The runner over the office's read models, started once they have caught up, and the change
 * feed: after new events, wait until every read model has them, then tell the listeners.
 */
const readSideLayer = (
  projections: ReadonlyArray<Projection.Projection>,
  report: (message: string) => void,
): Layer.Layer<OfficeReadSide, unknown, EventStore.EventStore | ReadModelStore.ReadModelStore> =>
  Layer.effect(
    OfficeReadSide,
    Effect.gen(function* () {
      const listeners = new Set<(position: number) => void>()
      const runner = yield* ProjectionRunner.start({ projections })
      for (const projection of projections) yield* runner.awaitLive(projection.name)
      const statuses = yield* runner.status
      const from = Math.min(...statuses.map((status) => status.position))
      const store = yield* EventStore.EventStore
      yield* store.subscribe({ after: from }).pipe(
        Stream.runForEachArray((batch) =>
          Effect.gen(function* () {
            yield* awaitFolded(runner, projections, batch)
            const last = batch.at(-1)!.position
            for (const listener of listeners) listener(last)
          }),
        ),
        Effect.catchCause((cause) =>
          Effect.sync(() => report(`change feed stopped: ${Cause.pretty(cause)}`)),
        ),
        Effect.forkScoped,
      )
      yield* Effect.addFinalizer(() => Effect.sync(() => listeners.clear()))
      return OfficeReadSide.of({
        settle: (written) => awaitFolded(runner, projections, [written]),
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
  /** The district as it stands: areas, grids, departments, households and roles. */
  readonly district: () => Promise<Territory.State>
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
    ...(options.tickEvery === undefined ? {} : { tickEvery: options.tickEvery }),
    onBackgroundError: report,
    layer: Layer.suspend(() => readSideLayer(projections, report)).pipe(
      Layer.provideMerge(options.readModels ?? ReadModelStore.Memory.layer),
    ),
  })
  projections = PROJECTIONS(desk.config)
  const readSide = await desk.run(OfficeReadSide)
  return {
    ...desk,
    territoryId,
    district: () => desk.territory.get(territoryId),
    settle: (written) => desk.run(readSide.settle(written)),
    query: (query) => desk.run(query),
    onChange: readSide.onChange,
    close: () => desk.dispose(),
  }
}
