/**
 * Calendar dates as epoch days (days since 1970-01-01): the one numbering the compiled day
 * table and the checks of holiday data share, so that "which day is this" is answered once.
 */

export const DAY_MS = 86_400_000

export const epochDay = (year: number, month: number, day: number): number =>
  Date.UTC(year, month - 1, day) / DAY_MS

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate()

/** 1970-01-01 was a Thursday; weekdays follow `Date.getUTCDay` (0 = Sunday). */
export const weekdayOfEpochDay = (day: number): number => (((day + 4) % 7) + 7) % 7

/** The epoch day of a date, or undefined when there is no such date (02-30, month 13). */
export const realDate = (year: number, month: number, day: number): number | undefined =>
  month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
    ? undefined
    : epochDay(year, month, day)

/** `YYYY-MM-DD`, capturing year, month and day. */
export const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * A `YYYY-MM-DD` text as its year and epoch day: "malformed" when the text is not of that
 * shape, "noSuchDate" when it is but names no day (2027-02-29, 2027-13-01).
 */
export const parseIsoDate = (
  text: string,
): { readonly year: number; readonly day: number } | "malformed" | "noSuchDate" => {
  const match = ISO_DATE_PATTERN.exec(text)
  if (match === null) return "malformed"
  const year = Number(match[1])
  const day = realDate(year, Number(match[2]), Number(match[3]))
  return day === undefined ? "noSuchDate" : { year, day }
}
