import { EventStore } from "@gridcase/core"

/**
 * Telling a half-retried append from a real conflict (冲突辨析).
 *
 * The server makes an append idempotent by event id within its stream: when the ids of an
 * append are already stored where the append would put them (for an exact expected revision)
 * or among its recently written events (for `any` / `stream_exists`), the append succeeds
 * again without writing. When only the *first* ids match, it refuses the append with the same
 * wrong-expected-version error as a real conflict. The port calls that case
 * `DuplicateEventId`, so the store tells them apart:
 * - with `"any"` or `"exists"`, the server refuses an existing stream only on such a partial
 *   match, so that refusal is always a `DuplicateEventId`;
 * - with an exact version (or `"noStream"`, version 0) the stream has moved past it; the event
 *   right after the expected version is where the retried events would sit: when it carries
 *   the append's first id, the append is a partial retry.
 */

/** The revision to read to tell the two apart, or `undefined` when no read is needed. */
export const revisionToProbe = (expected: EventStore.ExpectedVersion, actual: number): number | undefined => {
  if (expected === "any" || expected === "exists") return undefined
  const version = expected === "noStream" ? 0 : expected
  return Number.isSafeInteger(version) && version >= 0 && actual > version ? version + 1 : undefined
}

/**
 * The port's error for a refused append to `streamId` at `actual`, whose first event id is
 * `firstEventId`, given the id of the event at `revisionToProbe` (when one was read).
 */
export const explainConflict = (
  streamId: string,
  expected: EventStore.ExpectedVersion,
  actual: number,
  firstEventId: string,
  probedEventId: string | undefined,
): EventStore.WrongExpectedVersion | EventStore.DuplicateEventId => {
  const partialRetry =
    ((expected === "any" || expected === "exists") && actual > 0) ||
    (probedEventId !== undefined && probedEventId.toLowerCase() === firstEventId.toLowerCase())
  return partialRetry
    ? new EventStore.DuplicateEventId({ streamId, eventId: firstEventId })
    : new EventStore.WrongExpectedVersion({ streamId, expected, actual })
}
