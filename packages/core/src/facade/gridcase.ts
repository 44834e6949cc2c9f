import { Cause, type Duration, Effect, Layer, ManagedRuntime, Result, Schedule } from "effect"
import type { WorkingCalendar } from "../calendar/calendar.ts"
import { shanghaiCalendar } from "../calendar/china-mainland.ts"
import { decodeCampaignCommand } from "../campaign/campaign-handler.ts"
import { campaignStreamId } from "../campaign/codec.ts"
import type { CampaignEvent } from "../campaign/events.ts"
import type { CampaignState } from "../campaign/state.ts"
import { decodeCaseCommand } from "../case/case-handler.ts"
import { caseStreamId } from "../case/codec.ts"
import type { CaseDeciderConfig } from "../case/decide.ts"
import type { EscalationDue } from "../case/escalation-due.ts"
import type { CaseEvent } from "../case/events.ts"
import type { CaseState } from "../case/state.ts"
import { caseTimers, type StepTimer } from "../case/timers.ts"
import { type DeadlineProcess, makeDeadlineProcess, type TickReport } from "../deadlines/deadline-process.ts"
import type { CommandContext } from "../handler/command-context.ts"
import type { HandledCommand } from "../handler/command-handler.ts"
import type { CommandDecoder } from "../handler/invalid-command.ts"
import type { AggregateSnapshot } from "../handler/read-aggregate.ts"
import { intakeStreamId } from "../intake/codec.ts"
import type { IntakeEvent } from "../intake/events.ts"
import { decodeIntakeCommand } from "../intake/intake-handler.ts"
import { type HandledIntake, makeReportLocator } from "../intake/report-locator.ts"
import type { IntakeState } from "../intake/state.ts"
import { uuidV7 } from "../internal/uuid-v7.ts"
import { pointsStreamId } from "../points/codec.ts"
import type { PointsEvent } from "../points/events.ts"
import { decodePointsCommand } from "../points/points-handler.ts"
import type { PointsPolicy } from "../points/policy.ts"
import type { PointsLedger } from "../points/state.ts"
import { defaultPolicy } from "../policy/default-policy.ts"
import type { EscalationPolicy } from "../policy/policy.ts"
import type { KeyStore } from "../privacy/key-store.ts"
import { memoryKeyStoreLayer } from "../privacy/memory-key-store.ts"
import { residentStreamId } from "../resident/codec.ts"
import { decodeResidentCommand } from "../resident/resident-handler.ts"
import type { ResidentState } from "../resident/state.ts"
import { makeVisitRecorder, type RecordedVisit } from "../resident/visit-recorder.ts"
import { BusinessClock, type ClockShape } from "../services/business-clock.ts"
import { Ids, type IdsShape } from "../services/ids.ts"
import type { Instant } from "../shared/instant.ts"
import { EventStore, type EventStoreShape } from "../store/event-store.ts"
import type { RecordedEvent } from "../store/recorded-event.ts"
import { territoryStreamId } from "../territory/codec.ts"
import type { TerritoryEvent } from "../territory/events.ts"
import type { TerritoryState } from "../territory/state.ts"
import { decodeTerritoryCommand } from "../territory/territory-handler.ts"
import type { TerritoryId } from "../territory/vocabulary.ts"
import { type DeskHandlers, makeHandlers } from "./handlers.ts"

/** The services every command of the desk runs on, and that `run` provides. */
export type DeskServices = EventStore | BusinessClock | Ids | KeyStore

/** How to make a desk: the store, and optionally the policy, calendar, clock, ids, key store, points policy, authorization, background tick and extra services. */
export interface GridcaseOptions<R = never> {
  /** Where events live: a store object (e.g. `makeMemoryEventStore()`) or a Layer providing one. */
  readonly store: EventStoreShape | Layer.Layer<EventStore, unknown>
  /** Time limits and level skips; defaults to `Escalation.defaultPolicy`. */
  readonly policy?: EscalationPolicy
  /** Working-time calendar; defaults to `Calendar.shanghai` (the years `Calendar.CHINA_MAINLAND` ships). */
  readonly calendar?: WorkingCalendar
  /** Business time; defaults to the machine's clock. Pass a fixed clock in tests and simulations. */
  readonly clock?: ClockShape
  /** Id source; defaults to UUID v7. */
  readonly ids?: IdsShape
  /**
   * Where residents' keys live (crypto-shredding, 加密删除). In memory by default, which loses
   * every resident's personal details with the process: give a lasting key store in production.
   */
  readonly keyStore?: Layer.Layer<KeyStore, unknown>
  /** The moral bank's catalogue and validity (道德银行); an empty catalogue by default. */
  readonly pointsPolicy?: PointsPolicy
  /**
   * Authorization (权限校验). When set, every command is checked against the roles its actor
   * holds in the territory that the command's grid, area or household belongs to, and the
   * actor must be the command's `by`: nobody acts in someone else's name. Without it, commands
   * are trusted (a back office that authorizes by other means, a simulation, a test).
   */
  readonly authorization?: {
    /** The territory (district) a grid, area or household belongs to; `() => "kunqu"` when there is one. */
    readonly territoryOf: (placeId: string) => TerritoryId
  }
  /**
   * Runs the deadline process (超时监控) in the background this often, escalating whatever is
   * overdue and reminding (催办) of each step the day after its deadline; never when absent (call
   * `tick` yourself).
   */
  readonly tickEvery?: Duration.Input
  /** Told of what fails in the background (a tick), instead of it being lost; `console.error` by default. */
  readonly onBackgroundError?: (message: string) => void
  /**
   * More services built on the desk's own (read models, a projection runner…), started with the
   * desk and released by `dispose`. `run` provides them too.
   */
  readonly layer?: Layer.Layer<R, unknown, DeskServices>
  /**
   * How many streams' states each handler keeps between commands, so that the next command on
   * a stream needs no read when this desk is its only writer (default 1,000; 0: read every
   * time). Always safe with other writers: see `CommandHandler.make`, "Kept states".
   */
  readonly cacheCapacity?: number
}

/** Optional parts of a command's context: the command id makes retries idempotent, so pass one. */
export type SendContext = Partial<CommandContext>

/** One aggregate's side of the desk. */
export interface AggregateDesk<E, S, Handled = HandledCommand<E, S>> {
  /**
   * Validates untrusted input as a command (`InvalidCommand` when it is not one), then handles
   * it. `context.actor` defaults to the command's `by`.
   */
  readonly send: (command: unknown, context?: SendContext) => Promise<Handled>
  /**
   * The aggregate's current state, by its id (a case id, a territory id, a resident id…), from a
   * read begun after the call — or after `readsSince`, the arrival of the request it serves
   * (`CommandContext.readsSince`, which the same request's commands may then pass on).
   */
  readonly get: (id: string, readsSince?: number) => Promise<S>
  /** Its stored events, oldest first: the timeline. */
  readonly history: (id: string) => Promise<ReadonlyArray<RecordedEvent>>
}

/**
 * The desk (受理台) for applications that do not use Effect: every aggregate's commands with
 * `await`, the deadline process, and the services to run anything else on.
 *
 * ```ts run
 * import { makeMemoryEventStore } from "@gridcase/adapters/memory"
 * import { Gridcase } from "@gridcase/core"
 *
 * const desk = Gridcase.make({ store: makeMemoryEventStore() })
 * const caseId = desk.newId()
 * await desk.cases.send({
 *   _tag: "ReportCase",
 *   caseId,
 *   at: Date.now(),
 *   by: "worker-7",
 *   source: "patrol",
 *   category: "utilities",
 *   urgency: "urgent",
 *   description: "broken water pipe",
 *   location: { gridId: "grid-01" },
 *   level: "microGrid",
 * })
 * await desk.tick() // escalates what is overdue, reminds of what passed its deadline yesterday, criticises (通报批评) what is still late, unexplained, 5 working days on
 * await desk.dispose()
 * ```
 *
 * Every failure rejects with a typed error instance (`InvalidCommand`, `IllegalCaseTransition`,
 * `CaseRuleViolated`, `Forbidden`, `WrongExpectedVersion`, …), an `Error` with a `_tag`.
 */
export interface Gridcase<R = never> {
  /** Cases (案件), with each step's time limit and light (红黄绿灯). */
  readonly cases: AggregateDesk<CaseEvent, CaseState> & {
    /** Each started step's limit, due time and traffic light at `now` (default: the clock). */
    readonly timers: (caseId: string, now?: Instant) => Promise<ReadonlyArray<StepTimer>>
  }
  /** The territory (辖区): areas, grids, departments, households and who holds which role. */
  readonly territory: AggregateDesk<TerritoryEvent, TerritoryState>
  /**
   * Residents (居民), sealed: personal details are encrypted under the resident's own key before
   * anything is stored. A visit (`RecordVisit`) that raises a case reports it in the same call.
   */
  readonly residents: AggregateDesk<never, ResidentState, RecordedVisit>
  /** Residents' points ledgers (道德银行). */
  readonly points: AggregateDesk<PointsEvent, PointsLedger>
  /** Door-knocking campaigns (敲门行动). */
  readonly campaigns: AggregateDesk<CampaignEvent, CampaignState>
  /**
   * Reports the office could not place (待定位), by report id. Locating one (`LocateReport`)
   * reports its case in the chosen grid in the same call, with the report's id and time of receipt.
   */
  readonly intake: AggregateDesk<IntakeEvent, IntakeState, HandledIntake>
  /**
   * Escalates every case overdue at `now` (default: the clock) and reminds (催办) of every step
   * whose deadline fell on an earlier day. Idempotent.
   */
  readonly tick: (now?: Instant) => Promise<TickReport>
  /** Cases due to escalate, soonest first. */
  readonly upcoming: () => Promise<ReadonlyArray<EscalationDue>>
  /**
   * Open cases whose deadline falls beyond the calendar's years, so that they cannot escalate
   * until the calendar gains that year (see `Escalation.TickReport.beyondCalendar`).
   */
  readonly beyondCalendar: () => Promise<ReadonlyArray<string>>
  /** The policy and calendar the desk decides cases by. */
  readonly config: CaseDeciderConfig
  /** The desk's business time. */
  readonly now: () => Instant
  /** A fresh id from the configured id source, for new cases, residents, visits… */
  readonly newId: () => string
  /** Runs any effect on the desk's services (and those of `options.layer`). */
  readonly run: <A, E>(effect: Effect.Effect<A, E, DeskServices | R>) => Promise<A>
  /** Stops the background tick and releases what the store and `options.layer` acquired. */
  readonly dispose: () => Promise<void>
}

const isStoreShape = (store: GridcaseOptions["store"]): store is EventStoreShape => "readStream" in store

/** The background deadline tick, as a layer that lives as long as the desk. */
const backgroundTick = (
  deadlines: DeadlineProcess,
  every: Duration.Input,
  report: (message: string) => void,
) =>
  Layer.effectDiscard(
    Effect.gen(function* () {
      const clock = yield* BusinessClock
      yield* Effect.suspend(() => deadlines.tick(clock.now())).pipe(
        Effect.catchCause((cause) =>
          Effect.sync(() => report(`deadline tick failed: ${Cause.pretty(cause)}`)),
        ),
        Effect.repeat(Schedule.spaced(every)),
        Effect.forkScoped,
      )
    }),
  )

/** Decodes untrusted input with a command decoder, rejecting with its `InvalidCommand`. */
const decoded = <C>(decode: CommandDecoder<C>, input: unknown): C => {
  const result = decode(input)
  if (Result.isFailure(result)) throw result.failure
  return result.success
}

/** What every aggregate's side of the desk runs on. */
interface DeskRuntime<R> {
  readonly run: <A, E>(effect: Effect.Effect<A, E, DeskServices | R>) => Promise<A>
  /** The full context of a command: a fresh command id unless retried, the actor its `by`. */
  readonly contextOf: (context: SendContext, by: string) => CommandContext
}

/** One aggregate's side of the desk: decode and handle, load, read the stream. */
const aggregateDesk = <R, C extends { readonly by: string }, E, S, Handled>(
  desk: DeskRuntime<R>,
  parts: {
    readonly decode: CommandDecoder<C>
    readonly handle: (command: C, context: CommandContext) => Effect.Effect<Handled, unknown, DeskServices>
    readonly load: (
      streamId: string,
      readsSince?: number,
    ) => Effect.Effect<AggregateSnapshot<S>, unknown, EventStore>
    readonly streamIdOf: (id: string) => string
  },
): AggregateDesk<E, S, Handled> => ({
  send: (input, context = {}) => {
    const command = decoded(parts.decode, input)
    return desk.run(parts.handle(command, desk.contextOf(context, command.by)))
  },
  get: async (id, readsSince) => (await desk.run(parts.load(parts.streamIdOf(id), readsSince))).state,
  history: (id) =>
    desk.run(
      Effect.gen(function* () {
        return yield* (yield* EventStore).readStream(parts.streamIdOf(id))
      }),
    ),
})

/** The desk's services: the clock, the ids, the store, the key store, then the caller's layer and the background tick. */
const deskRuntime = <R>(
  options: GridcaseOptions<R>,
  clock: ClockShape,
  ids: IdsShape,
  deadlines: DeadlineProcess,
) => {
  const base = Layer.mergeAll(
    Layer.succeed(BusinessClock, BusinessClock.of(clock)),
    Layer.succeed(Ids, Ids.of(ids)),
    isStoreShape(options.store) ? Layer.succeed(EventStore, EventStore.of(options.store)) : options.store,
    options.keyStore ?? memoryKeyStoreLayer,
  )
  const extra: Layer.Layer<R, unknown, DeskServices> = options.layer ?? (Layer.empty as Layer.Layer<R>)
  const ticking =
    options.tickEvery === undefined
      ? Layer.empty
      : backgroundTick(deadlines, options.tickEvery, options.onBackgroundError ?? console.error)
  return ManagedRuntime.make(Layer.provideMerge(Layer.merge(extra, ticking), base))
}

/** Every aggregate's side of the desk. */
const aggregateDesks = <R>(
  desk: DeskRuntime<R>,
  handlers: DeskHandlers,
  config: CaseDeciderConfig,
  clock: ClockShape,
): Pick<Gridcase<R>, "cases" | "territory" | "residents" | "points" | "campaigns" | "intake"> => {
  const recordVisit = makeVisitRecorder(handlers.residents, handlers.cases)
  const cases = aggregateDesk(desk, {
    decode: decodeCaseCommand,
    handle: handlers.cases,
    load: handlers.cases.load,
    streamIdOf: caseStreamId,
  })
  return {
    cases: {
      ...cases,
      timers: async (caseId, now) => {
        const state = await cases.get(caseId)
        return state.exists ? caseTimers(state, now ?? clock.now(), config.policy, config.calendar) : []
      },
    },
    territory: aggregateDesk(desk, {
      decode: decodeTerritoryCommand,
      handle: handlers.territory,
      load: handlers.territory.load,
      streamIdOf: territoryStreamId,
    }),
    residents: aggregateDesk(desk, {
      decode: decodeResidentCommand,
      handle: (command, context) =>
        command._tag === "RecordVisit"
          ? recordVisit(command, context)
          : Effect.map(handlers.residents(command, context), (visit) => ({ visit })),
      load: handlers.residents.load,
      streamIdOf: residentStreamId,
    }),
    points: aggregateDesk(desk, {
      decode: decodePointsCommand,
      handle: handlers.points,
      load: handlers.points.load,
      streamIdOf: pointsStreamId,
    }),
    campaigns: aggregateDesk(desk, {
      decode: decodeCampaignCommand,
      handle: handlers.campaigns,
      load: handlers.campaigns.load,
      streamIdOf: campaignStreamId,
    }),
    intake: aggregateDesk(desk, {
      decode: decodeIntakeCommand,
      handle: makeReportLocator(handlers.intake, handlers.cases),
      load: handlers.intake.load,
      streamIdOf: intakeStreamId,
    }),
  }
}

/** Makes a desk (see {@link Gridcase}); its services are built on first use. */
export const makeGridcase = <R = never>(options: GridcaseOptions<R>): Gridcase<R> => {
  const config: CaseDeciderConfig = {
    policy: options.policy ?? defaultPolicy,
    calendar: options.calendar ?? shanghaiCalendar,
  }
  const clock = options.clock ?? { now: () => Date.now() }
  const idSource = options.ids ?? { next: uuidV7 }
  const handlers = makeHandlers(config, options)
  const deadlines = makeDeadlineProcess(config, handlers.trustedCases)
  const runtime = deskRuntime(options, clock, idSource, deadlines)
  const run = <A, E>(effect: Effect.Effect<A, E, DeskServices | R>) => runtime.runPromise(effect)
  const desk: DeskRuntime<R> = {
    run,
    contextOf: (context, by) => ({
      ...context,
      commandId: context.commandId ?? idSource.next(),
      actor: context.actor ?? by,
    }),
  }
  return {
    ...aggregateDesks(desk, handlers, config, clock),
    tick: (now) => run(deadlines.tick(now ?? clock.now())),
    upcoming: () => run(Effect.map(deadlines.catchUp, () => deadlines.upcoming())),
    beyondCalendar: () => run(Effect.map(deadlines.catchUp, () => deadlines.beyondCalendar())),
    config,
    now: () => clock.now(),
    newId: () => idSource.next(),
    run,
    dispose: () => runtime.dispose(),
  }
}
