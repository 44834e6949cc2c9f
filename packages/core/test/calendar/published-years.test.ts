import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { makeWorkingCalendar } from "../../src/calendar/calendar.ts"
import { CHINA_MAINLAND_2025_2026, shanghaiCalendar } from "../../src/calendar/china-mainland.ts"
import type { CalendarDefinition } from "../../src/calendar/definition.ts"
import {
  extendCalendar,
  InvalidCalendarYearsError,
  type PublishedYear,
  YearsProblem,
} from "../../src/calendar/published-years.ts"
import { arbitraryCalendarDefinition } from "../../src/testing/arbitraries/calendar.ts"

const DAY = 86_400_000

/** The refusal `extendCalendar` throws for `years` on `base`, failing the test on anything else. */
const refusal = (base: CalendarDefinition, years: unknown): InvalidCalendarYearsError => {
  try {
    extendCalendar(base, years as ReadonlyArray<PublishedYear>)
  } catch (error) {
    if (error instanceof InvalidCalendarYearsError) return error
    throw error
  }
  throw new Error("expected InvalidCalendarYearsError")
}

const problemsOf = (base: CalendarDefinition, years: unknown): ReadonlyArray<YearsProblem> =>
  refusal(base, years).problems

const ONLY_2025: CalendarDefinition = {
  ...CHINA_MAINLAND_2025_2026,
  years: CHINA_MAINLAND_2025_2026.years.filter((entry) => entry.year === 2025),
}

/** 2026 as an operator would load it: the notice of docs/domain.md#holidays-2026, as JSON. */
const YEAR_2026_JSON = `[
  {
    "year": 2026,
    "notice": { "title": "国务院办公厅关于2026年部分节假日安排的通知", "published": "2025-11-04" },
    "holidays": [
      "2026-01-01..2026-01-03", "2026-02-15..2026-02-23", "2026-04-04..2026-04-06", "2026-05-01..2026-05-05",
      "2026-06-19..2026-06-21", "2026-09-25..2026-09-27", "2026-10-01..2026-10-07"
    ],
    "makeupWorkdays": ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]
  }
]`

const notice = { title: "a notice", published: "2026-11-01" }

describe("Calendar.extend", () => {
  it("adds 2026 from its published JSON to a 2025 calendar, giving the shipped calendar day for day", () => {
    const extended = makeWorkingCalendar(extendCalendar(ONLY_2025, JSON.parse(YEAR_2026_JSON)))
    expect(extended.knownYears).toEqual([2025, 2026])
    expect(extended.name).toBe(CHINA_MAINLAND_2025_2026.name)
    expect(extended.definition.years[1]!.notice).toEqual(CHINA_MAINLAND_2025_2026.years[1]!.notice)
    for (let at = shanghaiCalendar.knownRange.start; at < shanghaiCalendar.knownRange.end; at += DAY) {
      expect(extended.isWorkingDay(at + 12 * 3_600_000)).toBe(
        shanghaiCalendar.isWorkingDay(at + 12 * 3_600_000),
      )
    }
  })

  it("names each problem with its reason and path, and lists every one", () => {
    const base = CHINA_MAINLAND_2025_2026
    const problems = problemsOf(base, [
      {
        year: 2027,
        notice: { title: "a notice", published: "2026-02-29" },
        holidays: [
          "2027-02-30",
          "2026-12-31",
          "2027-03-05..2027-03-01",
          "2027-05-01..2027-05-03",
          "2027-05-03",
        ],
        makeupWorkdays: ["2027-05-02", "2027-03-03", "2027-01-23", "2027-01-23", "2027-01-16"],
      },
      { year: 2026, notice, holidays: [], makeupWorkdays: [] },
      {
        year: 2029,
        notice,
        holidays: ["2029-01-01", "2029-02-01..2029-02-03", "2029-01-20"],
        makeupWorkdays: [],
      },
      { year: 2029, notice, holidays: [], makeupWorkdays: [] },
    ])
    expect(problems.map(({ reason, path }) => [reason, path.join(".")])).toEqual([
      ["yearTwice", "1.year"],
      ["yearTwice", "3.year"],
      ["yearGap", "2.year"],
      ["noSuchDate", "0.notice.published"],
      ["noSuchDate", "0.holidays.0"],
      ["outsideYear", "0.holidays.1"],
      ["reversedRange", "0.holidays.2"],
      ["overlapping", "0.holidays.4"],
      ["holidayOnMakeupDay", "0.makeupWorkdays.0"],
      ["unordered", "0.makeupWorkdays.1"],
      ["makeupNotWeekend", "0.makeupWorkdays.1"],
      ["unordered", "0.makeupWorkdays.2"],
      ["overlapping", "0.makeupWorkdays.3"],
      ["unordered", "0.makeupWorkdays.4"],
      ["unordered", "2.holidays.2"],
    ])
    expect(problems.map((problem) => problem.message)).toEqual([
      `2026 is already in calendar "${base.name}"`,
      "2029 is listed twice (also at [2])",
      "2028 is missing between 2027 and 2029: a calendar's years follow each other without a gap",
      "2026-02-29 is not a date",
      "2027-02-30 is not a date",
      "2026-12-31 is not in 2027: an entry lists only dates of its own year",
      "2027-03-05..2027-03-01 ends before it starts",
      "2027-05-03 shares days with 2027-05-01..2027-05-03 ([0].holidays[3])",
      "2027-05-02 is both a holiday and a make-up working day",
      "2027-03-03 is listed after 2027-05-02: list make-up days in date order",
      "2027-03-03 is a Wednesday: a make-up working day (调休上班) is a weekend day that is worked",
      "2027-01-23 is listed after 2027-05-02: list make-up days in date order",
      "2027-01-23 is listed twice",
      "2027-01-16 is listed after 2027-05-02: list make-up days in date order",
      "2029-01-20 is listed after 2029-02-01..2029-02-03: list holidays in date order",
    ])
  })

  it("refuses what is not the JSON form, naming the path", () => {
    expect(problemsOf(CHINA_MAINLAND_2025_2026, [])).toEqual([
      { reason: "malformed", path: [], message: "Expected at least one year" },
    ])
    expect(problemsOf(CHINA_MAINLAND_2025_2026, { year: 2027 })).toMatchObject([
      { reason: "malformed", path: [] },
    ])
    expect(
      problemsOf(CHINA_MAINLAND_2025_2026, [{ year: 2027, holidays: ["2027-1-1"], makeupWorkdays: [] }]),
    ).toEqual([
      { reason: "malformed", path: [0, "notice"], message: "Missing key" },
      {
        reason: "malformed",
        path: [0, "holidays", 0],
        message: "Expected a date YYYY-MM-DD or a run YYYY-MM-DD..YYYY-MM-DD",
      },
    ])
  })

  it("says why in its message, one problem a line", () => {
    const error = refusal(CHINA_MAINLAND_2025_2026, [
      { year: 2028, notice, holidays: ["2028-02-30"], makeupWorkdays: [] },
    ])
    expect(error.message).toBe(
      `cannot add these years to calendar "${CHINA_MAINLAND_2025_2026.name}":\n  [0].year: 2027 is missing between 2026 and 2028: a calendar's years follow each other without a gap\n  [0].holidays[0]: 2028-02-30 is not a date`,
    )
  })

  it("says where in its message, the list itself included, and names every missing year of a gap", () => {
    expect(refusal(CHINA_MAINLAND_2025_2026, []).message).toBe(
      `cannot add these years to calendar "${CHINA_MAINLAND_2025_2026.name}":\n  (the list): Expected at least one year`,
    )
    expect(
      problemsOf(CHINA_MAINLAND_2025_2026, [{ year: 2029, notice, holidays: [], makeupWorkdays: [] }]),
    ).toEqual([
      {
        reason: "yearGap",
        path: [0, "year"],
        message:
          "2027–2028 are missing between 2026 and 2029: a calendar's years follow each other without a gap",
      },
    ])
  })

  it("adds years before the first known one too, as long as the years stay consecutive, listed in order", () => {
    const extended = extendCalendar(CHINA_MAINLAND_2025_2026, [
      { year: 2024, notice, holidays: ["2024-01-01"], makeupWorkdays: [] },
    ])
    expect(makeWorkingCalendar(extended).knownYears).toEqual([2024, 2025, 2026])
    expect(extended.years.map((entry) => entry.year)).toEqual([2024, 2025, 2026])
  })

  it("leaves a gap between the calendar's own years to the calendar, blaming none of the added years", () => {
    const year = (y: number) => ({ year: y, holidays: [], makeupWorkdays: [] })
    const gapped: CalendarDefinition = { ...ONLY_2025, years: [year(2023), year(2025)] }
    const extended = extendCalendar(gapped, [{ year: 2026, notice, holidays: [], makeupWorkdays: [] }])
    expect(extended.years.map((entry) => entry.year)).toEqual([2023, 2025, 2026])
  })

  it("checks the order of the runs after a broken one against the last sound run", () => {
    const problems = problemsOf(ONLY_2025, [
      {
        year: 2026,
        notice,
        // The second run's first day names no day; the third is listed after the first but is earlier.
        holidays: ["2026-05-01", "2026-02-30..2026-06-01", "2026-04-01"],
        makeupWorkdays: [],
      },
    ])
    expect(problems.map((problem) => [problem.reason, problem.path])).toEqual([
      ["noSuchDate", [0, "holidays", 1]],
      ["unordered", [0, "holidays", 2]],
    ])
  })
})

// ---------------------------------------------------------------------------------------------
// Properties: generated year lists, valid and then corrupted once.

const dateOf = (year: number, dayOfYear: number): Date => new Date(Date.UTC(year, 0, 1 + dayOfYear))
const isoOf = (year: number, dayOfYear: number): string => dateOf(year, dayOfYear).toISOString().slice(0, 10)
const daysInYear = (year: number): number => (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / DAY

/** One valid published year: disjoint holiday runs in date order, make-up days on free weekend days. */
const arbitraryPublishedYear = (
  year: number,
  weekend: ReadonlyArray<number>,
): fc.Arbitrary<PublishedYear> => {
  const lastDay = daysInYear(year) - 1
  return fc
    .record({
      runs: fc.array(
        fc.record({ first: fc.integer({ min: 0, max: lastDay }), length: fc.integer({ min: 1, max: 9 }) }),
        {
          maxLength: 7,
        },
      ),
      makeups: fc.array(fc.nat(), { maxLength: 6 }),
      documentNumber: fc.option(fc.string({ minLength: 1, maxLength: 12 }), { nil: undefined }),
      published: fc.integer({ min: 0, max: daysInYear(year - 1) - 1 }),
    })
    .map(({ runs, makeups, documentNumber, published }) => {
      const holidays: Array<string> = []
      const off = new Set<number>()
      let next = 0
      for (const { first, length } of [...runs].sort((a, b) => a.first - b.first)) {
        if (first < next) continue
        const last = Math.min(first + length - 1, lastDay)
        for (let day = first; day <= last; day++) off.add(day)
        holidays.push(first === last ? isoOf(year, first) : `${isoOf(year, first)}..${isoOf(year, last)}`)
        next = last + 1
      }
      // Make-up days are picked among the weekend days that are not holidays.
      const free = Array.from({ length: lastDay + 1 }, (_, day) => day).filter(
        (day) => !off.has(day) && weekend.includes(dateOf(year, day).getUTCDay()),
      )
      const makeupWorkdays = [
        ...new Set(free.length === 0 ? [] : makeups.map((pick) => free[pick % free.length]!)),
      ]
        .sort((a, b) => a - b)
        .map((day) => isoOf(year, day))
      const title = `Notice on the holidays of ${year}`
      const source = { title, published: isoOf(year - 1, published) }
      return {
        year,
        notice: documentNumber === undefined ? source : { ...source, documentNumber },
        holidays,
        makeupWorkdays,
      }
    })
}

/** A base calendar (the shipped one now and then) and 1–3 valid years after or before its years, in any order. */
const arbitraryExtension = fc
  .oneof(
    { arbitrary: fc.constant(CHINA_MAINLAND_2025_2026), weight: 1 },
    { arbitrary: arbitraryCalendarDefinition, weight: 3 },
  )
  .chain((base) => {
    const known = base.years.map((entry) => entry.year)
    return fc
      .record({ count: fc.integer({ min: 1, max: 3 }), after: fc.boolean() })
      .chain(({ count, after }) => {
        const first = after ? Math.max(...known) + 1 : Math.min(...known) - count
        const years = Array.from({ length: count }, (_, i) => arbitraryPublishedYear(first + i, base.weekend))
        return fc
          .tuple(...years)
          .chain((list) => fc.shuffledSubarray(list, { minLength: count, maxLength: count }))
      })
      .map((years) => ({ base, years }))
  })

/** Freezes a value and everything in it, so that any write to the base calendar throws. */
const deepFreeze = <A>(value: A): A => {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}

/** Whether the generated year says the day is worked: a make-up day, or neither holiday nor weekend. */
const listedAsWorking = (entry: PublishedYear, weekend: ReadonlyArray<number>, date: string): boolean => {
  if (entry.makeupWorkdays.includes(date)) return true
  const holiday = entry.holidays.some((run) => {
    const [first = run, last = first] = run.split("..")
    return date >= first && date <= last
  })
  return !holiday && !weekend.includes(new Date(`${date}T00:00:00Z`).getUTCDay())
}

describe("Calendar.extend, for any valid list of published years", () => {
  it("accepts it, and the extended calendar works each added day as listed and each known day as before", () => {
    fc.assert(
      fc.property(arbitraryExtension, ({ base, years }) => {
        const before = makeWorkingCalendar(base)
        const extended = makeWorkingCalendar(
          extendCalendar(deepFreeze(base), JSON.parse(JSON.stringify(years))),
        )
        const noon = (year: number, day: number) =>
          Date.UTC(year, 0, 1 + day, 12) - base.utcOffsetMinutes * 60_000
        for (const entry of years) {
          for (let day = 0; day < daysInYear(entry.year); day++) {
            const date = `${entry.year}-${isoOf(entry.year, day).slice(5)}`
            if (extended.isWorkingDay(noon(entry.year, day)) !== listedAsWorking(entry, base.weekend, date))
              return false
          }
        }
        for (const year of before.knownYears) {
          for (let day = 0; day < daysInYear(year); day++) {
            if (extended.isWorkingDay(noon(year, day)) !== before.isWorkingDay(noon(year, day))) return false
          }
        }
        return extended.knownYears.length === before.knownYears.length + years.length
      }),
      { numRuns: 60 },
    )
  })
})

type Reason = YearsProblem["reason"]
type Mutable<A> = { -readonly [K in keyof A]: A[K] extends ReadonlyArray<infer I> ? Array<I> : A[K] }

/** A copy of the year whose lists can be edited. */
const editable = (entry: PublishedYear): Mutable<PublishedYear> => ({
  ...entry,
  holidays: [...entry.holidays],
  makeupWorkdays: [...entry.makeupWorkdays],
})

const insertSorted = (list: Array<string>, date: string): void => {
  const at = list.findIndex((other) => other > date)
  list.splice(at === -1 ? list.length : at, 0, date)
}

/** The days of a year's holiday runs, as ISO dates. */
const holidayDates = (entry: PublishedYear): ReadonlyArray<string> =>
  entry.holidays.flatMap((run) => {
    const [first = run, last = first] = run.split("..")
    const dates: Array<string> = []
    for (let at = Date.parse(first); at <= Date.parse(last); at += DAY)
      dates.push(new Date(at).toISOString().slice(0, 10))
    return dates
  })

interface Corruption {
  readonly reason: Reason
  /** Whether the corruption can be made of this list; */
  readonly applies: (base: CalendarDefinition, years: ReadonlyArray<PublishedYear>) => boolean
  /** The corrupted list: one change, `pick` choosing where. */
  readonly corrupt: (
    base: CalendarDefinition,
    years: ReadonlyArray<PublishedYear>,
    pick: (n: number) => number,
  ) => fc.Arbitrary<ReadonlyArray<unknown>> | ReadonlyArray<unknown>
}

/** Replaces the year at `index` of `years` by `edit` of an editable copy of it. */
const editYear = (
  years: ReadonlyArray<PublishedYear>,
  index: number,
  edit: (entry: Mutable<PublishedYear>) => void,
): ReadonlyArray<unknown> => {
  const copy = editable(years[index]!)
  edit(copy)
  return years.map((entry, i) => (i === index ? copy : entry))
}

const always = () => true

const CORRUPTIONS: ReadonlyArray<Corruption> = [
  {
    reason: "malformed",
    applies: always,
    corrupt: (_, years, pick) => {
      const index = pick(years.length)
      return pick(2) === 0
        ? years.map((entry, i) => (i === index ? { ...entry, notice: undefined } : entry))
        : editYear(years, index, (entry) => entry.makeupWorkdays.splice(0, 0, `${entry.year}-1-1`))
    },
  },
  {
    reason: "noSuchDate",
    applies: always,
    corrupt: (_, years, pick) =>
      editYear(years, pick(years.length), (entry) => {
        const date = `${entry.year}-${["02-30", "04-31", "13-01", "00-10", "06-00", "11-31"][pick(6)]}`
        const where = pick(3)
        if (where === 0) entry.holidays.splice(pick(entry.holidays.length + 1), 0, date)
        else if (where === 1) entry.makeupWorkdays.splice(pick(entry.makeupWorkdays.length + 1), 0, date)
        else entry.notice = { ...entry.notice, published: date }
      }),
  },
  {
    reason: "outsideYear",
    applies: always,
    corrupt: (_, years, pick) =>
      editYear(years, pick(years.length), (entry) => {
        const other = entry.year + (pick(2) === 0 ? -1 : 1)
        const date = isoOf(other, pick(daysInYear(other)))
        if (pick(2) === 0) entry.holidays.splice(pick(entry.holidays.length + 1), 0, date)
        else entry.makeupWorkdays.splice(pick(entry.makeupWorkdays.length + 1), 0, date)
      }),
  },
  {
    reason: "reversedRange",
    applies: always,
    corrupt: (_, years, pick) =>
      editYear(years, pick(years.length), (entry) => {
        const first = 1 + pick(daysInYear(entry.year) - 1)
        const run = `${isoOf(entry.year, first)}..${isoOf(entry.year, pick(first))}`
        entry.holidays.splice(pick(entry.holidays.length + 1), 0, run)
      }),
  },
  {
    reason: "overlapping",
    applies: (_, years) => years.some((entry) => entry.holidays.length + entry.makeupWorkdays.length > 0),
    corrupt: (_, years, pick) => {
      const candidates = years.flatMap((entry, i) =>
        entry.holidays.length + entry.makeupWorkdays.length > 0 ? [i] : [],
      )
      return editYear(years, candidates[pick(candidates.length)]!, (entry) => {
        const list =
          entry.holidays.length > 0 && (entry.makeupWorkdays.length === 0 || pick(2) === 0)
            ? entry.holidays
            : entry.makeupWorkdays
        const at = pick(list.length)
        list.splice(at + 1, 0, list[at]!)
      })
    },
  },
  {
    reason: "unordered",
    applies: (_, years) =>
      years.some((entry) => entry.holidays.length > 1 || entry.makeupWorkdays.length > 1),
    corrupt: (_, years, pick) => {
      const candidates = years.flatMap((entry, i) =>
        entry.holidays.length > 1 || entry.makeupWorkdays.length > 1 ? [i] : [],
      )
      return editYear(years, candidates[pick(candidates.length)]!, (entry) => {
        const list =
          entry.holidays.length > 1 && (entry.makeupWorkdays.length < 2 || pick(2) === 0)
            ? entry.holidays
            : entry.makeupWorkdays
        const at = pick(list.length - 1)
        list.splice(at, 2, list[at + 1]!, list[at]!)
      })
    },
  },
  {
    reason: "makeupNotWeekend",
    applies: always,
    corrupt: (base, years, pick) =>
      editYear(years, pick(years.length), (entry) => {
        const off = new Set(holidayDates(entry))
        const weekdays = Array.from({ length: daysInYear(entry.year) }, (_, day) => day).filter(
          (day) =>
            !off.has(isoOf(entry.year, day)) && !base.weekend.includes(dateOf(entry.year, day).getUTCDay()),
        )
        insertSorted(entry.makeupWorkdays, isoOf(entry.year, weekdays[pick(weekdays.length)]!))
      }),
  },
  {
    reason: "holidayOnMakeupDay",
    applies: (_, years) => years.some((entry) => entry.holidays.length > 0),
    corrupt: (_, years, pick) => {
      const candidates = years.flatMap((entry, i) => (entry.holidays.length > 0 ? [i] : []))
      return editYear(years, candidates[pick(candidates.length)]!, (entry) => {
        const off = holidayDates(entry)
        insertSorted(entry.makeupWorkdays, off[pick(off.length)]!)
      })
    },
  },
  {
    reason: "yearTwice",
    applies: always,
    corrupt: (base, years, pick) => {
      const at = pick(years.length + 1)
      if (pick(2) === 0) return [...years.slice(0, at), years[pick(years.length)]!, ...years.slice(at)]
      const known = base.years[pick(base.years.length)]!.year
      return arbitraryPublishedYear(known, base.weekend).map((entry) => [
        ...years.slice(0, at),
        entry,
        ...years.slice(at),
      ])
    },
  },
  {
    reason: "yearGap",
    applies: (_, years) => years.length > 1,
    corrupt: (base, years, pick) => {
      // Dropping any added year but the one farthest from the calendar's years leaves a gap.
      const after = years[0]!.year > base.years[0]!.year
      const farthest = years.reduce((far, entry) =>
        (after ? entry.year > far.year : entry.year < far.year) ? entry : far,
      )
      const droppable = years.filter((entry) => entry !== farthest)
      const dropped = droppable[pick(droppable.length)]
      return years.filter((entry) => entry !== dropped)
    },
  },
]

/** A valid extension corrupted once, by any corruption that applies to it, with the reason expected. */
const arbitraryCorruption = arbitraryExtension.chain(({ base, years }) =>
  fc
    .record({
      corruption: fc.constantFrom(...CORRUPTIONS.filter((corruption) => corruption.applies(base, years))),
      picks: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
    })
    .chain(({ corruption, picks }) => {
      let next = 0
      const pick = (n: number) => picks[next++ % picks.length]! % Math.max(1, n)
      const corrupted = corruption.corrupt(base, years, pick)
      const list = corrupted instanceof fc.Arbitrary ? corrupted : fc.constant(corrupted)
      return list.map((corrupted) => ({ base, reason: corruption.reason, corrupted }))
    }),
)

describe("Calendar.extend, for any valid list corrupted once", () => {
  it("refuses it with that corruption's reason alone, and leaves the calendar as it was", () => {
    fc.assert(
      fc.property(arbitraryCorruption, ({ base, reason, corrupted }) => {
        const snapshot = structuredClone(base)
        const problems = problemsOf(deepFreeze(base), JSON.parse(JSON.stringify(corrupted)))
        expect(problems.length).toBeGreaterThan(0)
        expect(new Set(problems.map((problem) => problem.reason))).toEqual(new Set([reason]))
        expect(base).toEqual(snapshot)
      }),
      { numRuns: 400 },
    )
  })

  it("has a corruption for every reason a problem can have", () => {
    expect(CORRUPTIONS.map((corruption) => corruption.reason)).toEqual(YearsProblem.fields.reason.literals)
  })
})
