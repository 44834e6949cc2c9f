import { Result, Schema, SchemaIssue } from "effect"
import { parseIsoDate, weekdayOfEpochDay } from "./dates.ts"
import { type CalendarDefinition, CalendarYear, HolidayNotice, IsoDate } from "./definition.ts"

/** `YYYY-MM-DD` or `YYYY-MM-DD..YYYY-MM-DD`. */
const PUBLISHED_HOLIDAY_PATTERN = /^\d{4}-\d{2}-\d{2}(?:\.\.\d{4}-\d{2}-\d{2})?$/

/** One holiday `YYYY-MM-DD` or an inclusive run of them `YYYY-MM-DD..YYYY-MM-DD`. */
const PublishedHoliday = Schema.String.check(
  Schema.isPattern(PUBLISHED_HOLIDAY_PATTERN, {
    expected: "a date YYYY-MM-DD or a run YYYY-MM-DD..YYYY-MM-DD",
  }),
).annotate({
  identifier: "PublishedHoliday",
  description: "YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD (inclusive)",
})

/**
 * One year as its State Council notice publishes it (节假日安排的通知): the form in which an
 * operator adds a year the release did not ship, the day the notice appears. Unlike
 * `CalendarYear` the notice is required, so every added year says where it comes from, and both
 * lists are required, so a forgotten key is not read as "none". Dates are written in full
 * (`2026-10-01`, not `10-01`): a file copied from last year's with only `year` changed is then
 * refused, every date lying outside the year, instead of giving last year's holidays to the new one.
 */
export const PublishedYear = Schema.Struct({
  year: CalendarYear.fields.year,
  notice: HolidayNotice,
  /** Days off (放假), in date order, no two runs sharing a day. */
  holidays: Schema.Array(PublishedHoliday),
  /** Make-up working days (调休上班): weekend days that are worked, in date order. */
  makeupWorkdays: Schema.Array(IsoDate),
}).annotate({ identifier: "PublishedYear" })
export type PublishedYear = typeof PublishedYear.Type

/** The JSON an operator loads: one or more published years. */
export const PublishedYears = Schema.Array(PublishedYear)
  .annotate({ identifier: "PublishedYears" })
  .check(Schema.isMinLength(1, { expected: "at least one year" }))

/**
 * One thing wrong with years to add, where it is (`path` into the list: `[0, "holidays", 2]`)
 * and why:
 * - `malformed`: not the JSON form of `PublishedYears` (a missing key, `2027-1-01`, no years);
 * - `noSuchDate`: a date that names no day (`2027-02-30`, `2027-13-01`);
 * - `outsideYear`: a real date of another year than the entry's;
 * - `reversedRange`: a run of holidays that ends before it starts;
 * - `overlapping`: a holiday run sharing a day with an earlier one, a make-up day listed twice;
 * - `unordered`: a holiday run or make-up day listed before an earlier one;
 * - `makeupNotWeekend`: a make-up working day that is not a weekend day of the calendar;
 * - `holidayOnMakeupDay`: a make-up working day that is also a holiday;
 * - `yearTwice`: a year listed twice, or one the calendar already knows;
 * - `yearGap`: a year missing between the calendar's years and the added ones.
 */
export const YearsProblem = Schema.Struct({
  reason: Schema.Literals([
    "malformed",
    "noSuchDate",
    "outsideYear",
    "reversedRange",
    "overlapping",
    "unordered",
    "makeupNotWeekend",
    "holidayOnMakeupDay",
    "yearTwice",
    "yearGap",
  ]),
  path: Schema.Array(Schema.Union([Schema.String, Schema.Number])),
  message: Schema.String,
}).annotate({ identifier: "YearsProblem" })
export type YearsProblem = typeof YearsProblem.Type

/** `[0, "holidays", 2]` → `[0].holidays[2]`. */
const showPath = (path: ReadonlyArray<string | number>): string =>
  path.length === 0
    ? "(the list)"
    : path.map((key) => (typeof key === "number" ? `[${key}]` : `.${key}`)).join("")

/**
 * Years that cannot be added to a calendar; lists every problem found. Nothing is added: the
 * calendar stays as it was, so a service refuses to start rather than run on half a year.
 */
export class InvalidCalendarYearsError extends Schema.TaggedError<InvalidCalendarYearsError>()(
  "InvalidCalendarYearsError",
  { calendar: Schema.String, problems: Schema.Array(YearsProblem) },
) {
  override get message(): string {
    // One problem a line: an operator reads this when the service refuses to start.
    const problems = this.problems.map((problem) => `\n  ${showPath(problem.path)}: ${problem.message}`)
    return `cannot add these years to calendar "${this.calendar}":${problems.join("")}`
  }
}

const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

/** Collects the problems of one list of years, each at its path. */
class Problems {
  readonly found: Array<YearsProblem> = []
  add(reason: YearsProblem["reason"], path: ReadonlyArray<string | number>, message: string): void {
    this.found.push({ reason, path, message })
  }
  /** The epoch day of `text` if it is a real date of `year`, else undefined and a problem. */
  dayIn(year: number, text: string, path: ReadonlyArray<string | number>): number | undefined {
    const parsed = parseIsoDate(text)
    if (typeof parsed === "string") {
      this.add(parsed, path, `${text} is not a date`)
      return undefined
    }
    if (parsed.year !== year) {
      this.add("outsideYear", path, `${text} is not in ${year}: an entry lists only dates of its own year`)
      return undefined
    }
    return parsed.day
  }
}

/** The year numbers: none twice, none already known, and no gap with the calendar's years. */
const checkYearNumbers = (
  base: CalendarDefinition,
  years: ReadonlyArray<PublishedYear>,
  problems: Problems,
): void => {
  const known = new Set(base.years.map((entry) => entry.year))
  const added = new Map<number, number>()
  years.forEach((entry, index) => {
    const path = [index, "year"]
    const first = added.get(entry.year)
    if (known.has(entry.year)) {
      problems.add("yearTwice", path, `${entry.year} is already in calendar "${base.name}"`)
    } else if (first !== undefined) {
      problems.add("yearTwice", path, `${entry.year} is listed twice (also at ${showPath([first])})`)
    } else added.set(entry.year, index)
  })
  const all = [...known, ...added.keys()].sort((a, b) => a - b)
  for (let i = 1; i < all.length; i++) {
    const before = all[i - 1]!
    const after = all[i]!
    // A gap between two of the calendar's own years is the calendar's problem, not these years'.
    const side = added.get(after) ?? added.get(before)
    if (after === before + 1 || side === undefined) continue
    const missing = after === before + 2 ? `${before + 1} is` : `${before + 1}–${after - 1} are`
    problems.add(
      "yearGap",
      [side, "year"],
      `${missing} missing between ${before} and ${after}: a calendar's years follow each other without a gap`,
    )
  }
}

/** `2026-10-01..2026-10-07` → `10-01..10-07`, the form of `CalendarYear`. */
const monthDays = (text: string): string =>
  text
    .split("..")
    .map((date) => date.slice(5))
    .join("..")

/** Checks one year's dates against each other and the calendar's weekend; returns it as a `CalendarYear`. */
const checkYear = (
  entry: PublishedYear,
  index: number,
  weekend: ReadonlySet<number>,
  problems: Problems,
): CalendarYear => {
  const { year } = entry
  const published = parseIsoDate(entry.notice.published)
  if (typeof published === "string") {
    problems.add(published, [index, "notice", "published"], `${entry.notice.published} is not a date`)
  }

  const holidays = new Set<number>()
  const runs: Array<{ readonly first: number; readonly last: number; readonly at: number }> = []
  for (const [at, text] of entry.holidays.entries()) {
    const path = [index, "holidays", at]
    const [from = text, to = from] = text.split("..")
    const first = problems.dayIn(year, from, path)
    const last = to === from ? first : problems.dayIn(year, to, path)
    if (first === undefined || last === undefined) continue
    if (last < first) {
      problems.add("reversedRange", path, `${text} ends before it starts`)
      continue
    }
    for (let day = first; day <= last; day++) holidays.add(day)
    const shared = runs.find((run) => first <= run.last && run.first <= last)
    const previous = runs.at(-1)
    if (shared !== undefined) {
      const other = `${entry.holidays[shared.at]} (${showPath([index, "holidays", shared.at])})`
      problems.add("overlapping", path, `${text} shares days with ${other}`)
    } else {
      if (previous !== undefined && first < previous.first) {
        const message = `${text} is listed after ${entry.holidays[previous.at]}: list holidays in date order`
        problems.add("unordered", path, message)
      }
      runs.push({ first, last, at })
    }
  }

  const makeups = new Set<number>()
  let latest: { readonly day: number; readonly text: string } | undefined
  for (const [at, text] of entry.makeupWorkdays.entries()) {
    const path = [index, "makeupWorkdays", at]
    const day = problems.dayIn(year, text, path)
    if (day === undefined) continue
    if (makeups.has(day)) problems.add("overlapping", path, `${text} is listed twice`)
    else if (latest !== undefined && day < latest.day) {
      problems.add(
        "unordered",
        path,
        `${text} is listed after ${latest.text}: list make-up days in date order`,
      )
    } else latest = { day, text }
    makeups.add(day)
    const weekday = weekdayOfEpochDay(day)
    if (holidays.has(day)) {
      problems.add("holidayOnMakeupDay", path, `${text} is both a holiday and a make-up working day`)
    } else if (!weekend.has(weekday)) {
      const why = "a make-up working day (调休上班) is a weekend day that is worked"
      problems.add("makeupNotWeekend", path, `${text} is a ${WEEKDAY_NAMES[weekday]}: ${why}`)
    }
  }

  return {
    year,
    notice: entry.notice,
    holidays: entry.holidays.map(monthDays),
    makeupWorkdays: entry.makeupWorkdays.map(monthDays),
  }
}

const decodeYears = Schema.decodeUnknownResult(PublishedYears)
const standardIssues = SchemaIssue.makeFormatterStandardSchemaV1()

/**
 * The calendar definition `base` with `years` added: how a calendar outlives its release.
 * Holidays are published year by year (usually in November for the next year), so a running
 * system must be able to take next year's notice as data, without a new release of gridcase.
 *
 * `years` is checked first, as a whole: its form (`PublishedYears`), each date against its year,
 * each year's runs and make-up days against each other and the calendar's weekend, and the year
 * numbers against the calendar's, which must stay consecutive. The result keeps `base`'s name,
 * zone, weekend and hours; pass it to `Calendar.make`.
 *
 * It throws rather than returning a `Result`, as `Calendar.make` and `Escalation.makePolicy` do:
 * a calendar is configuration, built once at start-up, and one that cannot be built must stop
 * the start (wrap the call in `Effect.try` to handle it as a value).
 *
 * @throws InvalidCalendarYearsError listing every problem; `base` is left as it was.
 */
export const extendCalendar = (
  base: CalendarDefinition,
  years: ReadonlyArray<typeof PublishedYear.Encoded>,
): CalendarDefinition => {
  const decoded = decodeYears(years, { errors: "all" })
  if (Result.isFailure(decoded)) {
    const problems = standardIssues(decoded.failure.issue).issues.map(
      (issue): YearsProblem => ({
        reason: "malformed",
        path: (issue.path ?? []).map((key) => (typeof key === "number" ? key : String(key))),
        message: issue.message,
      }),
    )
    throw new InvalidCalendarYearsError({ calendar: base.name, problems })
  }
  const problems = new Problems()
  checkYearNumbers(base, decoded.success, problems)
  const weekend = new Set(base.weekend)
  const added = decoded.success.map((entry, index) => checkYear(entry, index, weekend, problems))
  if (problems.found.length > 0) {
    throw new InvalidCalendarYearsError({ calendar: base.name, problems: problems.found })
  }
  return { ...base, years: [...base.years, ...added].sort((a, b) => a.year - b.year) }
}
