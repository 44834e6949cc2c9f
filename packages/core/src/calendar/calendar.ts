import { Schema } from "effect"
import type { Instant } from "../shared/instant.ts"
import { type CompiledCalendar, compileCalendar } from "./compiled.ts"
import { DAY_MS } from "./dates.ts"
import type { CalendarDefinition } from "./definition.ts"

const MINUTE_MS = 60_000

/**
 * A moment whose local date lies in a year the calendar has no holiday data for, or a
 * computation that would have to walk past the last known year. Holidays and make-up days
 * (调休) are published year by year and cannot be derived, so the calendar refuses instead of
 * guessing: load the next year's arrangements to go on.
 */
export class OutsideCalendarError extends Schema.TaggedError<OutsideCalendarError>()("OutsideCalendarError", {
  calendar: Schema.String,
  at: Schema.Number,
  year: Schema.Number,
  knownYears: Schema.Array(Schema.Number),
}) {
  override get message(): string {
    const at = Number.isFinite(this.at) ? new Date(this.at).toISOString() : String(this.at)
    return `calendar "${this.calendar}" has no data for ${this.year} (known years: ${this.knownYears.join(", ")}; at ${at})`
  }
}

/** A calendar definition that cannot be made into a calendar; lists every problem found. */
export class InvalidCalendarError extends Schema.TaggedError<InvalidCalendarError>()("InvalidCalendarError", {
  calendar: Schema.String,
  problems: Schema.Array(Schema.String),
}) {
  override get message(): string {
    return `invalid calendar "${this.calendar}": ${this.problems.join("; ")}`
  }
}

/**
 * A working-time calendar (工作日历): which days are worked (weekends off, public holidays off,
 * make-up days 调休上班 on) and which hours of those days, in one fixed UTC offset.
 *
 * Working periods are closed intervals: both a period's start and its end are working
 * moments. A deadline that falls exactly at 12:00 is "the end of the morning" and stays there
 * rather than jumping to 13:00.
 *
 * Every method throws `OutsideCalendarError` for a moment whose local date lies outside
 * `knownYears`, and `addWorkingMinutes` also when the result would lie past the last known
 * year: holidays cannot be guessed.
 */
export interface WorkingCalendar {
  readonly definition: CalendarDefinition
  readonly name: string
  /** The years with holiday data, ascending and consecutive. */
  readonly knownYears: ReadonlyArray<number>
  /** The instants the calendar covers: from `start` (inclusive) to `end` (exclusive). */
  readonly knownRange: { readonly start: Instant; readonly end: Instant }
  /** Working minutes in one working day (480 for the default 09:00–12:00, 13:00–18:00). */
  readonly workingMinutesPerDay: number
  /** Whether the local date of `at` is a working day. */
  readonly isWorkingDay: (at: Instant) => boolean
  /** Whether `at` lies within a working period (ends included) of a working day. */
  readonly isWorkingMoment: (at: Instant) => boolean
  /**
   * The earliest instant by which `minutes` working minutes have elapsed since `start`.
   * For `minutes > 0` it is strictly after `start` and a working moment; if `start` is outside
   * working time, counting begins at the next period start. `minutes` must be finite and
   * non-negative; it is rounded to whole milliseconds, and `0` returns `start`.
   */
  readonly addWorkingMinutes: (start: Instant, minutes: number) => Instant
  /**
   * Working minutes between two instants (fractional when they are not on whole minutes),
   * 0 when `to <= from`. `workingMinutesBetween(s, addWorkingMinutes(s, m)) === m`.
   */
  readonly workingMinutesBetween: (from: Instant, to: Instant) => number
}

/**
 * Builds a calendar from its definition, precomputing the classification of every day in the
 * known years so that each lookup takes a few array reads and skips whole days at once.
 *
 * @throws InvalidCalendarError when the definition has malformed or impossible dates or
 *   periods, overlapping periods, a date that is both holiday and make-up day, a make-up day
 *   that is not a weekend day, or years that are missing, repeated or not consecutive.
 */
export const makeWorkingCalendar = (definition: CalendarDefinition): WorkingCalendar => {
  const compiled = compileCalendar(definition)
  if (compiled._tag === "Invalid") {
    throw new InvalidCalendarError({ calendar: definition.name, problems: compiled.problems })
  }
  return calendarFrom(definition, compiled.calendar)
}

const calendarFrom = (definition: CalendarDefinition, compiled: CompiledCalendar): WorkingCalendar => {
  const {
    knownYears,
    offsetMs,
    firstEpochDay,
    dayCount,
    isWorking,
    workingDaysBefore,
    workingDayIndex,
    periodStartMs,
    periodEndMs,
    periodElapsedBeforeMs,
    workingMsPerDay,
  } = compiled
  const periodCount = periodStartMs.length
  const rangeStart = firstEpochDay * DAY_MS - offsetMs
  const rangeEnd = (firstEpochDay + dayCount) * DAY_MS - offsetMs

  const outside = (at: Instant, year: number): OutsideCalendarError =>
    new OutsideCalendarError({ calendar: definition.name, at, year, knownYears })

  /** The day index of `at`'s local date; throws outside the known years. */
  const dayIndexOf = (at: Instant): number => {
    const index = Math.floor((at + offsetMs) / DAY_MS) - firstEpochDay
    if (!Number.isFinite(at) || index < 0 || index >= dayCount) {
      throw outside(at, new Date(at + offsetMs).getUTCFullYear())
    }
    return index
  }

  /** Working milliseconds elapsed by `msInDay` (after local midnight) on a working day. */
  const elapsedInDay = (msInDay: number): number => {
    for (let i = 0; i < periodCount; i++) {
      const start = periodStartMs[i]!
      if (msInDay <= start) return periodElapsedBeforeMs[i]!
      if (msInDay < periodEndMs[i]!) return periodElapsedBeforeMs[i]! + msInDay - start
    }
    return workingMsPerDay
  }

  /**
   * Position of `at` on the working-time axis: working milliseconds from the start of the
   * calendar. Non-decreasing and continuous in `at`, so every question reduces to it.
   */
  const workingPosition = (at: Instant): number => {
    const index = dayIndexOf(at)
    const before = workingDaysBefore[index]! * workingMsPerDay
    if (isWorking[index] === 0) return before
    return before + elapsedInDay(at + offsetMs - (firstEpochDay + index) * DAY_MS)
  }

  /** The earliest instant whose working position is `position` (> 0): ends of periods win ties. */
  const instantAtPosition = (position: number, start: Instant): Instant => {
    const ordinal = Math.ceil(position / workingMsPerDay) - 1
    if (ordinal >= workingDayIndex.length) throw outside(start, knownYears.at(-1)! + 1)
    const index = workingDayIndex[ordinal]!
    const remaining = position - ordinal * workingMsPerDay
    let period = 0
    while (remaining > periodElapsedBeforeMs[period]! + periodEndMs[period]! - periodStartMs[period]!)
      period++
    const msInDay = periodStartMs[period]! + remaining - periodElapsedBeforeMs[period]!
    return (firstEpochDay + index) * DAY_MS + msInDay - offsetMs
  }

  return {
    definition,
    name: definition.name,
    knownYears,
    knownRange: { start: rangeStart, end: rangeEnd },
    workingMinutesPerDay: workingMsPerDay / MINUTE_MS,
    isWorkingDay: (at) => isWorking[dayIndexOf(at)] === 1,
    isWorkingMoment: (at) => {
      const index = dayIndexOf(at)
      if (isWorking[index] === 0) return false
      const msInDay = at + offsetMs - (firstEpochDay + index) * DAY_MS
      for (let i = 0; i < periodCount; i++) {
        if (msInDay >= periodStartMs[i]! && msInDay <= periodEndMs[i]!) return true
      }
      return false
    },
    addWorkingMinutes: (start, minutes) => {
      if (!Number.isFinite(minutes) || minutes < 0) {
        throw new RangeError(`working minutes must be finite and non-negative, got ${minutes}`)
      }
      const position = workingPosition(start)
      const delta = Math.round(minutes * MINUTE_MS)
      return delta === 0 ? start : instantAtPosition(position + delta, start)
    },
    workingMinutesBetween: (from, to) => {
      const elapsed = workingPosition(to) - workingPosition(from)
      return elapsed > 0 ? elapsed / MINUTE_MS : 0
    },
  }
}
