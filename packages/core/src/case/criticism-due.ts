import type { WorkingCalendar } from "../calendar/calendar.ts"
import type { CaseStep, EscalationPolicy } from "../policy/policy.ts"
import { type Instant, toShanghaiIso } from "../shared/instant.ts"
import { deadlineAcross } from "./clocks.ts"
import type { CaseCommandOf } from "./commands.ts"
import { DEADLINE_ACTOR } from "./escalation-due.ts"
import { type OpenedCase, stepHolder } from "./state.ts"
import { placed, runningDeadlines } from "./timers.ts"
import { isAllowed } from "./transitions.ts"

/**
 * When a step past `deadline` has run too long for its holder to escape a written criticism
 * (通报批评): the policy's `criticismAfter` (5 working days, docs/domain.md#rule-reminder) counted
 * from the deadline on the case's clocks, so time shelved (挂账) or on hold (暂停) after the
 * deadline does not count, as it counts on no other clock. The criticism is owed strictly after it.
 *
 * @throws OutsideCalendarError when the calendar cannot place it.
 */
export const criticismDueAt = (
  c: OpenedCase,
  deadline: Instant,
  policy: EscalationPolicy,
  calendar: WorkingCalendar,
): Instant => deadlineAcross(calendar, deadline, policy.data.criticismAfter, c.pauses, c.lastAt)

/** A held step owed a written criticism (通报批评) once `criticizeAfter` has passed. */
export interface CriticismDue {
  readonly caseId: string
  readonly step: CaseStep
  readonly deadline: Instant
  /** The end of the `criticismAfter` past the deadline: the criticism is owed after it. */
  readonly criticizeAfter: Instant
}

/**
 * The criticisms the case will be owed if nothing changes: one per running step a unit holds
 * (`stepHolder`) that was reminded (催办) of its current deadline, whose holder has not reported a
 * reason (报告说明理由) for it and was not criticised for it yet. None while the case may not be
 * criticised (on hold, shelved, ended: never the statuses that pause its clocks). A deadline
 * the calendar cannot place is left out, as the reminders leave it out.
 */
export const criticismsDue = (
  c: OpenedCase,
  policy: EscalationPolicy,
  calendar: WorkingCalendar,
): ReadonlyArray<CriticismDue> => {
  if (!isAllowed("CriticizeCase", c.status)) return []
  const dues: Array<CriticismDue> = []
  for (const { step, deadline } of runningDeadlines(c, policy, calendar)) {
    const owed =
      stepHolder(c, step) !== undefined &&
      c.remindedOf[step] === deadline &&
      c.explainedOf[step] !== deadline &&
      c.criticizedOf[step] !== deadline
    const criticizeAfter = owed ? placed(() => criticismDueAt(c, deadline, policy, calendar)) : undefined
    if (criticizeAfter !== undefined) dues.push({ caseId: c.caseId, step, deadline, criticizeAfter })
  }
  return dues
}

/** The written criticism (通报批评) the deadline process issues for a step owed one. */
export const dueCriticism = (due: CriticismDue, now: Instant): CaseCommandOf<"CriticizeCase"> => ({
  _tag: "CriticizeCase",
  caseId: due.caseId,
  at: now,
  by: DEADLINE_ACTOR,
  step: due.step,
  note: `通报批评 — reminded of the ${due.step} step's deadline, ${toShanghaiIso(due.deadline)}, and still past it with no reason reported`,
})
