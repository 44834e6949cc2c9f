import { type Instant, MINUTE } from "../shared/instant.ts"
import type { WorkingCalendar } from "./calendar.ts"
import type { TimeLimit } from "./time-limit.ts"

/**
 * When a time limit (时限) that starts at `start` runs out: wall-clock limits (urgent cases)
 * count every minute, working limits only the calendar's working minutes.
 *
 * @throws OutsideCalendarError for a working limit that starts or ends outside the calendar's years.
 */
export const deadlineAfter = (calendar: WorkingCalendar, start: Instant, limit: TimeLimit): Instant =>
  limit.clock === "wall" ? start + limit.minutes * MINUTE : calendar.addWorkingMinutes(start, limit.minutes)
