import type { WorkingCalendar } from "../calendar/calendar.ts"
import type { CaseStep, EscalationPolicy } from "../policy/policy.ts"
import type { TimeLimit } from "../policy/time-limit.ts"
import { deadlineAfter } from "../policy/time-limit.ts"
import { type Instant, MINUTE } from "../shared/instant.ts"
import type { OpenedCase, StepSpan } from "./state.ts"

/**
 * The traffic light (红黄绿灯) shown per step: green below `yellowAt` (80 %) of the limit,
 * yellow from there up to 100 %, red past the limit.
 */
export type Light = "green" | "yellow" | "red"

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

const STEP_ORDER: ReadonlyArray<CaseStep> = [
  "register",
  "dispatch",
  "acknowledge",
  "handle",
  "verify",
  "whole",
]

const elapsedMinutes = (calendar: WorkingCalendar, limit: TimeLimit, from: Instant, to: Instant): number =>
  limit.clock === "wall" ? Math.max(0, to - from) / MINUTE : calendar.workingMinutesBetween(from, to)

export const lightFor = (used: number, yellowAt: number): Light =>
  used > 1 ? "red" : used >= yellowAt ? "yellow" : "green"

const timerOf = (
  c: OpenedCase,
  step: CaseStep,
  span: StepSpan,
  now: Instant,
  policy: EscalationPolicy,
  calendar: WorkingCalendar,
): StepTimer => {
  const base = policy.stepLimit(step, c.category, c.urgency)
  // An approved extension (延期) lengthens handling and, with it, the whole case.
  const extended = step === "handle" || step === "whole" ? base.minutes + c.extensionMinutes : base.minutes
  const limit: TimeLimit = { clock: base.clock, minutes: extended }
  const until = span.endedAt ?? now
  const used = elapsedMinutes(calendar, limit, span.startedAt, until) / limit.minutes
  return {
    step,
    startedAt: span.startedAt,
    endedAt: span.endedAt,
    dueAt: deadlineAfter(calendar, span.startedAt, limit),
    limit,
    used,
    light: lightFor(used, policy.data.yellowAt),
  }
}

/**
 * Time limits and lights of every step the case has started, as of `now`, computed from the
 * events (via the state) and the policy — nothing about deadlines is stored.
 */
export const caseTimers = (
  c: OpenedCase,
  now: Instant,
  policy: EscalationPolicy,
  calendar: WorkingCalendar,
): ReadonlyArray<StepTimer> => {
  const timers: Array<StepTimer> = []
  for (const step of STEP_ORDER) {
    const span = c.steps[step]
    if (span !== undefined) timers.push(timerOf(c, step, span, now, policy, calendar))
  }
  return timers
}
