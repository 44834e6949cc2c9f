import { HOUR, type Instant } from "../shared/instant.ts"
import type { CarePeriod } from "./vocabulary.ts"

/** Asia/Shanghai is UTC+8 all year (no daylight saving), so calendar arithmetic is a fixed shift. */
const SHANGHAI_OFFSET = 8 * HOUR
const DAY = 24 * HOUR
const MONTHS_IN: { readonly [P in Exclude<CarePeriod, "week">]: number } = { month: 1, quarter: 3, year: 12 }

/** Midnight in Shanghai of the first day of the month `monthIndex` months after January of `year` (may overflow). */
const monthStart = (year: number, monthIndex: number): Instant =>
  Date.UTC(year, monthIndex, 1) - SHANGHAI_OFFSET

/**
 * The start of the calendar period (Asia/Shanghai) holding `at`: Monday 00:00 for a week,
 * the 1st for a month, 1 January, April, July or October for a quarter, 1 January for a year.
 */
export const carePeriodStart = (at: Instant, per: CarePeriod): Instant => {
  const local = new Date(at + SHANGHAI_OFFSET)
  const year = local.getUTCFullYear()
  const month = local.getUTCMonth()
  switch (per) {
    case "week": {
      const daysSinceMonday = (local.getUTCDay() + 6) % 7
      return Date.UTC(year, month, local.getUTCDate() - daysSinceMonday) - SHANGHAI_OFFSET
    }
    case "month":
      return monthStart(year, month)
    case "quarter":
      return monthStart(year, month - (month % 3))
    case "year":
      return monthStart(year, 0)
  }
}

/** The start of the period after the one starting at `start` (itself a period start). */
export const nextCarePeriodStart = (start: Instant, per: CarePeriod): Instant => {
  if (per === "week") return start + 7 * DAY
  const local = new Date(start + SHANGHAI_OFFSET)
  return monthStart(local.getUTCFullYear(), local.getUTCMonth() + MONTHS_IN[per])
}

/** The first period start at or after `at`. */
export const firstCarePeriodFrom = (at: Instant, per: CarePeriod): Instant => {
  const start = carePeriodStart(at, per)
  return start === at ? start : nextCarePeriodStart(start, per)
}
