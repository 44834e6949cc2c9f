import { OutsideCalendarError, type WorkingCalendar } from "../calendar/calendar.ts"
import { CaseStep, type EscalationPolicy } from "../policy/policy.ts"
import type { TimeLimit } from "../policy/time-limit.ts"
import type { Instant } from "../shared/instant.ts"
import { deadlineAcross, runningMinutes } from "./clocks.ts"
import type { OpenedCase, StepSpan } from "./state.ts"

/**
 * The traffic light (红黄绿灯) shown per step: green below `yellowAt` (80 %) of the limit,
 * yellow from there up to 100 %, red past the limit.
 */
export type Light = "green" | "yellow" | "red"

/** One step's clock on one case (时限计时): when it started and is due, how much of its limit is used, and its light. */
export interface StepTimer {
  readonly step: CaseStep
  readonly startedAt: Instant
  /** Set once the step is done; the light then freezes at what it was when it ended. */
  readonly endedAt: Instant | undefined
  readonly dueAt: Instant
  readonly limit: TimeLimit
  /** Elapsed time over the limit (1 = exactly at the limit), on the limit's clock. */
  readonly used: number
  readonly light: Light
}

/** The light for a share `used` of a limit: red past it, yellow from `yellowAt`, green below. */
export const lightFor = (used: number, yellowAt: number): Light =>
  used > 1 ? "red" : used >= yellowAt ? "yellow" : "green"

/**
 * A step's limit for this case: the policy's, lengthened by approved extensions (延期) — the
 * handling step by those granted at the current level, the whole case by all of them.
 */
export const stepLimitOf = (c: OpenedCase, step: CaseStep, policy: EscalationPolicy): TimeLimit => {
  const base = policy.stepLimit(step, c.category, c.urgency)
  const extra = step === "handle" ? c.extensionMinutes : step === "whole" ? c.extensionMinutesTotal : 0
  return { clock: base.clock, minutes: base.minutes + extra }
}

/**
 * When a step runs out, its clock standing still while the case was paused (挂账, 暂停); for a case
 * paused now, the deadline it would have if its clocks restarted at its last event.
 */
export const stepDeadline = (
  c: OpenedCase,
  step: CaseStep,
  span: StepSpan,
  policy: EscalationPolicy,
  calendar: WorkingCalendar,
): Instant =>
  deadlineAcross(calendar, span.startedAt, stepLimitOf(c, step, policy), c.pauses, span.endedAt ?? c.lastAt)

const timerOf = (
  c: OpenedCase,
  step: CaseStep,
  span: StepSpan,
  now: Instant,
  policy: EscalationPolicy,
  calendar: WorkingCalendar,
): StepTimer => {
  const limit = stepLimitOf(c, step, policy)
  const until = span.endedAt ?? now
  const used = runningMinutes(calendar, limit, span.startedAt, until, c.pauses) / limit.minutes
  return {
    step,
    startedAt: span.startedAt,
    endedAt: span.endedAt,
    dueAt: deadlineAcross(calendar, span.startedAt, limit, c.pauses, until),
    limit,
    used,
    light: lightFor(used, policy.data.yellowAt),
  }
}

/** One step's time limit and light as of `now`, or undefined if the case never started that step. */
export const stepTimer = (
  c: OpenedCase,
  step: CaseStep,
  now: Instant,
  policy: EscalationPolicy,
  calendar: WorkingCalendar,
): StepTimer | undefined => {
  const span = c.steps[step]
  return span === undefined ? undefined : timerOf(c, step, span, now, policy, calendar)
}

/**
 * Time limits and lights of every step the case has started, as of `now`, computed from the
 * events (via the state) and the policy — nothing about deadlines is stored. Time the case spent
 * shelved (挂账) or on hold (暂停) counts on no clock: a paused case's lights stand still, and
 * its deadlines move back by the time it stood.
 */
export const caseTimers = (
  c: OpenedCase,
  now: Instant,
  policy: EscalationPolicy,
  calendar: WorkingCalendar,
): ReadonlyArray<StepTimer> => {
  const timers: Array<StepTimer> = []
  for (const step of CaseStep.literals) {
    const timer = stepTimer(c, step, now, policy, calendar)
    if (timer !== undefined) timers.push(timer)
  }
  return timers
}

/** A deadline (or a timer), or undefined when the calendar cannot place it (`OutsideCalendarError`). */
export const placed = <A>(onCalendar: () => A): A | undefined => {
  try {
    return onCalendar()
  } catch (error) {
    if (error instanceof OutsideCalendarError) return undefined
    throw error
  }
}

/**
 * The current deadline of each step still running: what the reminders (催办) and criticisms
 * (通报批评) are owed against. A step whose deadline the calendar cannot place is left out: that
 * deadline lies past the calendar's last known year, so nothing is owed on it until the calendar
 * knows that year.
 */
export const runningDeadlines = (
  c: OpenedCase,
  policy: EscalationPolicy,
  calendar: WorkingCalendar,
): ReadonlyArray<{ readonly step: CaseStep; readonly deadline: Instant }> => {
  const running: Array<{ readonly step: CaseStep; readonly deadline: Instant }> = []
  for (const step of CaseStep.literals) {
    const span = c.steps[step]
    if (span === undefined || span.endedAt !== undefined) continue
    const deadline = placed(() => stepDeadline(c, step, span, policy, calendar))
    if (deadline !== undefined) running.push({ step, deadline })
  }
  return running
}
