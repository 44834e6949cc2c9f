import type { CaseCommandOf } from "../case/commands.ts"
import { isEscalatable, type OpenedCase } from "../case/state.ts"
import type { Instant } from "../shared/instant.ts"
import { isTopLevel, type Level } from "../shared/level.ts"
import type { WorkingCalendar } from "./calendar.ts"
import { levelDeadline } from "./level-deadline.ts"
import type { EscalationPolicy } from "./policy.ts"

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
