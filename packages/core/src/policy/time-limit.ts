import { Schema } from "effect"
import type { WorkingCalendar } from "../calendar/calendar.ts"
import { type Instant, MINUTE } from "../shared/instant.ts"

/**
 * A time limit (时限). `working` limits count only working minutes on the calendar
 * (工作时间, skipping nights, weekends and public holidays, counting make-up days 调休);
 * `wall` limits count every minute — used for urgent cases (e.g. Beijing: danger to life or
 * property within 2 hours).
 */
export const TimeLimit = Schema.Struct({
  clock: Schema.Literals(["working", "wall"]),
  minutes: Schema.Int.check(Schema.isGreaterThan(0)),
}).annotate({ identifier: "TimeLimit" })
export type TimeLimit = typeof TimeLimit.Type

/** A limit of `minutes` working minutes (工作时间). */
export const workingMinutes = (minutes: number): TimeLimit => ({ clock: "working", minutes })
/** A limit of `hours` working hours: `workingHours(1)` is the intake hour. */
export const workingHours = (hours: number): TimeLimit => ({ clock: "working", minutes: hours * 60 })
/** A limit of `hours` on the wall clock, nights and holidays included: for urgent cases. */
export const wallHours = (hours: number): TimeLimit => ({ clock: "wall", minutes: hours * 60 })

/**
 * When a time limit (时限) that starts at `start` runs out: wall-clock limits (urgent cases)
 * count every minute, working limits only the calendar's working minutes.
 *
 * @throws OutsideCalendarError for a working limit that starts or ends outside the calendar's years.
 */
export const deadlineAfter = (calendar: WorkingCalendar, start: Instant, limit: TimeLimit): Instant =>
  limit.clock === "wall" ? start + limit.minutes * MINUTE : calendar.addWorkingMinutes(start, limit.minutes)
