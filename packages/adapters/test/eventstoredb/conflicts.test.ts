import { randomUUID } from "node:crypto"
import type { EventStore } from "@gridcase/core"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { explainConflict, revisionToProbe } from "../../src/eventstoredb/conflicts.ts"

describe("a refused append", () => {
  it("is probed right after its expected version, and only when the stream moved past it", () => {
    expect(revisionToProbe("noStream", 3)).toBe(1)
    expect(revisionToProbe(0, 3)).toBe(1)
    expect(revisionToProbe(2, 5)).toBe(3)
    expect(revisionToProbe(4, 4)).toBeUndefined()
    expect(revisionToProbe(6, 4)).toBeUndefined()
    expect(revisionToProbe(-1, 4)).toBeUndefined()
    expect(revisionToProbe(1.5, 4)).toBeUndefined()
    expect(revisionToProbe("any", 4)).toBeUndefined()
    expect(revisionToProbe("exists", 4)).toBeUndefined()
  })

  it("with an exact version, is a partial retry exactly when the probed event carries the first id", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constant<EventStore.ExpectedVersion>("noStream"), fc.nat({ max: 10 })),
        fc.nat({ max: 12 }),
        fc.boolean(),
        (expected, actual, same) => {
          const first = randomUUID()
          const probed =
            revisionToProbe(expected, actual) === undefined
              ? undefined
              : same
                ? first.toUpperCase()
                : randomUUID()
          const error = explainConflict("case-1", expected, actual, first, probed)
          expect(error._tag).toBe(probed !== undefined && same ? "DuplicateEventId" : "WrongExpectedVersion")
          if (error._tag === "WrongExpectedVersion")
            expect(error).toMatchObject({ streamId: "case-1", expected, actual })
          else expect(error).toMatchObject({ streamId: "case-1", eventId: first })
        },
      ),
    )
  })

  it("with any or exists, is a partial retry when the stream has events, else a conflict", () => {
    const first = randomUUID()
    for (const expected of ["any", "exists"] as const) {
      expect(explainConflict("case-1", expected, 3, first, undefined)).toMatchObject({
        _tag: "DuplicateEventId",
        eventId: first,
      })
      expect(explainConflict("case-1", expected, 0, first, undefined)).toMatchObject({
        _tag: "WrongExpectedVersion",
        expected,
        actual: 0,
      })
    }
  })
})
