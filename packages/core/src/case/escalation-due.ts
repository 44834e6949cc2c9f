import type { WorkingCalendar } from "../calendar/calendar.ts"
import type { EscalationPolicy } from "../policy/policy.ts"
import type { Instant } from "../shared/instant.ts"
import { isTopLevel, type Level } from "../shared/level.ts"
import { deadlineAcross } from "./clocks.ts"
import type { CaseCommandOf } from "./commands.ts"
import { isEscalatable, isPaused, type OpenedCase } from "./state.ts"
import { stepDeadline } from "./timers.ts"

/**
 * When a case must leave its current level if still unsolved. The level's stay (the policy's
 * level limit) counts from arrival at the level, plus the extensions (延期) granted there, on the
 * limit's own clock (working time, or wall-clock hours for urgent cases). While the case is being
 * handled, the level keeps it at least until the handling limit runs out: a level never gives up
 * a case whose handler is still within the time the category allows. Time shelved (挂账) or on
 * hold (暂停) counts on neither clock; for a case paused now, this is the deadline it would have if
 * its clocks restarted at its last event.
 */
export const levelDeadline = (
  c: OpenedCase,
  policy: EscalationPolicy,
  calendar: WorkingCalendar,
): Instant => {
  const stay = policy.levelLimit(c.category, c.urgency, c.level)
  const stayEnds = deadlineAcross(
    calendar,
    c.levelEnteredAt,
    { clock: stay.clock, minutes: stay.minutes + c.extensionMinutes },
    c.pauses,
    c.lastAt,
  )
  const handling = c.steps.handle
  return handling === undefined || handling.endedAt !== undefined
    ? stayEnds
    : Math.max(stayEnds, stepDeadline(c, "handle", handling, policy, calendar))
}

/** The actor id the deadline process signs its escalations with. */
export const DEADLINE_ACTOR = "system:deadlines"

/** A case that will escalate at `dueAt` unless it moves first. */
export interface EscalationDue {
  readonly caseId: string
  readonly level: Level
  readonly dueAt: Instant
}

/**
 * When the case next escalates by itself, or undefined if it never will from where it stands
 * (resolved, closed, at the top of the ladder) or not while its clocks stand still (shelved,
 * on hold).
 */
export const escalationDue = (
  c: OpenedCase,
  policy: EscalationPolicy,
  calendar: WorkingCalendar,
): EscalationDue | undefined =>
  isEscalatable(c.status) && !isTopLevel(c.level) && !isPaused(c)
    ? { caseId: c.caseId, level: c.level, dueAt: levelDeadline(c, policy, calendar) }
    : undefined

/** Whether a due escalation has passed at `now` (strictly after its deadline). */
export const isOverdue = (due: EscalationDue, now: Instant): boolean => now > due.dueAt

/** The command that escalates an overdue case; `fromLevel` makes a repeated tick a refused no-op. */
export const overdueEscalation = (due: EscalationDue, now: Instant): CaseCommandOf<"EscalateCase"> => ({
  _tag: "EscalateCase",
  caseId: due.caseId,
  at: now,
  by: DEADLINE_ACTOR,
  fromLevel: due.level,
  reason: "overdue",
})
