import { EventStore } from "@gridcase/core"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { LogExpectedRevision } from "../../src/eventstoredb/esdb-client.ts"
import { expectedRevisionFor } from "../../src/eventstoredb/expected-revision.ts"

/** The server's rule for an expected revision, given the stream's current revision. */
const serverAccepts = (expected: LogExpectedRevision, current: bigint | "no_stream"): boolean => {
  switch (expected) {
    case "any":
      return true
    case "no_stream":
      return current === "no_stream"
    case "stream_exists":
      return current !== "no_stream"
    default:
      return current === expected
  }
}

/** The server's current revision of a stream at the port's `version`. */
const currentOf = (version: number) => (version === 0 ? "no_stream" : BigInt(version - 1))

const expectedVersion: fc.Arbitrary<EventStore.ExpectedVersion> = fc.oneof(
  fc.constantFrom<EventStore.ExpectedVersion>("any", "noStream", "exists"),
  fc.integer({ min: -3, max: 40 }),
  fc.double({ min: -2, max: 40, noNaN: true }),
)

describe("expected versions", () => {
  it("map to the server's expected revisions", () => {
    expect(expectedRevisionFor("any")).toBe("any")
    expect(expectedRevisionFor("noStream")).toBe("no_stream")
    expect(expectedRevisionFor("exists")).toBe("stream_exists")
    expect(expectedRevisionFor(0)).toBe("no_stream")
    expect(expectedRevisionFor(1)).toBe(0n)
    expect(expectedRevisionFor(42)).toBe(41n)
  })

  it("versions no stream can be at map to nothing", () => {
    for (const impossible of [-1, 2.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1]) {
      expect(expectedRevisionFor(impossible)).toBeUndefined()
    }
  })

  it("the server accepts an append exactly when the port's rule says the version holds", () => {
    fc.assert(
      fc.property(expectedVersion, fc.nat({ max: 40 }), (expected, actual) => {
        const revision = expectedRevisionFor(expected)
        const accepted = revision !== undefined && serverAccepts(revision, currentOf(actual))
        expect(accepted).toBe(EventStore.satisfies(expected, actual))
      }),
    )
  })
})
