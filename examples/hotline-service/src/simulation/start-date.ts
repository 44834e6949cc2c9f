import type { Instant } from "@gridcase/core"

/**
 * A simulation's `--start` (a date like 2026-03-02) as the instant its first day starts: midnight
 * in Shanghai, where the simulated district is. Throws on anything else.
 */
export const startOfDayInShanghai = (date: string): Instant.Instant => {
  const start = Date.parse(`${date}T00:00:00+08:00`)
  if (Number.isNaN(start)) throw new Error(`--start must be a date like 2026-03-02, got "${date}"`)
  return start
}
