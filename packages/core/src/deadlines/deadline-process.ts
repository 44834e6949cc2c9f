import { Effect, Result, Semaphore } from "effect"
import { OutsideCalendarError } from "../calendar/calendar.ts"
import type { CaseHandler } from "../case/case-handler.ts"
import { CASE_STREAM_PREFIX, caseEventCodec } from "../case/codec.ts"
import type { CaseCommand } from "../case/commands.ts"
import { type CriticismDue, criticismsDue, dueCriticism } from "../case/criticism-due.ts"
import type { CaseDeciderConfig } from "../case/decide.ts"
import { type CaseError, CaseRuleViolated, IllegalCaseTransition } from "../case/errors.ts"
import {
  DEADLINE_ACTOR,
  type EscalationDue,
  escalationDue,
  isOverdue,
  overdueEscalation,
} from "../case/escalation-due.ts"
import { evolveCase } from "../case/evolve.ts"
import { dueReminder, type ReminderDue, remindersDue } from "../case/reminder-due.ts"
import { initialCaseState, isSettled, type OpenedCase } from "../case/state.ts"
import type { CommandHandlerError, CommandHandlerServices } from "../handler/command-handler.ts"
import type { Instant } from "../shared/instant.ts"
import type { EventDecodeError, StoreUnavailable } from "../store/errors.ts"
import { EventStore } from "../store/event-store.ts"

/**
 * What one tick of the deadline process (超时监控) did: whom it escalated and reminded, what it
 * left, what it could not time.
 */
export interface TickReport {
  readonly now: Instant
  /** Cases escalated by this tick, with the level each left and the level it reached. */
  readonly escalated: ReadonlyArray<{ readonly caseId: string; readonly from: string; readonly to: string }>
  /** Steps reminded of (催办) by this tick, the day after their deadline passed (到期次日). */
  readonly reminded: ReadonlyArray<{ readonly caseId: string; readonly step: string }>
  /**
   * Steps whose holder this tick criticised in writing (通报批评): reminded of their deadline and
   * still past it, unexplained, by the policy's `criticismAfter`.
   */
  readonly criticized: ReadonlyArray<{ readonly caseId: string; readonly step: string }>
  /**
   * Overdue cases someone else moved first (the case's rules refused their escalation,
   * reminder or criticism): nothing to do.
   */
  readonly alreadyMoved: number
  /**
   * Open cases whose deadline falls in a year the calendar does not know: no deadline is
   * guessed for them, so they cannot escalate by themselves until the calendar gains that year
   * (its official holidays and 调休). Listed so an operator sees them; the other cases still
   * escalate as usual.
   */
  readonly beyondCalendar: ReadonlyArray<string>
}

/**
 * The deadline process (超时监控): watches case events, escalates what is overdue, reminds the
 * unit of each step the day after its deadline (催办) and criticises in writing (通报批评) the unit
 * still past it, unexplained, 5 working days on (docs/domain.md#rule-reminder).
 */
export interface DeadlineProcess {
  /** Folds case events appended since the last call into the process's index. */
  readonly catchUp: Effect.Effect<void, EventDecodeError | StoreUnavailable, EventStore>
  /**
   * Escalates every case overdue at `now`, one level (or as the policy's skip rule allows), then
   * reminds (催办) every running step whose deadline passed before `now`'s day, once per
   * deadline, then criticises (通报批评) the holder of every step reminded of its deadline and
   * still past it, with no reason reported, by the policy's `criticismAfter`, once per deadline.
   * Idempotent: a second tick at the same `now` finds nothing overdue, each escalation carries a
   * command id derived from (case, level, arrival), each reminder and criticism one derived from
   * (case, step, deadline), so a tick retried after a crash never escalates, reminds or
   * criticises twice.
   */
  readonly tick: (
    now: Instant,
  ) => Effect.Effect<TickReport, CommandHandlerError<CaseError>, CommandHandlerServices>
  /** Cases that will escalate unless they move first, soonest first (as of the last catch-up). */
  readonly upcoming: () => ReadonlyArray<EscalationDue>
  /** Open cases with no computable deadline (see {@link TickReport.beyondCalendar}), as of the last catch-up. */
  readonly beyondCalendar: () => ReadonlyArray<string>
  /**
   * How many cases the process keeps in memory, as of the last catch-up: those that can still
   * move. A case that never can (rejected, voided, merged, closed with a verdict that allows no
   * reopen) is dropped, so this follows the live cases, not the history — what a service's
   * health check can watch.
   */
  readonly watching: () => number
}

/**
 * Whether the case's rules refused the process's own escalation, reminder or criticism, which only means the
 * index was a step behind: the process sends only the escalation or reminder the decider accepts
 * on the state its index holds (the same level, the same deadline), so a refusal says the stored
 * case is no longer that state. Someone moved it between the fold and the command: escalated or handed it down, rejected
 * or put it on hold, granted time (possibly past the calendar's years: `outsideCalendar`), or acted
 * on it at a later moment than the tick's (`clockWentBackwards`, the likeliest refusal in a real
 * race, since the other command came after the tick began). Nothing to do; the next fold sees it.
 */
const isRefusal = (error: unknown): boolean =>
  error instanceof IllegalCaseTransition || error instanceof CaseRuleViolated

/**
 * Builds a deadline process over the case streams of the store. It keeps, in memory, the state
 * of every case that can still escalate (cases that can never move again are dropped, so memory
 * follows the number of live cases, not history), folded from `readAll` pages.
 */
export const makeDeadlineProcess = (config: CaseDeciderConfig, handler: CaseHandler): DeadlineProcess => {
  const cases = new Map<string, OpenedCase>()
  let checkpoint = 0
  // One fold at a time: two catch-ups that read the same checkpoint would fold the same page
  // twice (a tick and a look at what is upcoming, from two callers of one process).
  const oneAtATime = Semaphore.makeUnsafe(1).withPermits(1)

  const foldNewEvents = Effect.gen(function* () {
    const store = yield* EventStore
    for (;;) {
      const page = yield* store.readAll({ after: checkpoint, streamPrefix: CASE_STREAM_PREFIX })
      if (page.length === 0) return
      for (const recorded of page) {
        const decoded = caseEventCodec.decode(recorded)
        if (Result.isFailure(decoded)) return yield* decoded.failure
        const event = decoded.success
        const known = cases.get(event.caseId)
        // A case's first event is its report; any other event of a case we do not hold
        // belongs to one dropped as final, which nothing can make escalate again.
        if (known !== undefined || event._tag === "CaseReported") {
          const next = evolveCase(known ?? initialCaseState, event)
          if (next.exists && !isSettled(next)) cases.set(event.caseId, next)
          else cases.delete(event.caseId)
        }
        checkpoint = recorded.position
      }
    }
  })

  /** Every live case's next escalation, soonest first, and the cases whose deadline the calendar cannot place. */
  const schedule = (): { readonly dues: Array<EscalationDue>; readonly beyondCalendar: Array<string> } => {
    const dues: Array<EscalationDue> = []
    const beyondCalendar: Array<string> = []
    for (const state of cases.values()) {
      try {
        const due = escalationDue(state, config.policy, config.calendar)
        if (due !== undefined) dues.push(due)
      } catch (error) {
        if (!(error instanceof OutsideCalendarError)) throw error
        beyondCalendar.push(state.caseId)
      }
    }
    return { dues: dues.sort((a, b) => a.dueAt - b.dueAt), beyondCalendar }
  }

  /** The reminders (催办) live cases are owed by `now`: each running step the day after its deadline. */
  const remindersOwed = (now: Instant): ReadonlyArray<ReminderDue> =>
    [...cases.values()].flatMap((state) =>
      remindersDue(state, config.policy, config.calendar).filter((due) => due.remindAt <= now),
    )

  /** The written criticisms (通报批评) live cases are owed at `now`, each strictly after it falls due. */
  const criticismsOwed = (now: Instant): ReadonlyArray<CriticismDue> =>
    [...cases.values()].flatMap((state) =>
      criticismsDue(state, config.policy, config.calendar).filter((due) => due.criticizeAfter < now),
    )

  /**
   * Sends one command per due (case, step, deadline) under its own command id, and lists the steps
   * it acted on; a refusal means someone moved the case first, anything else fails the tick.
   */
  const sendEach = <D extends { readonly caseId: string; readonly step: string; readonly deadline: Instant }>(
    dues: ReadonlyArray<D>,
    kind: string,
    command: (due: D) => CaseCommand,
  ) =>
    Effect.gen(function* () {
      const done: Array<{ caseId: string; step: string }> = []
      let moved = 0
      for (const due of dues) {
        const outcome = yield* Effect.result(
          handler(command(due), {
            commandId: `${kind}:${due.caseId}:${due.step}:${due.deadline}`,
            actor: DEADLINE_ACTOR,
          }),
        )
        if (Result.isSuccess(outcome)) {
          if (!outcome.success.duplicate) done.push({ caseId: due.caseId, step: due.step })
        } else if (isRefusal(outcome.failure)) moved++
        else return yield* Effect.fail(outcome.failure)
      }
      return { done, moved }
    })

  const catchUp = oneAtATime(foldNewEvents)

  const tick = (now: Instant) =>
    Effect.gen(function* () {
      yield* foldNewEvents
      const escalated: Array<{ caseId: string; from: string; to: string }> = []
      let alreadyMoved = 0
      const { dues, beyondCalendar } = schedule()
      for (const due of dues) {
        if (!isOverdue(due, now)) break
        const state = cases.get(due.caseId)
        const arrivedAt = state?.levelEnteredAt ?? 0
        const outcome = yield* Effect.result(
          handler(overdueEscalation(due, now), {
            commandId: `deadline:${due.caseId}:${due.level}:${arrivedAt}`,
            actor: DEADLINE_ACTOR,
          }),
        )
        if (Result.isSuccess(outcome)) {
          const after = outcome.success.state
          if (after.exists && !outcome.success.duplicate) {
            escalated.push({ caseId: due.caseId, from: due.level, to: after.level })
          }
        } else if (isRefusal(outcome.failure)) alreadyMoved++
        else return yield* Effect.fail(outcome.failure)
      }
      // Escalations restart steps (dispatch at the new level): remind from the cases as they are now.
      yield* foldNewEvents
      const reminders = yield* sendEach(remindersOwed(now), "reminder", (due) => dueReminder(due, now))
      // A criticism follows a reminder of the same deadline: from the cases as the reminders left them.
      yield* foldNewEvents
      const criticisms = yield* sendEach(criticismsOwed(now), "criticism", (due) => dueCriticism(due, now))
      yield* foldNewEvents
      return {
        now,
        escalated,
        reminded: reminders.done,
        criticized: criticisms.done,
        alreadyMoved: alreadyMoved + reminders.moved + criticisms.moved,
        beyondCalendar,
      }
    }).pipe(oneAtATime)

  return {
    catchUp,
    tick,
    upcoming: () => schedule().dues,
    beyondCalendar: () => schedule().beyondCalendar,
    watching: () => cases.size,
  }
}
