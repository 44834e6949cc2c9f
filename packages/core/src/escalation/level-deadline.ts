import type { OpenedCase } from "../case/state.ts"
import type { Instant } from "../shared/instant.ts"
import type { WorkingCalendar } from "./calendar.ts"
import { deadlineAfter } from "./deadline.ts"
import type { EscalationPolicy } from "./policy.ts"

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
