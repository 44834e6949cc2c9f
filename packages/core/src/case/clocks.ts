import type { WorkingCalendar } from "../calendar/calendar.ts"
import { deadlineAfter, type TimeLimit } from "../policy/time-limit.ts"
import { type Instant, MINUTE } from "../shared/instant.ts"
import type { Pause } from "./state.ts"

/** Minutes from `from` to `to` on a limit's clock: every minute on the wall, office minutes on the calendar. */
const minutesBetween = (calendar: WorkingCalendar, limit: TimeLimit, from: Instant, to: Instant): number =>
  to <= from ? 0 : limit.clock === "wall" ? (to - from) / MINUTE : calendar.workingMinutesBetween(from, to)

/**
 * How much of `limit`'s clock ran from `from` to `until`, the case's pauses (挂账, 暂停) left out;
 * a pause still open stops at `until`.
 */
export const runningMinutes = (
  calendar: WorkingCalendar,
  limit: TimeLimit,
  from: Instant,
  until: Instant,
  pauses: ReadonlyArray<Pause>,
): number => {
  let stopped = 0
  for (const pause of pauses) {
    stopped += minutesBetween(calendar, limit, Math.max(pause.from, from), Math.min(pause.to ?? until, until))
  }
  return minutesBetween(calendar, limit, from, until) - stopped
}

/**
 * When `limit`, started at `start`, runs out if its clock stands still during the case's pauses,
 * as seen at `until` (a timer's `now`, or when the step ended): each pause that began before
 * both the deadline and `until` pushes it back by the pause's length on the limit's clock, a
 * pause still open counting up to `until`.
 *
 * @throws OutsideCalendarError for a working limit that starts or ends outside the calendar's years.
 */
export const deadlineAcross = (
  calendar: WorkingCalendar,
  start: Instant,
  limit: TimeLimit,
  pauses: ReadonlyArray<Pause>,
  until: Instant,
): Instant => {
  let from = start
  let remaining = limit.minutes
  for (const pause of pauses) {
    if (pause.from >= until) break
    const to = Math.min(pause.to ?? until, until)
    if (to <= from) continue
    const stopsAt = Math.max(pause.from, from)
    const due = deadlineAfter(calendar, from, { clock: limit.clock, minutes: remaining })
    if (due <= stopsAt) return due
    remaining -= minutesBetween(calendar, limit, from, stopsAt)
    from = to
  }
  return deadlineAfter(calendar, from, { clock: limit.clock, minutes: remaining })
}
