import { Schema } from "effect"

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

export const workingMinutes = (minutes: number): TimeLimit => ({ clock: "working", minutes })
export const workingHours = (hours: number): TimeLimit => ({ clock: "working", minutes: hours * 60 })
export const wallHours = (hours: number): TimeLimit => ({ clock: "wall", minutes: hours * 60 })
