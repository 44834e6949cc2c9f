import {
  BusinessClock,
  Calendar,
  Case,
  CommandHandler,
  Escalation,
  EventStore,
  Ids,
  type Instant,
  Points,
  Privacy,
  Resident,
  Territory,
} from "@gridcase/core"
import {
  CaseDeadlines,
  CaseOutcomes,
  CaseTimeline,
  OpenCases,
  PointsBalances,
  type Projection,
  ProjectionRunner,
  ReadModelStore,
  Residents,
} from "@gridcase/projections"
import { Cause, Context, Effect, Layer, ManagedRuntime, Result, Schedule, Semaphore, Stream } from "effect"
import { v7 } from "uuid"
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

/** Optional parts of a command's context; the command id makes retries idempotent. */
export type SendContext = Partial<CommandHandler.Context>

/** The read models the office serves, each kept by the projection runner. */
const PROJECTIONS = (config: Case.DeciderConfig) => [
  OpenCases.projection,
  CaseDeadlines.makeProjection(config),
  CaseOutcomes.projection,
  CaseTimeline.projection,
  serviceRequestsProjection,
  Residents.projection,
  PointsBalances.projection,
]

/**
 * A grid office (网格化服务管理中心) as one running thing: the event store, the case handler,
 * the read models kept live by the projection runner, and the deadline process ticking in the
 * background. Everything the HTTP side needs is a plain `async` call.
 */
export interface Office {
  readonly config: Case.DeciderConfig
  readonly territoryId: string
  readonly now: () => Instant.Instant
  readonly newId: () => string
  /**
   * Validates, authorizes and handles one case command. `context.actor` defaults to the
   * command's `by`, which must name the actor: nobody acts in someone else's name.
   */
  readonly send: (
    command: unknown,
    context?: SendContext,
  ) => Promise<CommandHandler.HandledCommand<Case.Event, Case.State>>
  readonly getCase: (caseId: string) => Promise<Case.State>
  readonly history: (caseId: string) => Promise<ReadonlyArray<EventStore.RecordedEvent>>
  readonly timers: (caseId: string) => Promise<ReadonlyArray<Case.StepTimer>>
  readonly territory: () => Promise<Territory.State>
  /**
   * Validates, authorizes and handles one resident command (居民): personal details are sealed
   * under the resident's key before anything is stored. A visit (`RecordVisit`) that raises a
   * case reports it too, in the same call.
   */
  readonly sendResident: (command: unknown, context?: SendContext) => Promise<Resident.RecordedVisit>
  /** A resident as stored: personal details stay sealed. */
  readonly getResident: (residentId: string) => Promise<Resident.State>
  /** Validates, authorizes and handles one command of a resident's points ledger (道德银行). */
  readonly sendPoints: (
    command: unknown,
    context?: SendContext,
  ) => Promise<CommandHandler.HandledCommand<Points.Event, Points.State>>
  readonly getLedger: (residentId: string) => Promise<Points.State>
  /** Escalates whatever is overdue now (the background ticker calls this too). */
  readonly tick: () => Promise<Escalation.TickReport>
  /**
   * Open cases whose deadline falls beyond the calendar's years, so that they do not escalate
   * (the deadline process's `beyondCalendar`), after it has read the store's latest events.
   */
  readonly beyondCalendar: () => Promise<ReadonlyArray<string>>
  /**
   * Resolves once every read model that reads the stream has folded it up to the position
   * (read your own writes): pass a handled command's `streamId` and `lastPosition`.
   */
  readonly settle: (written: { readonly streamId: string; readonly lastPosition: number }) => Promise<void>
  /** Runs a read-model query. */
  readonly query: <A, E>(query: Effect.Effect<A, E, ReadModelStore.ReadModelStore>) => Promise<A>
  /** Runs any effect on the office's services (the store, the clock, the read models). */
  readonly run: <A, E>(
    effect: Effect.Effect<
      A,
      E,
      | EventStore.EventStore
      | ReadModelStore.ReadModelStore
      | BusinessClock.BusinessClock
      | Ids.Ids
      | Privacy.KeyStore
    >,
  ) => Promise<A>
  /** Called after the read models have taken in new events, with the last position seen. */
  readonly onChange: (listener: (position: number) => void) => () => void
  /** Stops ticking and projecting, and closes the store after what is queued is written. */
  readonly close: () => Promise<void>
}

interface Internals {
  readonly runner: ProjectionRunner.ProjectionRunner
  /** Every command from people (staff, Open311 clients) passes authorization (权限校验). */
  readonly handler: Case.GuardedHandler
  readonly residents: Resident.GuardedHandler
  readonly points: Points.GuardedHandler
  readonly tick: (
    now: Instant.Instant,
  ) => Effect.Effect<
    Escalation.TickReport,
    unknown,
    EventStore.EventStore | BusinessClock.BusinessClock | Ids.Ids
  >
  readonly beyondCalendar: Effect.Effect<ReadonlyArray<string>, unknown, EventStore.EventStore>
}

class OfficeInternals extends Context.Service<OfficeInternals, Internals>()(
  "@gridcase/example-hotline-service/OfficeInternals",
) {}

const loadTerritory = CommandHandler.readAggregate(Territory.makeDecider(), Territory.eventCodec)

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

/** Opens an office; resolves once its read models have caught up with the store. */
export const openOffice = async (options: OfficeOptions): Promise<Office> => {
  const config = options.config ?? { policy: Escalation.defaultPolicy, calendar: Calendar.shanghai }
  const clock = options.clock ?? { now: () => Date.now() }
  const ids = options.ids ?? { next: () => v7() }
  const projections = PROJECTIONS(config)
  const listeners = new Set<(position: number) => void>()
  const report = options.onBackgroundError ?? ((message: string) => console.error(message))

  const services = Layer.mergeAll(
    options.store,
    Layer.succeed(BusinessClock.BusinessClock, BusinessClock.BusinessClock.of(clock)),
    Layer.succeed(Ids.Ids, Ids.Ids.of(ids)),
    options.readModels ?? ReadModelStore.Memory.layer,
    options.keyStore ?? Privacy.memoryKeyStoreLayer,
  )

  const internals = Layer.effect(
    OfficeInternals,
    Effect.gen(function* () {
      const territoryOf = () => options.territoryId
      const handler = Case.makeGuardedHandler(config, { territoryOf })
      const residents = Resident.makeGuardedHandler({ territoryOf })
      const points = Points.makeGuardedHandler(options.pointsPolicy ?? MORAL_BANK, { territoryOf })
      // The deadline process is a trusted system actor: it escalates through the plain handler.
      const deadlines = Escalation.makeDeadlineProcess(config, Case.makeHandler(config))
      const runner = yield* ProjectionRunner.start({ projections })
      for (const projection of projections) yield* runner.awaitLive(projection.name)
      const statuses = yield* runner.status
      const from = Math.min(...statuses.map((status) => status.position))

      // The change feed: after new events, wait until every read model has them, then tell.
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

      // One at a time: a tick and a look at the cases beyond the calendar both fold the store
      // into the deadline process's index, which two folds at once would corrupt.
      const oneAtATime = (yield* Semaphore.make(1)).withPermits(1)
      const tick = (now: Instant.Instant) => oneAtATime(deadlines.tick(now))
      const beyondCalendar = oneAtATime(Effect.map(deadlines.catchUp, () => deadlines.beyondCalendar()))
      if (options.tickEvery !== undefined) {
        yield* Effect.suspend(() => tick(clock.now())).pipe(
          Effect.catchCause((cause) =>
            Effect.sync(() => report(`deadline tick failed: ${Cause.pretty(cause)}`)),
          ),
          Effect.repeat(Schedule.spaced(options.tickEvery)),
          Effect.forkScoped,
        )
      }
      return OfficeInternals.of({ runner, handler, residents, points, tick, beyondCalendar })
    }),
  )

  const runtime = ManagedRuntime.make(Layer.provideMerge(internals, services))
  const { runner, handler, residents, points, tick, beyondCalendar } = await runtime.runPromise(
    Effect.gen(function* () {
      return yield* OfficeInternals
    }),
  )
  const load = (caseId: string) => runtime.runPromise(handler.load(Case.streamId(caseId)))
  const recordVisit = Resident.makeVisitRecorder(residents, handler)
  /** The full context of a command: a fresh command id unless retried, the actor its `by`. */
  const contextOf = (context: SendContext, by: string): CommandHandler.Context => ({
    ...context,
    commandId: context.commandId ?? ids.next(),
    actor: context.actor ?? by,
  })

  return {
    config,
    territoryId: options.territoryId,
    now: () => clock.now(),
    newId: () => ids.next(),
    send: async (input, context = {}) => {
      const command = Case.decodeCommand(input)
      if (Result.isFailure(command)) throw command.failure
      return runtime.runPromise(handler(command.success, contextOf(context, command.success.by)))
    },
    getCase: async (caseId) => (await load(caseId)).state,
    history: (caseId) =>
      runtime.runPromise(
        Effect.gen(function* () {
          return yield* (yield* EventStore.EventStore).readStream(Case.streamId(caseId))
        }),
      ),
    timers: async (caseId) => {
      const { state } = await load(caseId)
      return state.exists ? Case.timers(state, clock.now(), config.policy, config.calendar) : []
    },
    territory: async () =>
      (await runtime.runPromise(loadTerritory(Territory.streamId(options.territoryId)))).state,
    sendResident: async (input, context = {}) => {
      const decoded = Resident.decodeCommand(input)
      if (Result.isFailure(decoded)) throw decoded.failure
      const command = decoded.success
      const full = contextOf(context, command.by)
      return command._tag === "RecordVisit"
        ? runtime.runPromise(recordVisit(command, full))
        : runtime.runPromise(Effect.map(residents(command, full), (visit) => ({ visit })))
    },
    getResident: async (residentId) =>
      (await runtime.runPromise(residents.load(Resident.streamId(residentId)))).state,
    sendPoints: async (input, context = {}) => {
      const decoded = Points.decodeCommand(input)
      if (Result.isFailure(decoded)) throw decoded.failure
      return runtime.runPromise(points(decoded.success, contextOf(context, decoded.success.by)))
    },
    getLedger: async (residentId) =>
      (await runtime.runPromise(points.load(Points.streamId(residentId)))).state,
    tick: () => runtime.runPromise(tick(clock.now())),
    beyondCalendar: () => runtime.runPromise(beyondCalendar),
    settle: (written) => runtime.runPromise(awaitFolded(runner, projections, [written])),
    query: (query) => runtime.runPromise(query),
    run: (effect) => runtime.runPromise(effect),
    onChange: (listener) => {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    close: async () => {
      listeners.clear()
      await runtime.dispose()
    },
  }
}
