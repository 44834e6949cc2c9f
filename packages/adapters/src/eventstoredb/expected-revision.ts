import type { EventStore } from "@gridcase/core"
import type { LogExpectedRevision } from "./esdb-client.ts"
import { revisionToLog } from "./numbering.ts"

/**
 * The server's expected revision for the port's expected version (乐观并发), checked by the
 * server in the same step as the write:
 * - `"any"` → `any`, `"noStream"` → `no_stream`, `"exists"` → `stream_exists`;
 * - version 0 (empty) → `no_stream`: this store never deletes, so an empty stream is one
 *   that was never written;
 * - version n ≥ 1 → revision n − 1 (its last event, numbered from 0 there).
 *
 * `undefined` for a number no stream can be at (negative, fractional, past 2^53): the append
 * is refused with `WrongExpectedVersion` without asking the server to write.
 */
export const expectedRevisionFor = (
  expected: EventStore.ExpectedVersion,
): LogExpectedRevision | undefined => {
  switch (expected) {
    case "any":
      return "any"
    case "noStream":
      return "no_stream"
    case "exists":
      return "stream_exists"
    default:
      if (!Number.isSafeInteger(expected) || expected < 0) return undefined
      return expected === 0 ? "no_stream" : revisionToLog(expected)
  }
}
