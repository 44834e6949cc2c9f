import { Instant } from "@gridcase/core"

/**
 * The calendar months (Shanghai) lying wholly inside [from, to): the periods care-visit
 * compliance is counted over. A run from 1 March for 61 days holds March and April.
 */
export const wholeMonths = (from: Instant.Instant, to: Instant.Instant) => {
  const local = new Date(from + 8 * Instant.HOUR)
  const year = local.getUTCFullYear()
  const monthStart = (month: number) => Date.UTC(year, month, 1) - 8 * Instant.HOUR
  const months: Array<{
    readonly name: string
    readonly from: Instant.Instant
    readonly to: Instant.Instant
  }> = []
  let month = monthStart(local.getUTCMonth()) < from ? local.getUTCMonth() + 1 : local.getUTCMonth()
  for (; monthStart(month + 1) <= to; month++) {
    months.push({
      name: Instant.toShanghaiIso(monthStart(month)).slice(0, 7),
      from: monthStart(month),
      to: monthStart(month + 1),
    })
  }
  return months
}
