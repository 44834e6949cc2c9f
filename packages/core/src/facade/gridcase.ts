import { Effect, Layer, ManagedRuntime, Result } from "effect"
import type { WorkingCalendar } from "../calendar/calendar.ts"
import { shanghaiCalendar } from "../calendar/china-mainland.ts"
import { type CaseHandler, decodeCaseCommand, makeCaseHandler } from "../case/case-handler.ts"
import { caseStreamId } from "../case/codec.ts"
import type { EscalationDue } from "../case/escalation-due.ts"
import type { CaseEvent } from "../case/events.ts"
import type { CaseState } from "../case/state.ts"
import { caseTimers, type StepTimer } from "../case/timers.ts"
import { type DeadlineProcess, makeDeadlineProcess, type TickReport } from "../deadlines/deadline-process.ts"
import type { CommandContext } from "../handler/command-context.ts"
import type { HandledCommand } from "../handler/command-handler.ts"
import { uuidV7 } from "../internal/uuid-v7.ts"
import { defaultPolicy } from "../policy/default-policy.ts"
import type { EscalationPolicy } from "../policy/policy.ts"
import { Clock, type ClockShape } from "../services/clock.ts"
import { Ids, type IdsShape } from "../services/ids.ts"
import type { Instant } from "../shared/instant.ts"
import { EventStore, type EventStoreShape } from "../store/event-store.ts"
import type { RecordedEvent } from "../store/recorded-event.ts"

export interface GridcaseOptions {
  /** Where events live: a store object (e.g. `makeMemoryEventStore()`) or a Layer providing one. */
  readonly store: EventStoreShape | Layer.Layer<EventStore, unknown>
  /** Time limits and level skips; defaults to `defaultPolicy` (DOMAIN §8 figures). */
  readonly policy?: EscalationPolicy
  /** Working-time calendar; defaults to `shanghaiCalendar` (2025–2026 official holidays). */
  readonly calendar?: WorkingCalendar
  /** Business time; defaults to the machine's clock. Pass a fixed clock in tests and simulations. */
  readonly clock?: ClockShape
  /** Id source; defaults to UUID v7. */
  readonly ids?: IdsShape
  /**
   * How many cases' states the desk keeps between commands, so that the next command on a case
   * needs no read of its stream when this desk is its only writer (default 1,000; 0: read every
   * time). Always safe with other writers: see `makeCommandHandler`, "Kept states".
   */
  readonly cacheCapacity?: number
}

/** Optional parts of a command's context: the command id makes retries idempotent, so pass one. */
export type SendContext = Partial<CommandContext>

/**
 * The case desk (案件受理台) for applications that do not use Effect: send commands with
 * `await`, read a case, its timeline and its step lights, and run the deadline process.
 *
 * ```ts
 * const desk = createGridcase({ store: makeMemoryEventStore() })
 * await desk.send({ _tag: "ReportCase", caseId: desk.newId(), at: Date.now(), by: "worker-7", … })
 * await desk.tick()   // escalates what is overdue
 * await desk.dispose()
 * ```
 *
 * Every failure rejects with a typed error instance (`InvalidCommand`, `IllegalCaseTransition`,
 * `CaseRuleViolated`, `WrongExpectedVersion`, …), an `Error` with a `_tag`.
 */
export interface Gridcase {
  /** Validates and handles one case command. `context.actor` defaults to the command's `by`. */
  readonly send: (command: unknown, context?: SendContext) => Promise<HandledCommand<CaseEvent, CaseState>>
  readonly getCase: (caseId: string) => Promise<CaseState>
  /** The case's stored events, oldest first: its timeline. */
  readonly history: (caseId: string) => Promise<ReadonlyArray<RecordedEvent>>
  /** Each started step's limit, due time and traffic light at `now` (default: the clock). */
  readonly timers: (caseId: string, now?: Instant) => Promise<ReadonlyArray<StepTimer>>
  /** Escalates every case overdue at `now` (default: the clock). Idempotent. */
  readonly tick: (now?: Instant) => Promise<TickReport>
  /** Cases due to escalate, soonest first. */
  readonly upcoming: () => Promise<ReadonlyArray<EscalationDue>>
  /** A fresh id from the configured id source, for new cases. */
  readonly newId: () => string
  readonly dispose: () => Promise<void>
}

const isStoreShape = (store: GridcaseOptions["store"]): store is EventStoreShape => "readStream" in store

export const createGridcase = (options: GridcaseOptions): Gridcase => {
  const config = { policy: options.policy ?? defaultPolicy, calendar: options.calendar ?? shanghaiCalendar }
  const handler: CaseHandler = makeCaseHandler(
    config,
    options.cacheCapacity === undefined ? {} : { cacheCapacity: options.cacheCapacity },
  )
  const deadlines: DeadlineProcess = makeDeadlineProcess(config, handler)
  const clock = options.clock ?? { now: () => Date.now() }
  const idSource = options.ids ?? { next: uuidV7 }
  const store = options.store
  const storeLayer = isStoreShape(store) ? Layer.succeed(EventStore, EventStore.of(store)) : store
  const runtime = ManagedRuntime.make(
    Layer.mergeAll(Layer.succeed(Clock, Clock.of(clock)), Layer.succeed(Ids, Ids.of(idSource)), storeLayer),
  )
  const load = (caseId: string) => runtime.runPromise(handler.load(caseStreamId(caseId)))

  return {
    send: async (input, context = {}) => {
      const command = decodeCaseCommand(input)
      if (Result.isFailure(command)) throw command.failure
      const full: CommandContext = {
        ...context,
        commandId: context.commandId ?? idSource.next(),
        actor: context.actor ?? command.success.by,
      }
      return runtime.runPromise(handler(command.success, full))
    },
    getCase: async (caseId) => (await load(caseId)).state,
    history: (caseId) =>
      runtime.runPromise(
        Effect.gen(function* () {
          const events = yield* EventStore
          return yield* events.readStream(caseStreamId(caseId))
        }),
      ),
    timers: async (caseId, now) => {
      const { state } = await load(caseId)
      return state.exists ? caseTimers(state, now ?? clock.now(), config.policy, config.calendar) : []
    },
    tick: (now) => runtime.runPromise(deadlines.tick(now ?? clock.now())),
    upcoming: () => runtime.runPromise(Effect.map(deadlines.catchUp, () => deadlines.upcoming())),
    newId: () => idSource.next(),
    dispose: () => runtime.dispose(),
  }
}
