import { Effect, Schema } from "effect"
import { ISO_DATE_PATTERN } from "./dates.ts"

/**
 * A day of the week as `Date.prototype.getUTCDay` numbers it: 0 = Sunday … 6 = Saturday.
 */
export const Weekday = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 6 })).annotate({
  identifier: "Weekday",
  description: "0 = Sunday, 1 = Monday … 6 = Saturday",
})
export type Weekday = typeof Weekday.Type

/**
 * `HH:MM`, 00:00–23:59; shared with `makeWorkingCalendar`, which re-checks typed input. A period
 * cannot end at 24:00: its end would be the next day's midnight, a moment of another date.
 */
export const CLOCK_TIME_PATTERN = /^(?:[01]\d|2[0-3]):[0-5]\d$/
/** `MM-DD`, capturing month and day. */
export const MONTH_DAY_PATTERN = /^(\d{2})-(\d{2})$/
/** `MM-DD` or `MM-DD..MM-DD`, capturing the first and the optional last date. */
export const HOLIDAY_ENTRY_PATTERN = /^(\d{2}-\d{2})(?:\.\.(\d{2}-\d{2}))?$/

/** A local clock time `HH:MM` (00:00–23:59). */
export const ClockTime = Schema.String.check(Schema.isPattern(CLOCK_TIME_PATTERN)).annotate({
  identifier: "ClockTime",
  description: "Local time HH:MM",
})

/** A date within the year, `MM-DD`. Whether the day exists in that year is checked by `makeWorkingCalendar`. */
export const MonthDay = Schema.String.check(Schema.isPattern(MONTH_DAY_PATTERN)).annotate({
  identifier: "MonthDay",
  description: "MM-DD",
})

/** One holiday `MM-DD` or an inclusive run of them `MM-DD..MM-DD` (e.g. the Spring Festival week). */
export const HolidayEntry = Schema.String.check(Schema.isPattern(HOLIDAY_ENTRY_PATTERN)).annotate({
  identifier: "HolidayEntry",
  description: "MM-DD or MM-DD..MM-DD (inclusive)",
})

/** A calendar date `YYYY-MM-DD`. Whether the day exists is checked where the date is used. */
export const IsoDate = Schema.String.check(
  Schema.isPattern(ISO_DATE_PATTERN, { expected: "a date YYYY-MM-DD" }),
).annotate({
  identifier: "IsoDate",
  description: "YYYY-MM-DD",
})

/**
 * Where one year's arrangements come from: the State Council General Office's holiday notice
 * (节假日安排的通知, docs/domain.md#holidays). Holidays and make-up days are copied from it, never
 * derived, so each year names the text it was copied from — by title, document number (文号)
 * when it is known, and publication date — for whoever has to check a deadline against it.
 */
export const HolidayNotice = Schema.Struct({
  title: Schema.NonEmptyString,
  documentNumber: Schema.optionalKey(Schema.NonEmptyString),
  /** The date the notice was published (usually in the autumn before its year). */
  published: IsoDate,
}).annotate({ identifier: "HolidayNotice" })
export type HolidayNotice = typeof HolidayNotice.Type

/**
 * A stretch of working time within a working day (上班时间). Both ends count as working: a
 * deadline that falls exactly on `end` (say 12:00) is "the end of the morning", a legitimate
 * working moment.
 */
export const WorkingPeriod = Schema.Struct({ start: ClockTime, end: ClockTime }).annotate({
  identifier: "WorkingPeriod",
})
export type WorkingPeriod = typeof WorkingPeriod.Type

/** Saturday and Sunday: the national two-day weekend (双休日) since 1995. */
export const DEFAULT_WEEKEND: ReadonlyArray<Weekday> = [6, 0]

/**
 * 09:00–12:00 and 13:00–18:00: the common office day of Chinese government bodies, 8 working
 * hours with a lunch break. Only a default — local offices keep their own hours (many start at
 * 08:30, some shift with the seasons), so a calendar may list other periods.
 */
export const DEFAULT_WORKING_PERIODS: ReadonlyArray<WorkingPeriod> = [
  { start: "09:00", end: "12:00" },
  { start: "13:00", end: "18:00" },
]

/**
 * One year of official arrangements (放假安排), as the State Council publishes them each
 * winter: the public holidays and the make-up working days (调休上班: a weekend day that is
 * worked to bridge a holiday). `notice` names the notice it was copied from; optional here, so
 * that a calendar of local hours or test data needs none, but every year `Calendar.extend` adds
 * must carry one.
 */
export const CalendarYear = Schema.Struct({
  year: Schema.Int.check(Schema.isBetween({ minimum: 1970, maximum: 9999 })),
  notice: Schema.optionalKey(HolidayNotice),
  holidays: Schema.Array(HolidayEntry).pipe(Schema.withDecodingDefaultKey(Effect.succeed([]))),
  makeupWorkdays: Schema.Array(MonthDay).pipe(Schema.withDecodingDefaultKey(Effect.succeed([]))),
}).annotate({ identifier: "CalendarYear" })
export type CalendarYear = typeof CalendarYear.Type

/**
 * A working-time calendar (工作日历) as plain, JSON-loadable data, so users can plug in other
 * years, regions or office hours without code. Build it with `makeWorkingCalendar`, which also
 * checks what the shapes here cannot (real dates, non-overlapping periods, consecutive years).
 *
 * The zone is a fixed UTC offset, not an IANA zone name: China has kept UTC+8 without daylight
 * saving since 1991, and a fixed offset keeps the arithmetic free of `Intl` on hot paths.
 * Regions with daylight saving would need one calendar per offset period.
 */
export const CalendarDefinition = Schema.Struct({
  name: Schema.NonEmptyString,
  /** Minutes east of UTC (Asia/Shanghai = 480). */
  utcOffsetMinutes: Schema.Int.check(Schema.isBetween({ minimum: -720, maximum: 840 })),
  weekend: Schema.Array(Weekday).pipe(Schema.withDecodingDefaultKey(Effect.succeed(DEFAULT_WEEKEND))),
  workingPeriods: Schema.Array(WorkingPeriod).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(DEFAULT_WORKING_PERIODS)),
  ),
  /** Consecutive years; any moment outside them is refused rather than guessed. */
  years: Schema.Array(CalendarYear),
}).annotate({ identifier: "CalendarDefinition" })
export type CalendarDefinition = typeof CalendarDefinition.Type
