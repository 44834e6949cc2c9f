import type { WorkingCalendar } from "../calendar/calendar.ts"
import type { EscalationPolicy } from "../policy/policy.ts"
import { deadlineAfter } from "../policy/time-limit.ts"
import type { Instant } from "../shared/instant.ts"
import { isTopLevel, type Level } from "../shared/level.ts"
import type { CaseCommandOf } from "./commands.ts"
import { isEscalatable, type OpenedCase } from "./state.ts"

/**
 * When a case must leave its current level if still unsolved: the level's time limit from
 * the policy, counted from arrival at the level, plus any granted extension (延期), on the
 * limit's own clock (working time, or wall-clock hours for urgent cases).
 */
export const levelDeadline = (
  c: OpenedCase,
  policy: EscalationPolicy,
  calendar: WorkingCalendar,
): Instant => {
  const limit = policy.levelLimit(c.category, c.urgency, c.level)
  return deadlineAfter(calendar, c.levelEnteredAt, {
    clock: limit.clock,
    minutes: limit.minutes + c.extensionMinutes,
  })
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
 * (resolved, closed, shelved or at the top of the ladder).
 */
export const escalationDue = (
  c: OpenedCase,
  policy: EscalationPolicy,
  calendar: WorkingCalendar,
): EscalationDue | undefined =>
  isEscalatable(c.status) && !isTopLevel(c.level)
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
