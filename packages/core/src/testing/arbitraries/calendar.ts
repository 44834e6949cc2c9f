import fc from "fast-check"
import { makeWorkingCalendar, type WorkingCalendar } from "../../calendar/calendar.ts"
import { shanghaiCalendar } from "../../calendar/china-mainland.ts"
import { parseClockTime } from "../../calendar/compiled.ts"
import type { CalendarDefinition, CalendarYear, WorkingPeriod } from "../../calendar/definition.ts"
import { type Instant, MINUTE } from "../../shared/instant.ts"

const DAY = 24 * 60 * MINUTE

const pad = (n: number): string => String(n).padStart(2, "0")
const clockTime = (minuteOfDay: number): string =>
  `${pad(Math.floor(minuteOfDay / 60))}:${pad(minuteOfDay % 60)}`

/** The `MM-DD` and weekday of the `dayOfYear`-th day (0-based) of `year`. */
const dateOf = (year: number, dayOfYear: number): { monthDay: string; weekday: number } => {
  const date = new Date(Date.UTC(year, 0, 1 + dayOfYear))
  return { monthDay: `${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`, weekday: date.getUTCDay() }
}

const daysInYear = (year: number): number => (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / DAY

/**
 * 1–3 disjoint working periods: distinct cut points of the day taken in pairs (a leftover
 * point is dropped), listed in ascending or descending order since a definition need not be
 * sorted.
 */
const arbitraryWorkingPeriods: fc.Arbitrary<ReadonlyArray<WorkingPeriod>> = fc
  .tuple(
    fc.uniqueArray(fc.integer({ min: 0, max: 24 * 60 - 1 }), { minLength: 2, maxLength: 6 }),
    fc.boolean(),
  )
  .map(([points, descending]) => {
    const sorted = [...points].sort((a, b) => a - b)
    const periods: Array<WorkingPeriod> = []
    for (let i = 0; i + 1 < sorted.length; i += 2) {
      periods.push({ start: clockTime(sorted[i]!), end: clockTime(sorted[i + 1]!) })
    }
    return descending ? periods.reverse() : periods
  })

/**
 * One year of arrangements: up to 6 holiday runs of 1–9 days and up to 6 make-up days, the
 * latter kept only where valid (a weekend day that is not a holiday).
 */
const arbitraryYear = (year: number, weekend: ReadonlyArray<number>): fc.Arbitrary<CalendarYear> => {
  const lastDay = daysInYear(year) - 1
  const run = fc.record({
    first: fc.integer({ min: 0, max: lastDay }),
    length: fc.integer({ min: 1, max: 9 }),
  })
  return fc
    .record({
      runs: fc.array(run, { maxLength: 6 }),
      makeups: fc.array(fc.integer({ min: 0, max: lastDay }), { maxLength: 6 }),
    })
    .map(({ runs, makeups }) => {
      const holidayDays = new Set<number>()
      const holidays = runs.map(({ first, length }) => {
        const last = Math.min(first + length - 1, lastDay)
        for (let day = first; day <= last; day++) holidayDays.add(day)
        const from = dateOf(year, first).monthDay
        return first === last ? from : `${from}..${dateOf(year, last).monthDay}`
      })
      const makeupWorkdays = [...new Set(makeups)]
        .filter((day) => !holidayDays.has(day) && weekend.includes(dateOf(year, day).weekday))
        .map((day) => dateOf(year, day).monthDay)
      return { year, holidays, makeupWorkdays }
    })
}

/**
 * Valid calendar definitions: any UTC offset, a weekend of 0–2 days, 1–3 working periods and
 * 2–3 consecutive years of random holidays and make-up days. At least two years so that a
 * computation starting in the first year has a whole year of room before it runs out.
 */
export const arbitraryCalendarDefinition: fc.Arbitrary<CalendarDefinition> = fc
  .record({
    utcOffsetMinutes: fc.integer({ min: -720, max: 840 }),
    weekend: fc.subarray([0, 1, 2, 3, 4, 5, 6], { maxLength: 2 }),
    workingPeriods: arbitraryWorkingPeriods,
    firstYear: fc.integer({ min: 2000, max: 2090 }),
    yearCount: fc.integer({ min: 2, max: 3 }),
  })
  .chain(({ firstYear, yearCount, ...rest }) =>
    fc
      .tuple(...Array.from({ length: yearCount }, (_, i) => arbitraryYear(firstYear + i, rest.weekend)))
      .map((years) => ({ name: "generated calendar", ...rest, years })),
  )

/** Working calendars: the shipped Shanghai calendar now and then, generated ones otherwise. */
export const arbitraryWorkingCalendar: fc.Arbitrary<WorkingCalendar> = fc.oneof(
  { arbitrary: fc.constant(shanghaiCalendar), weight: 1 },
  { arbitrary: arbitraryCalendarDefinition.map(makeWorkingCalendar), weight: 3 },
)

/** The instants of one known year of `calendar`: from its local New Year (inclusive) to the next. */
export const yearRange = (calendar: WorkingCalendar, year: number): { start: Instant; end: Instant } => {
  const offset = calendar.definition.utcOffsetMinutes * MINUTE
  return { start: Date.UTC(year, 0, 1) - offset, end: Date.UTC(year + 1, 0, 1) - offset }
}

/**
 * Instants the calendar knows (or, given `year`, within that year): any millisecond, whole
 * minutes, and moments at or one millisecond beside a period's start or end or midnight,
 * where off-by-one mistakes live.
 */
export const arbitraryInstantIn = (calendar: WorkingCalendar, year?: number): fc.Arbitrary<Instant> => {
  const { start, end } = year === undefined ? calendar.knownRange : yearRange(calendar, year)
  const edges = [
    0,
    ...calendar.definition.workingPeriods.flatMap((period) => [period.start, period.end].map(parseClockTime)),
  ].map((minuteOfDay) => minuteOfDay! * MINUTE)
  const nearEdge = fc
    .record({
      day: fc.integer({ min: 0, max: Math.round((end - start) / DAY) - 1 }),
      edge: fc.constantFrom(...edges),
      nudge: fc.constantFrom(-1, 0, 1),
    })
    .map(({ day, edge, nudge }) => Math.min(end - 1, Math.max(start, start + day * DAY + edge + nudge)))
  return fc.oneof(
    fc.integer({ min: start, max: end - 1 }),
    fc.integer({ min: 0, max: (end - start) / MINUTE - 1 }).map((minute) => start + minute * MINUTE),
    nearEdge,
  )
}
