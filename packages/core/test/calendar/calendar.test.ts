import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  InvalidCalendarError,
  makeWorkingCalendar,
  OutsideCalendarError,
  type WorkingCalendar,
} from "../../src/calendar/calendar.ts"
import { CHINA_MAINLAND_2025_2026, shanghaiCalendar } from "../../src/calendar/china-mainland.ts"
import {
  type CalendarDefinition,
  CalendarDefinition as CalendarDefinitionSchema,
} from "../../src/calendar/definition.ts"
import { deadlineAfter, wallHours, workingHours } from "../../src/policy/time-limit.ts"
import { type Instant, MINUTE, toShanghaiIso } from "../../src/shared/instant.ts"
import {
  arbitraryCalendarDefinition,
  arbitraryInstantIn,
  arbitraryWorkingCalendar,
} from "../../src/testing/arbitraries/calendar.ts"

/** A Shanghai local time, e.g. "2025-03-07T17:30". */
const sh = (local: string): Instant => Date.parse(`${local}:00+08:00`)
const show = (at: Instant): string => toShanghaiIso(at).slice(0, 16)
const add = (local: string, minutes: number): string =>
  show(shanghaiCalendar.addWorkingMinutes(sh(local), minutes))

const thrown = (run: () => unknown): unknown => {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error("expected a throw")
}

describe("Shanghai calendar: everyday working time", () => {
  it("carries a Friday 17:30 + 60 working minutes over the weekend to Monday 09:30", () => {
    expect(add("2025-03-07T17:30", 60)).toBe("2025-03-10T09:30")
  })

  it("ends a deadline at 12:00 or 18:00 rather than at the next period's start", () => {
    expect(add("2025-03-07T11:30", 30)).toBe("2025-03-07T12:00")
    expect(add("2025-03-07T17:30", 30)).toBe("2025-03-07T18:00")
  })

  it("starts counting at the next period start when the start is outside working time", () => {
    expect(add("2025-03-07T12:30", 30)).toBe("2025-03-07T13:30")
    expect(add("2025-03-08T10:00", 60)).toBe("2025-03-10T10:00")
    expect(add("2025-03-10T07:00", 1)).toBe("2025-03-10T09:01")
  })

  it("treats both ends of a period as working moments (closed intervals)", () => {
    const moment = (local: string) => shanghaiCalendar.isWorkingMoment(sh(local))
    expect([moment("2025-03-07T09:00"), moment("2025-03-07T12:00"), moment("2025-03-07T13:00")]).toEqual([
      true,
      true,
      true,
    ])
    expect(moment("2025-03-07T18:00")).toBe(true)
    expect(shanghaiCalendar.isWorkingMoment(sh("2025-03-07T18:00") + 1)).toBe(false)
    expect(shanghaiCalendar.isWorkingMoment(sh("2025-03-07T09:00") - 1)).toBe(false)
    expect(moment("2025-03-07T12:30")).toBe(false)
    expect(moment("2025-03-08T10:00")).toBe(false)
  })

  it("counts 480 working minutes a day and 2,400 in a plain week", () => {
    expect(shanghaiCalendar.workingMinutesPerDay).toBe(480)
    expect(shanghaiCalendar.workingMinutesBetween(sh("2025-03-10T00:00"), sh("2025-03-17T00:00"))).toBe(2400)
    expect(shanghaiCalendar.workingMinutesBetween(sh("2025-03-17T00:00"), sh("2025-03-10T00:00"))).toBe(0)
  })

  it("decides the date in Asia/Shanghai, not in UTC", () => {
    // 2025-01-05T16:30Z is Monday 00:30 in Shanghai but still Sunday in UTC.
    expect(shanghaiCalendar.isWorkingDay(Date.parse("2025-01-05T16:30:00Z"))).toBe(true)
    expect(shanghaiCalendar.isWorkingDay(Date.parse("2025-01-05T15:30:00Z"))).toBe(false)
  })
})

describe("Shanghai calendar: holidays and make-up working days (调休)", () => {
  it("skips the 2026 Spring Festival (02-15..02-23) and works the make-up Saturday 02-14", () => {
    expect(shanghaiCalendar.isWorkingDay(sh("2026-02-14T10:00"))).toBe(true)
    expect(shanghaiCalendar.isWorkingDay(sh("2026-02-16T10:00"))).toBe(false)
    expect(shanghaiCalendar.isWorkingDay(sh("2026-02-23T10:00"))).toBe(false)
    expect(add("2026-02-13T17:00", 120)).toBe("2026-02-14T10:00")
    expect(add("2026-02-14T17:00", 120)).toBe("2026-02-24T10:00")
    expect(shanghaiCalendar.workingMinutesBetween(sh("2026-02-13T09:00"), sh("2026-02-24T09:00"))).toBe(960)
  })

  it("skips the 2025 National Day week and works the make-up days 09-28 (Sunday) and 10-11 (Saturday)", () => {
    expect(shanghaiCalendar.isWorkingDay(sh("2025-09-28T10:00"))).toBe(true)
    expect(shanghaiCalendar.isWorkingDay(sh("2025-10-11T10:00"))).toBe(true)
    expect(shanghaiCalendar.isWorkingDay(sh("2025-10-08T10:00"))).toBe(false)
    expect(add("2025-09-30T17:00", 120)).toBe("2025-10-09T10:00")
  })

  it("crosses New Year 2026 onto the make-up Sunday 01-04", () => {
    expect(add("2025-12-31T17:00", 120)).toBe("2026-01-04T10:00")
  })

  it("puts a wall-clock deadline on the clock and a working one on the calendar", () => {
    const friday = sh("2025-03-07T17:30")
    expect(show(deadlineAfter(shanghaiCalendar, friday, wallHours(2)))).toBe("2025-03-07T19:30")
    expect(show(deadlineAfter(shanghaiCalendar, friday, workingHours(2)))).toBe("2025-03-10T10:30")
  })
})

describe("Shanghai calendar: outside 2025–2026", () => {
  it("refuses a moment whose Shanghai date is in 2024 or 2027, naming calendar, instant and year", () => {
    const lastOf2024 = sh("2024-12-31T23:59")
    const error = thrown(() => shanghaiCalendar.isWorkingDay(lastOf2024))
    expect(error).toBeInstanceOf(OutsideCalendarError)
    expect(error).toMatchObject({ calendar: CHINA_MAINLAND_2025_2026.name, at: lastOf2024, year: 2024 })
    // 2026-12-31T16:00Z is already 2027-01-01 in Shanghai.
    expect(thrown(() => shanghaiCalendar.isWorkingMoment(Date.parse("2026-12-31T16:00:00Z")))).toMatchObject({
      year: 2027,
    })
    expect(shanghaiCalendar.isWorkingDay(Date.parse("2024-12-31T16:00:00Z"))).toBe(false)
    expect((error as OutsideCalendarError).message).toBe(
      `calendar "${CHINA_MAINLAND_2025_2026.name}" has no data for 2024 (known years: 2025, 2026; at 2024-12-31T15:59:00.000Z)`,
    )
  })

  it("refuses to walk past the last known year instead of guessing 2027's holidays", () => {
    expect(add("2026-12-31T17:00", 60)).toBe("2026-12-31T18:00")
    const error = thrown(() => shanghaiCalendar.addWorkingMinutes(sh("2026-12-31T17:00"), 61))
    expect(error).toBeInstanceOf(OutsideCalendarError)
    expect(error).toMatchObject({ year: 2027 })
    expect(
      thrown(() => shanghaiCalendar.workingMinutesBetween(sh("2026-12-01T09:00"), sh("2027-01-04T09:00"))),
    ).toBeInstanceOf(OutsideCalendarError)
  })
})

describe("calendar definitions", () => {
  const base: CalendarDefinition = {
    name: "test",
    utcOffsetMinutes: 480,
    weekend: [6, 0],
    workingPeriods: [{ start: "09:00", end: "17:00" }],
    years: [{ year: 2025, holidays: [], makeupWorkdays: [] }],
  }
  const problemsOf = (definition: CalendarDefinition): ReadonlyArray<string> => {
    const error = thrown(() => makeWorkingCalendar(definition))
    expect(error).toBeInstanceOf(InvalidCalendarError)
    return (error as InvalidCalendarError).problems
  }

  it("decodes JSON with the default weekend and the default 09:00–12:00, 13:00–18:00 day", () => {
    const json = JSON.parse(
      '{"name":"Shanghai 2025","utcOffsetMinutes":480,"years":[{"year":2025,"holidays":["01-01"]}]}',
    )
    const definition = Schema.decodeUnknownSync(CalendarDefinitionSchema)(json)
    expect(definition.weekend).toEqual([6, 0])
    expect(definition.workingPeriods).toEqual([
      { start: "09:00", end: "12:00" },
      { start: "13:00", end: "18:00" },
    ])
    expect(definition.years[0]!.makeupWorkdays).toEqual([])
    expect(makeWorkingCalendar(definition).workingMinutesPerDay).toBe(480)
  })

  it("rejects malformed dates and times already when decoding", () => {
    const decode = Schema.decodeUnknownResult(CalendarDefinitionSchema)
    const withYear = (year: object) => ({
      name: "x",
      utcOffsetMinutes: 480,
      years: [{ year: 2025, ...year }],
    })
    expect(Result.isFailure(decode(withYear({ holidays: ["1-01"] })))).toBe(true)
    expect(Result.isFailure(decode(withYear({ makeupWorkdays: ["01-26..01-27"] })))).toBe(true)
    expect(
      Result.isFailure(decode({ ...withYear({}), workingPeriods: [{ start: "09:00", end: "25:00" }] })),
    ).toBe(true)
    expect(Result.isSuccess(decode(withYear({ holidays: ["01-01..01-03"] })))).toBe(true)
  })

  it("rejects a date that is both a holiday and a make-up working day", () => {
    expect(
      problemsOf({ ...base, years: [{ year: 2025, holidays: ["01-25..01-27"], makeupWorkdays: ["01-26"] }] }),
    ).toEqual(["2025: 01-26 is listed both as a holiday and as a make-up working day"])
  })

  it("rejects impossible or malformed dates, reversed runs and make-up days that are not weekend days", () => {
    const problems = problemsOf({
      ...base,
      years: [{ year: 2025, holidays: ["02-29", "13-01", "1-1", "05-05..05-01"], makeupWorkdays: ["01-27"] }],
    })
    expect(problems).toEqual([
      '2025: "02-29" is not a date of that year',
      '2025: "13-01" is not a date of that year',
      '2025: holiday "1-1" is not MM-DD or MM-DD..MM-DD',
      '2025: holiday range "05-05..05-01" ends before it starts',
      "2025: make-up working day 01-27 is not a weekend day",
    ])
    expect(() =>
      makeWorkingCalendar({ ...base, years: [{ year: 2024, holidays: ["02-29"], makeupWorkdays: [] }] }),
    ).not.toThrow()
  })

  it("rejects a notice publication date that names no day", () => {
    const notice = { title: "国务院办公厅关于2025年部分节假日安排的通知", published: "2024-11-31" }
    expect(
      problemsOf({ ...base, years: [{ year: 2025, notice, holidays: [], makeupWorkdays: [] }] }),
    ).toEqual(['2025: the notice\'s publication date "2024-11-31" is not a date'])
  })

  it("rejects malformed, reversed and overlapping working periods", () => {
    expect(problemsOf({ ...base, workingPeriods: [{ start: "9:00", end: "12:00" }] })).toEqual([
      "working period 9:00–12:00 is not HH:MM–HH:MM",
    ])
    expect(problemsOf({ ...base, workingPeriods: [{ start: "12:00", end: "09:00" }] })).toEqual([
      "working period 12:00–09:00 ends before it starts",
    ])
    expect(
      problemsOf({
        ...base,
        workingPeriods: [
          { start: "13:00", end: "18:00" },
          { start: "09:00", end: "13:30" },
        ],
      }),
    ).toEqual(["working periods overlap"])
    expect(problemsOf({ ...base, workingPeriods: [] })).toEqual(["no working periods"])
  })

  it("rejects missing, repeated and non-consecutive years, bad weekdays and offsets", () => {
    const year = (y: number) => ({ year: y, holidays: [], makeupWorkdays: [] })
    expect(problemsOf({ ...base, years: [] })).toEqual(["no years"])
    expect(problemsOf({ ...base, years: [year(2025), year(2025)] })).toEqual(["year 2025 is listed twice"])
    expect(problemsOf({ ...base, years: [year(2027), year(2025)] })).toEqual([
      "years must be consecutive: 2026 is missing",
    ])
    expect(problemsOf({ ...base, weekend: [7], utcOffsetMinutes: 900 })).toEqual([
      "UTC offset 900 is not a whole number of minutes within −12:00..+14:00",
      "weekend day 7 is not 0 (Sunday)..6",
    ])
  })

  it("lists the holidays' problems beside those of the offset and the periods, all in one answer", () => {
    expect(
      problemsOf({
        ...base,
        utcOffsetMinutes: 900,
        workingPeriods: [{ start: "12:00", end: "09:00" }],
        years: [{ year: 2025, holidays: ["02-30"], makeupWorkdays: ["01-27"] }],
      }),
    ).toEqual([
      "UTC offset 900 is not a whole number of minutes within −12:00..+14:00",
      "working period 12:00–09:00 ends before it starts",
      '2025: "02-30" is not a date of that year',
      "2025: make-up working day 01-27 is not a weekend day",
    ])
  })

  it("accepts offsets and weekend days up to the ends of their ranges, and nothing past them", () => {
    // UTC offsets in use run from −12:00 (Baker Island) to +14:00 (Line Islands); weekdays are 0..6.
    for (const utcOffsetMinutes of [-720, 840]) {
      expect(makeWorkingCalendar({ ...base, utcOffsetMinutes }).knownRange.start).toBe(
        Date.UTC(2025, 0, 1) - utcOffsetMinutes * MINUTE,
      )
    }
    expect(makeWorkingCalendar({ ...base, weekend: [0, 6] }).isWorkingDay(Date.UTC(2025, 0, 4, 4))).toBe(
      false,
    )
    for (const utcOffsetMinutes of [-721, 841, 480.5]) {
      expect(problemsOf({ ...base, utcOffsetMinutes })).toEqual([
        `UTC offset ${utcOffsetMinutes} is not a whole number of minutes within −12:00..+14:00`,
      ])
    }
    expect(problemsOf({ ...base, weekend: [-1, 1.5] })).toEqual([
      "weekend day -1 is not 0 (Sunday)..6",
      "weekend day 1.5 is not 0 (Sunday)..6",
    ])
  })

  it("refuses what is not a date or a time wherever it stands, and an empty working period", () => {
    const notice = { title: "国务院办公厅关于2025年部分节假日安排的通知", published: "12.11.2024" }
    expect(
      problemsOf({
        ...base,
        years: [
          {
            year: 2025,
            notice,
            holidays: ["02-27..02-30", "02-31..03-02", "13-01..13-02"],
            makeupWorkdays: ["1-26"],
          },
        ],
      }),
    ).toEqual([
      '2025: the notice\'s publication date "12.11.2024" is not a date',
      '2025: "02-30" is not a date of that year',
      '2025: "02-31" is not a date of that year',
      '2025: "13-01" is not a date of that year',
      '2025: "13-02" is not a date of that year',
      '2025: "1-26" is not MM-DD',
    ])
    expect(problemsOf({ ...base, workingPeriods: [{ start: "09:00", end: "9:00" }] })).toEqual([
      "working period 09:00–9:00 is not HH:MM–HH:MM",
    ])
    expect(problemsOf({ ...base, workingPeriods: [{ start: "09:00", end: "09:00" }] })).toEqual([
      "working period 09:00–09:00 ends before it starts",
    ])
  })

  it("accepts working periods that touch (one ends when the next starts) as one longer day", () => {
    const workingPeriods = [
      { start: "09:00", end: "12:00" },
      { start: "12:00", end: "18:00" },
    ]
    expect(makeWorkingCalendar({ ...base, workingPeriods }).workingMinutesPerDay).toBe(9 * 60)
  })

  it("names the year after its last when a deadline would run past it, whatever its years", () => {
    const calendar = makeWorkingCalendar(base) // 2025 only, 8 working hours a day
    const error = thrown(() => calendar.addWorkingMinutes(Date.UTC(2025, 11, 31, 1), 2 * 8 * 60))
    expect(error).toBeInstanceOf(OutsideCalendarError)
    expect(error).toMatchObject({ year: 2026 })
  })

  it("refuses working minutes that are negative or not finite", () => {
    const start = sh("2025-03-07T10:00")
    for (const minutes of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => shanghaiCalendar.addWorkingMinutes(start, minutes)).toThrow(
        new RangeError(`working minutes must be finite and non-negative, got ${minutes}`),
      )
    }
  })

  it("says in its message which definition it refuses and every problem", () => {
    expect(() => makeWorkingCalendar({ ...base, name: "Hangzhou", years: [], workingPeriods: [] })).toThrow(
      'invalid calendar "Hangzhou": no working periods; no years',
    )
  })

  it("accepts every generated definition", () => {
    fc.assert(fc.property(arbitraryCalendarDefinition, (definition) => void makeWorkingCalendar(definition)))
  })
})

/** A calendar and an instant in its first year, with room for up to 20 working days after it. */
const calendarAndStart = arbitraryWorkingCalendar.chain((calendar) =>
  fc.tuple(fc.constant(calendar), arbitraryInstantIn(calendar, calendar.knownYears[0]!)),
)
const minutesUpTo20Days = (calendar: WorkingCalendar) =>
  fc.integer({ min: 0, max: 20 * calendar.workingMinutesPerDay })

describe("working-time arithmetic, for any calendar", () => {
  it("never returns a moment before the start; for m > 0 a working moment strictly after it", () => {
    fc.assert(
      fc.property(
        calendarAndStart.chain(([calendar, start]) =>
          fc.tuple(fc.constant(calendar), fc.constant(start), minutesUpTo20Days(calendar)),
        ),
        ([calendar, start, minutes]) => {
          const end = calendar.addWorkingMinutes(start, minutes)
          if (minutes === 0) return end === start
          return end > start && calendar.isWorkingMoment(end)
        },
      ),
    )
  })

  // The result depends only on the start's position on the working-time axis plus the minutes,
  // and adding 0 returns the start itself, so additivity holds for every start and every
  // a, b >= 0 — working moment or not.
  it("is additive: add(add(s, a), b) === add(s, a + b) for every start s and a, b >= 0", () => {
    fc.assert(
      fc.property(
        calendarAndStart.chain(([calendar, start]) =>
          fc.tuple(
            fc.constant(calendar),
            fc.constant(start),
            minutesUpTo20Days(calendar),
            minutesUpTo20Days(calendar),
          ),
        ),
        ([calendar, start, a, b]) =>
          calendar.addWorkingMinutes(calendar.addWorkingMinutes(start, a), b) ===
          calendar.addWorkingMinutes(start, a + b),
      ),
    )
  })

  it("round-trips: workingMinutesBetween(s, addWorkingMinutes(s, m)) === m", () => {
    fc.assert(
      fc.property(
        calendarAndStart.chain(([calendar, start]) =>
          fc.tuple(fc.constant(calendar), fc.constant(start), minutesUpTo20Days(calendar)),
        ),
        ([calendar, start, minutes]) =>
          calendar.workingMinutesBetween(start, calendar.addWorkingMinutes(start, minutes)) === minutes,
      ),
    )
  })

  it("round-trips the other way: add(s, between(s, t)) is at or before t with no working time between", () => {
    fc.assert(
      fc.property(
        calendarAndStart.chain(([calendar, start]) =>
          fc.tuple(
            fc.constant(calendar),
            fc.constant(start),
            arbitraryInstantIn(calendar, calendar.knownYears[0]!),
          ),
        ),
        ([calendar, start, to]) => {
          const reached = calendar.addWorkingMinutes(start, calendar.workingMinutesBetween(start, to))
          return to <= start
            ? reached === start
            : reached <= to && calendar.workingMinutesBetween(reached, to) === 0
        },
      ),
    )
  })

  it("is monotonic in the start and in the minutes", () => {
    fc.assert(
      fc.property(
        calendarAndStart.chain(([calendar, start]) =>
          fc.tuple(
            fc.constant(calendar),
            fc.constant(start),
            arbitraryInstantIn(calendar, calendar.knownYears[0]!),
            minutesUpTo20Days(calendar),
            minutesUpTo20Days(calendar),
          ),
        ),
        ([calendar, s1, s2, m1, m2]) => {
          const [early, late] = s1 <= s2 ? [s1, s2] : [s2, s1]
          const [few, many] = m1 <= m2 ? [m1, m2] : [m2, m1]
          return (
            calendar.addWorkingMinutes(early, few) <= calendar.addWorkingMinutes(late, few) &&
            calendar.addWorkingMinutes(early, few) <= calendar.addWorkingMinutes(early, many)
          )
        },
      ),
    )
  })

  it("agrees with a minute-by-minute walk over the definition", () => {
    fc.assert(
      fc.property(
        calendarAndStart.chain(([calendar, start]) =>
          fc.tuple(
            fc.constant(calendar),
            fc.constant(start - (start % MINUTE)),
            fc.integer({ min: 0, max: 2 * calendar.workingMinutesPerDay }),
          ),
        ),
        ([calendar, start, minutes]) => {
          return (
            calendar.addWorkingMinutes(start, minutes) === referenceAdd(calendar.definition, start, minutes)
          )
        },
      ),
      { numRuns: 60 },
    )
  })

  it("refuses exactly when the result would lie past the last known year", () => {
    fc.assert(
      fc.property(
        arbitraryWorkingCalendar.chain((calendar) =>
          fc.tuple(
            fc.constant(calendar),
            arbitraryInstantIn(calendar, calendar.knownYears.at(-1)!),
            fc.integer({ min: 1, max: 300 * calendar.workingMinutesPerDay }),
          ),
        ),
        ([calendar, start, minutes]) => {
          const room = calendar.workingMinutesBetween(start, calendar.knownRange.end - 1)
          if (minutes <= room) return calendar.addWorkingMinutes(start, minutes) < calendar.knownRange.end
          return thrown(() => calendar.addWorkingMinutes(start, minutes)) instanceof OutsideCalendarError
        },
      ),
    )
  })
})

/**
 * An independent oracle: walks whole minutes from a minute-aligned start, reading the
 * definition directly (string dates, `Date` weekdays), until `minutes` working minutes passed.
 */
const referenceAdd = (definition: CalendarDefinition, start: Instant, minutes: number): Instant => {
  const offset = definition.utcOffsetMinutes * MINUTE
  const minuteOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5))
  const isWorkingMinute = (at: Instant): boolean => {
    const local = new Date(at + offset)
    const monthDay = local.toISOString().slice(5, 10)
    const year = definition.years.find((entry) => entry.year === local.getUTCFullYear())!
    const holiday = year.holidays.some((entry) => {
      const [first = "", last = first] = entry.split("..")
      return monthDay >= first && monthDay <= last
    })
    const workingDay =
      year.makeupWorkdays.includes(monthDay) || (!holiday && !definition.weekend.includes(local.getUTCDay()))
    const minuteOfDay = local.getUTCHours() * 60 + local.getUTCMinutes()
    return (
      workingDay &&
      definition.workingPeriods.some(
        (period) => minuteOfDay >= minuteOf(period.start) && minuteOfDay < minuteOf(period.end),
      )
    )
  }
  let at = start
  for (let left = minutes; left > 0; at += MINUTE) if (isWorkingMinute(at)) left--
  return at
}
