import { readFileSync } from "node:fs"
import { Calendar, Instant } from "@gridcase/core"

/** The environment variable naming a JSON file of years to add to the shipped calendar. */
export const CALENDAR_YEARS_VARIABLE = "GRIDCASE_CALENDAR_YEARS"

/**
 * How long before the calendar's end the service starts warning (本地设定, a local setting): the
 * State Council publishes next year's holidays in the autumn (docs/domain.md#holidays), so 60
 * days leaves November and December to load them before deadlines stop.
 */
export const WARN_BEFORE_END_DAYS = 60

const DAY = 24 * Instant.HOUR

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/**
 * The working calendar the service runs on: the shipped one (`Calendar.CHINA_MAINLAND_2025_2026`),
 * plus the years of the `Calendar.PublishedYears` JSON in `file` when one is named, so that next
 * year's notice can be loaded the day it appears, without a new release.
 *
 * @throws Error saying which file and what is wrong with it (unreadable, not JSON, or each problem
 *   `Calendar.extend` found, one per line): the service must not start on a calendar it cannot trust.
 */
export const loadCalendar = (
  file: string | undefined,
  base: Calendar.Definition = Calendar.CHINA_MAINLAND_2025_2026,
): Calendar.WorkingCalendar => {
  if (file === undefined) return Calendar.make(base)
  const refuse = (why: string, cause: unknown): never => {
    throw new Error(`${CALENDAR_YEARS_VARIABLE}=${file}: ${why}`, { cause })
  }
  let text = ""
  try {
    text = readFileSync(file, "utf8")
  } catch (error) {
    refuse(`cannot read the file (${reasonOf(error)})`, error)
  }
  let years: unknown
  try {
    years = JSON.parse(text)
  } catch (error) {
    refuse(`not JSON (${reasonOf(error)})`, error)
  }
  try {
    return Calendar.make(Calendar.extend(base, years as ReadonlyArray<typeof Calendar.PublishedYear.Encoded>))
  } catch (error) {
    return refuse(reasonOf(error), error)
  }
}

/** The last day a calendar knows, as `YYYY-MM-DD` in its own zone. */
const lastDayOf = (calendar: Calendar.WorkingCalendar): string =>
  new Date(calendar.knownRange.end - 1 + calendar.definition.utcOffsetMinutes * 60_000)
    .toISOString()
    .slice(0, 10)

/**
 * What an operator must hear about the calendar at `now`, or undefined when nothing: that it
 * ends within `WARN_BEFORE_END_DAYS` (or has ended), and which open cases already sit beyond it
 * (the deadline process's `beyondCalendar`: no deadline is computed for them, so they do not
 * escalate until the calendar gains their year).
 */
export const calendarWarning = (
  calendar: Calendar.WorkingCalendar,
  now: Instant.Instant,
  beyondCalendar: ReadonlyArray<string>,
): string | undefined => {
  const parts: Array<string> = []
  const end = lastDayOf(calendar)
  const daysLeft = Math.ceil((calendar.knownRange.end - now) / DAY)
  if (daysLeft <= 0) parts.push(`The working calendar ended on ${end}.`)
  else if (daysLeft <= WARN_BEFORE_END_DAYS) {
    parts.push(`The working calendar ends on ${end}, in ${daysLeft} day${daysLeft === 1 ? "" : "s"}.`)
  }
  if (beyondCalendar.length > 0) {
    const shown = beyondCalendar.slice(0, 5).join(", ")
    const more = beyondCalendar.length > 5 ? ` and ${beyondCalendar.length - 5} more` : ""
    parts.push(
      `${beyondCalendar.length} open case${beyondCalendar.length === 1 ? " has its" : "s have their"} deadline beyond it and will not escalate: ${shown}${more}.`,
    )
  }
  if (parts.length === 0) return undefined
  const next = calendar.knownYears.at(-1)! + 1
  return `${parts.join(" ")} Add ${next} from its State Council notice with ${CALENDAR_YEARS_VARIABLE} (docs/operations.md).`
}
