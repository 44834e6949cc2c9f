import { epochDay, parseIsoDate, realDate, weekdayOfEpochDay } from "./dates.ts"
import {
  type CalendarDefinition,
  type CalendarYear,
  CLOCK_TIME_PATTERN,
  HOLIDAY_ENTRY_PATTERN,
  MONTH_DAY_PATTERN,
} from "./definition.ts"

const MINUTE_MS = 60_000

/**
 * Everything `makeWorkingCalendar` precomputes from a definition so that each lookup is a few
 * array reads: days are numbered from the first local day of the first known year, and each
 * working day also gets an ordinal among working days.
 */
export interface CompiledCalendar {
  readonly knownYears: ReadonlyArray<number>
  readonly offsetMs: number
  /** Epoch day (days since 1970-01-01, local) of January 1st of the first known year. */
  readonly firstEpochDay: number
  readonly dayCount: number
  /** 1 for a working day, 0 otherwise, indexed by day. */
  readonly isWorking: Uint8Array
  /** Working days strictly before each day index (length dayCount + 1): a prefix sum. */
  readonly workingDaysBefore: Int32Array
  /** The day index of the k-th working day (0-based). */
  readonly workingDayIndex: Int32Array
  /** Working periods of a day, sorted, as milliseconds after local midnight. */
  readonly periodStartMs: ReadonlyArray<number>
  readonly periodEndMs: ReadonlyArray<number>
  /** Working milliseconds in the periods before each period of the day. */
  readonly periodElapsedBeforeMs: ReadonlyArray<number>
  readonly workingMsPerDay: number
}

export type CompileResult =
  | { readonly _tag: "Compiled"; readonly calendar: CompiledCalendar }
  | { readonly _tag: "Invalid"; readonly problems: ReadonlyArray<string> }

/** The epoch day of `MM-DD` in `year`, or a problem if the text is not a real date of that year. */
const parseMonthDay = (year: number, text: string): number | string => {
  const match = MONTH_DAY_PATTERN.exec(text)
  if (match === null) return `${year}: "${text}" is not MM-DD`
  const day = realDate(year, Number(match[1]), Number(match[2]))
  return day === undefined ? `${year}: "${text}" is not a date of that year` : day
}

/** Minutes after midnight of an `HH:MM` text, or undefined if it is not one. */
export const parseClockTime = (text: string): number | undefined =>
  CLOCK_TIME_PATTERN.test(text) ? Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5)) : undefined

interface Periods {
  readonly startMs: ReadonlyArray<number>
  readonly endMs: ReadonlyArray<number>
}

const compilePeriods = (definition: CalendarDefinition, problems: Array<string>): Periods => {
  const parsed: Array<{ start: number; end: number }> = []
  if (definition.workingPeriods.length === 0) problems.push("no working periods")
  for (const period of definition.workingPeriods) {
    const start = parseClockTime(period.start)
    const end = parseClockTime(period.end)
    if (start === undefined || end === undefined) {
      problems.push(`working period ${period.start}–${period.end} is not HH:MM–HH:MM`)
    } else if (end <= start) {
      problems.push(`working period ${period.start}–${period.end} ends before it starts`)
    } else {
      parsed.push({ start, end })
    }
  }
  parsed.sort((a, b) => a.start - b.start)
  for (let i = 1; i < parsed.length; i++) {
    const previous = parsed[i - 1]!
    const current = parsed[i]!
    if (current.start < previous.end) problems.push("working periods overlap")
  }
  return {
    startMs: parsed.map((period) => period.start * MINUTE_MS),
    endMs: parsed.map((period) => period.end * MINUTE_MS),
  }
}

const checkYears = (years: ReadonlyArray<CalendarYear>, problems: Array<string>): ReadonlyArray<number> => {
  const known = years.map((entry) => entry.year).sort((a, b) => a - b)
  if (known.length === 0) problems.push("no years")
  for (let i = 1; i < known.length; i++) {
    if (known[i] === known[i - 1]) problems.push(`year ${known[i]} is listed twice`)
    else if (known[i] !== known[i - 1]! + 1)
      problems.push(`years must be consecutive: ${known[i - 1]! + 1} is missing`)
  }
  return known
}

/** Marks holidays non-working and make-up days (调休上班) working, checking each date. */
const applyYear = (
  entry: CalendarYear,
  firstEpochDay: number,
  weekend: ReadonlySet<number>,
  isWorking: Uint8Array,
  problems: Array<string>,
): void => {
  if (entry.notice !== undefined && typeof parseIsoDate(entry.notice.published) === "string") {
    problems.push(`${entry.year}: the notice's publication date "${entry.notice.published}" is not a date`)
  }
  const holidays = new Set<number>()
  for (const holiday of entry.holidays) {
    const match = HOLIDAY_ENTRY_PATTERN.exec(holiday)
    if (match === null) {
      problems.push(`${entry.year}: holiday "${holiday}" is not MM-DD or MM-DD..MM-DD`)
      continue
    }
    const first = parseMonthDay(entry.year, match[1]!)
    const last = match[2] === undefined ? first : parseMonthDay(entry.year, match[2])
    if (typeof first === "string" || typeof last === "string") {
      problems.push(...new Set([first, last].filter((parsed) => typeof parsed === "string")))
      continue
    }
    if (last < first) problems.push(`${entry.year}: holiday range "${holiday}" ends before it starts`)
    for (let day = first; day <= last; day++) {
      holidays.add(day)
      isWorking[day - firstEpochDay] = 0
    }
  }
  for (const makeup of entry.makeupWorkdays) {
    const day = parseMonthDay(entry.year, makeup)
    if (typeof day === "string") {
      problems.push(day)
    } else if (holidays.has(day)) {
      problems.push(`${entry.year}: ${makeup} is listed both as a holiday and as a make-up working day`)
    } else if (!weekend.has(weekdayOfEpochDay(day))) {
      problems.push(`${entry.year}: make-up working day ${makeup} is not a weekend day`)
    } else {
      isWorking[day - firstEpochDay] = 1
    }
  }
}

/** Checks a definition and precomputes its day table; returns every problem found instead. */
export const compileCalendar = (definition: CalendarDefinition): CompileResult => {
  const problems: Array<string> = []
  const { utcOffsetMinutes } = definition
  if (!Number.isInteger(utcOffsetMinutes) || utcOffsetMinutes < -720 || utcOffsetMinutes > 840) {
    problems.push(`UTC offset ${utcOffsetMinutes} is not a whole number of minutes within −12:00..+14:00`)
  }
  const weekend = new Set(definition.weekend)
  for (const day of weekend) {
    if (!Number.isInteger(day) || day < 0 || day > 6) problems.push(`weekend day ${day} is not 0 (Sunday)..6`)
  }
  const periods = compilePeriods(definition, problems)
  const beforeYears = problems.length
  const knownYears = checkYears(definition.years, problems)
  // The day table needs a sound run of years, nothing else: with one, the holidays and make-up
  // days are checked too, so an operator hears of a bad offset or period and a mistyped holiday
  // at once rather than one round after another.
  if (problems.length > beforeYears) return { _tag: "Invalid", problems }

  const firstEpochDay = epochDay(knownYears[0]!, 1, 1)
  const dayCount = epochDay(knownYears.at(-1)! + 1, 1, 1) - firstEpochDay
  const isWorking = new Uint8Array(dayCount)
  for (let index = 0; index < dayCount; index++) {
    isWorking[index] = weekend.has(weekdayOfEpochDay(firstEpochDay + index)) ? 0 : 1
  }
  for (const entry of definition.years) applyYear(entry, firstEpochDay, weekend, isWorking, problems)
  if (problems.length > 0) return { _tag: "Invalid", problems }

  const workingDaysBefore = new Int32Array(dayCount + 1)
  for (let index = 0; index < dayCount; index++) {
    workingDaysBefore[index + 1] = workingDaysBefore[index]! + isWorking[index]!
  }
  const workingDayIndex = new Int32Array(workingDaysBefore[dayCount]!)
  for (let index = 0; index < dayCount; index++) {
    if (isWorking[index] === 1) workingDayIndex[workingDaysBefore[index]!] = index
  }
  const periodElapsedBeforeMs: Array<number> = []
  let workingMsPerDay = 0
  for (let i = 0; i < periods.startMs.length; i++) {
    periodElapsedBeforeMs.push(workingMsPerDay)
    workingMsPerDay += periods.endMs[i]! - periods.startMs[i]!
  }
  return {
    _tag: "Compiled",
    calendar: {
      knownYears,
      offsetMs: utcOffsetMinutes * MINUTE_MS,
      firstEpochDay,
      dayCount,
      isWorking,
      workingDaysBefore,
      workingDayIndex,
      periodStartMs: periods.startMs,
      periodEndMs: periods.endMs,
      periodElapsedBeforeMs,
      workingMsPerDay,
    },
  }
}
