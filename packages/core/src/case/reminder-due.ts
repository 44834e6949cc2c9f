import { OutsideCalendarError, type WorkingCalendar } from "../calendar/calendar.ts"
import { CaseStep, type EscalationPolicy } from "../policy/policy.ts"
import { HOUR, type Instant, MINUTE, toShanghaiIso } from "../shared/instant.ts"
import type { CaseCommandOf } from "./commands.ts"
import { DEADLINE_ACTOR } from "./escalation-due.ts"
import { isPaused, type OpenedCase } from "./state.ts"
import { stepDeadline } from "./timers.ts"
import { isAllowed } from "./transitions.ts"

const DAY = 24 * HOUR

/** A deadline, or undefined when the calendar cannot place it (`OutsideCalendarError`). */
export const placed = (deadline: () => Instant): Instant | undefined => {
  try {
    return deadline()
  } catch (error) {
    if (error instanceof OutsideCalendarError) return undefined
    throw error
  }
}

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
 * case may not be reminded (on hold, shelved, ended: its clocks stand still or nothing runs).
 * A step whose deadline the calendar cannot place is left out: that deadline lies past the
 * calendar's last known year, so its day after comes only once the calendar knows that year.
 */
export const remindersDue = (
  c: OpenedCase,
  policy: EscalationPolicy,
  calendar: WorkingCalendar,
): ReadonlyArray<ReminderDue> => {
  if (!isAllowed("RemindCase", c.status) || isPaused(c)) return []
  const dues: Array<ReminderDue> = []
  for (const step of CaseStep.literals) {
    const span = c.steps[step]
    if (span === undefined || span.endedAt !== undefined) continue
    const deadline = placed(() => stepDeadline(c, step, span, policy, calendar))
    if (deadline !== undefined && c.remindedOf[step] !== deadline) {
      dues.push({ caseId: c.caseId, step, deadline, remindAt: dayAfter(calendar, deadline) })
    }
  }
  return dues
}

/** The reminder notice (《催办通知书》) the deadline process sends for a step past its deadline. */
export const dueReminder = (due: ReminderDue, now: Instant): CaseCommandOf<"RemindCase"> => ({
  _tag: "RemindCase",
  caseId: due.caseId,
  at: now,
  by: DEADLINE_ACTOR,
  step: due.step,
  note: `催办通知书 — the ${due.step} step passed its deadline, ${toShanghaiIso(due.deadline)}`,
})
