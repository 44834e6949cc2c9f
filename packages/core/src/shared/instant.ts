import { Schema } from "effect"

/**
 * A moment in time as integer milliseconds since the Unix epoch (UTC).
 *
 * Plain numbers keep deciders allocation-free and events cheap to encode; the zone
 * (Asia/Shanghai by default) only matters to the working-time calendar, which
 * converts at its edge. Time always enters the domain with a command — deciders
 * never read a clock.
 */
export const Instant = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)).annotate({
  identifier: "Instant",
  description: "Milliseconds since 1970-01-01T00:00:00Z",
})
export type Instant = typeof Instant.Type

/** One minute, in the milliseconds instants count. */
export const MINUTE = 60_000
/** One hour, in the milliseconds instants count. */
export const HOUR = 60 * MINUTE

/** Renders an instant as ISO 8601 with the +08:00 offset used in Chinese government records. */
export const toShanghaiIso = (at: Instant): string => {
  const shifted = new Date(at + 8 * HOUR).toISOString()
  return `${shifted.slice(0, 19)}+08:00`
}
