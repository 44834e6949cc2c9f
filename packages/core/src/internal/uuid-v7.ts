import { v7 } from "uuid"

/** Ids drawn from one fill of the random pool. */
const IDS_PER_FILL = 256

/**
 * A UUID v7 source whose random bits come from a pool filled 4 KiB at a time.
 *
 * `uuid`'s own `v7()` asks `crypto.getRandomValues` for 16 bytes per id: 1.6 µs an id here, and
 * a third of the CPU of handling a command in memory, since every command mints one id for
 * itself and one per event (bench/findings.md, finding 9). Drawing from a pool costs a tenth of
 * that. `uuid` still lays out the bytes; the source keeps ids minted in one process increasing
 * within a millisecond, as `v7()` does (RFC 9562 §6.2, method 1: a counter seeded at random
 * each millisecond, carried into the timestamp if it overflows).
 */
export const makeUuidV7 = (): (() => string) => {
  const pool = new Uint8Array(16 * IDS_PER_FILL)
  let offset = pool.length
  let msecs = Number.NEGATIVE_INFINITY
  let seq = 0
  return () => {
    if (offset === pool.length) {
      crypto.getRandomValues(pool)
      offset = 0
    }
    const random = pool.subarray(offset, offset + 16)
    offset += 16
    const now = Date.now()
    if (now > msecs) {
      msecs = now
      seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!
    } else {
      seq = (seq + 1) | 0
      if (seq === 0) msecs += 1
    }
    return v7({ random, msecs, seq })
  }
}

/** The process-wide source behind `Ids.uuidV7` and `createGridcase`'s default ids. */
export const uuidV7 = makeUuidV7()
