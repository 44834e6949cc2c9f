import { EventStore } from "@gridcase/core"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  checkpointToLog,
  isAfter,
  positionFromLog,
  revisionFromLog,
  revisionToLog,
  versionFromLog,
} from "../../src/eventstoredb/numbering.ts"

const LARGEST = Number.MAX_SAFE_INTEGER
/** Every offset whose position (offset + 1) is still an exact number. */
const offset = fc.bigInt({ min: 0n, max: BigInt(LARGEST) - 1n })
const at = (commit: bigint) => ({ commit, prepare: commit })

describe("revisions", () => {
  it("the server's revision r is the port's r + 1, both ways, up to 2^53", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: LARGEST }), (revision) => {
        expect(revisionFromLog(revisionToLog(revision))).toBe(revision)
      }),
    )
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: BigInt(LARGEST) - 1n }), (revision) => {
        expect(revisionToLog(revisionFromLog(revision))).toBe(revision)
      }),
    )
    expect(revisionFromLog(0n)).toBe(1)
  })

  it("a revision without an exact number, or a negative one, fails loudly", () => {
    expect(() => revisionFromLog(BigInt(LARGEST))).toThrow(EventStore.StoreUnavailable)
    expect(() => revisionFromLog(-1n)).toThrow(EventStore.StoreUnavailable)
  })

  it("a stream's version is its current revision + 1, and 0 without events", () => {
    expect(versionFromLog("no_stream")).toBe(0)
    expect(versionFromLog(-1n)).toBe(0)
    expect(versionFromLog(0n)).toBe(1)
    expect(versionFromLog(41n)).toBe(42)
  })
})

describe("positions", () => {
  it("a position is the commit offset + 1, and the checkpoint it makes reads from that offset again", () => {
    fc.assert(
      fc.property(offset, (commit) => {
        const position = positionFromLog(at(commit))
        expect(position).toBe(Number(commit) + 1)
        expect(checkpointToLog(position)).toEqual(at(commit))
      }),
    )
    expect(positionFromLog(at(BigInt(LARGEST) - 1n))).toBe(LARGEST)
  })

  it("orders events as the log does", () => {
    fc.assert(
      fc.property(offset, offset, (a, b) => {
        fc.pre(a !== b)
        expect(positionFromLog(at(a)) < positionFromLog(at(b))).toBe(a < b)
      }),
    )
  })

  it("orders log positions by commit, then prepare offset, as positions do where both exist", () => {
    const pair = fc.record({ commit: offset, prepare: offset })
    fc.assert(
      fc.property(pair, pair, (a, b) => {
        expect(isAfter(a, b)).toBe(a.commit > b.commit || (a.commit === b.commit && a.prepare > b.prepare))
        expect(isAfter(a, b) && isAfter(b, a)).toBe(false)
      }),
    )
    fc.assert(
      fc.property(offset, offset, (a, b) => {
        expect(isAfter(at(a), at(b))).toBe(positionFromLog(at(a)) > positionFromLog(at(b)))
      }),
    )
  })

  it("fails loudly past 2^53 and for events of explicit transactions (commit ≠ prepare)", () => {
    expect(() => positionFromLog(at(BigInt(LARGEST)))).toThrow(/no exact JavaScript number/)
    expect(() => positionFromLog({ commit: 500n, prepare: 420n })).toThrow(
      /explicit \(legacy TCP\) transaction/,
    )
  })

  it("checkpoint 0 (and anything below 1) reads from the start; a fraction counts as the position below it", () => {
    expect(checkpointToLog(0)).toBe("start")
    expect(checkpointToLog(-3)).toBe("start")
    expect(checkpointToLog(Number.NaN)).toBe("start")
    expect(checkpointToLog(0.9)).toBe("start")
    expect(checkpointToLog(7.5)).toEqual(at(6n))
  })
})
