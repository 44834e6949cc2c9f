import type { WorkingCalendar } from "../calendar/calendar.ts"
import type { CaseStep, EscalationPolicy } from "../policy/policy.ts"
import { HOUR, type Instant, MINUTE, toShanghaiIso } from "../shared/instant.ts"
import type { CaseCommandOf } from "./commands.ts"
import { DEADLINE_ACTOR } from "./escalation-due.ts"
import type { OpenedCase } from "./state.ts"
import { runningDeadlines } from "./timers.ts"
import { isAllowed } from "./transitions.ts"

const DAY = 24 * HOUR

/**
 * The start of the day after `at`'s day, in the calendar's local time: 「到期次日」, the day after
 * a deadline, is a calendar day (docs/domain.md#rule-reminder), worked or not.
 */
export const dayAfter = (calendar: WorkingCalendar, at: Instant): Instant => {
  const offset = calendar.definition.utcOffsetMinutes * MINUTE
  return (Math.floor((at + offset) / DAY) + 1) * DAY - offset
}

/** A running step of a case to be reminded of (催办) once its deadline is past: from `remindAt` on. */
export interface ReminderDue {
  readonly caseId: string
  readonly step: CaseStep
  readonly deadline: Instant
  /** The day after the deadline (到期次日), at its first moment. */
  readonly remindAt: Instant
}

/**
 * The reminders the case will be owed if its steps keep running: one per running step whose
 * current deadline it was not reminded of yet, due the day after that deadline. None while the
 * case may not be reminded (on hold, shelved, ended: its clocks stand still or nothing runs) —
 * the statuses a case may be reminded in are never the ones that pause its clocks. A deadline the
 * calendar cannot place is left out (`runningDeadlines`).
 */
export const remindersDue = (
  c: OpenedCase,
  policy: EscalationPolicy,
  calendar: WorkingCalendar,
): ReadonlyArray<ReminderDue> =>
  isAllowed("RemindCase", c.status)
    ? runningDeadlines(c, policy, calendar)
        .filter(({ step, deadline }) => c.remindedOf[step] !== deadline)
        .map(({ step, deadline }) => ({
          caseId: c.caseId,
          step,
          deadline,
          remindAt: dayAfter(calendar, deadline),
        }))
    : []

/** The reminder notice (《催办通知书》) the deadline process sends for a step past its deadline. */
export const dueReminder = (due: ReminderDue, now: Instant): CaseCommandOf<"RemindCase"> => ({
  _tag: "RemindCase",
  caseId: due.caseId,
  at: now,
  by: DEADLINE_ACTOR,
  step: due.step,
  note: `催办通知书 — the ${due.step} step passed its deadline, ${toShanghaiIso(due.deadline)}`,
})
