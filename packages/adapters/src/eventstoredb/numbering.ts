import { EventStore } from "@gridcase/core"
import type { LogPosition, LogReadPosition } from "./esdb-client.ts"

/**
 * Numbers at the adapter edge (编号换算). EventStoreDB and KurrentDB number revisions from 0
 * as bigints and place events by byte offsets in their transaction log; the port numbers
 * revisions from 1 and positions as one increasing JavaScript number from 1.
 */

const LARGEST = BigInt(Number.MAX_SAFE_INTEGER)

const outOfRange = (what: string, value: bigint) =>
  new EventStore.StoreUnavailable({
    message: `${what} ${value} has no exact JavaScript number (largest ${LARGEST})`,
  })

/** The port's revision (1-based) of the event the server numbers `revision` (0-based). Throws past 2^53. */
export const revisionFromLog = (revision: bigint): number => {
  if (revision < 0n || revision >= LARGEST) throw outOfRange("revision", revision)
  return Number(revision) + 1
}

/** The server's revision (0-based) of the port's revision `revision` (an integer from 1). */
export const revisionToLog = (revision: number): bigint => BigInt(revision - 1)

/**
 * A stream's version — the revision of its last event, 0 when it has none — from the server's
 * "current revision" (`no_stream`, or -1 in some replies, for a stream without events).
 */
export const versionFromLog = (current: bigint | "no_stream"): number =>
  current === "no_stream" || current < 0n ? 0 : revisionFromLog(current)

/**
 * The port's position of an event at `position` in the log: its commit offset + 1.
 *
 * Why one number is enough: every event appended through gRPC is committed in its own log
 * record, so its commit and prepare offsets are equal and no two events share them, and
 * `$all` is ordered by them. The offset + 1 is 1-based (0 stays "before everything"), grows
 * with `$all`, and skips numbers (by each record's size). It is exact while the log is below
 * 2^53 bytes (8 PiB); past that this throws rather than round. Events of explicit
 * transactions — written through the legacy TCP API only — share one commit offset, so they
 * have no single-number position: those throw too, rather than being delivered out of order.
 */
export const positionFromLog = (position: LogPosition): number => {
  if (position.commit !== position.prepare) {
    throw new EventStore.StoreUnavailable({
      message: `log position ${position.commit}/${position.prepare} belongs to an explicit (legacy TCP) transaction: its events share a commit position and cannot be numbered one by one`,
    })
  }
  if (position.commit < 0n || position.commit >= LARGEST) throw outOfRange("log position", position.commit)
  return Number(position.commit) + 1
}

/**
 * Whether the log position `a` comes after `b` in `$all`, which is ordered by commit, then
 * prepare offset. For events this store can number it agrees with their positions; it also
 * orders the events it never numbers (other namespaces', the server's, other clients').
 */
export const isAfter = (a: LogPosition, b: LogPosition): boolean =>
  a.commit > b.commit || (a.commit === b.commit && a.prepare > b.prepare)

/**
 * Where to read `$all` from for the checkpoint `after` ("the last position processed"): the
 * start for 0, otherwise exactly the log position of the event whose position is `after`.
 * Subscriptions start after that position; reads of `$all` include it, so the store drops it.
 * `after` must be 0 or a position this store returned: any other offset is not the start of
 * a log record, and the server refuses or misreads it.
 */
export const checkpointToLog = (after: number): LogReadPosition => {
  const whole = Math.min(Math.floor(after), Number.MAX_SAFE_INTEGER)
  if (!(whole >= 1)) return "start"
  const offset = BigInt(whole - 1)
  return { commit: offset, prepare: offset }
}
