import fc from "fast-check"
import { validate, version } from "uuid"
import { describe, expect, it } from "vitest"
import { makeUuidV7 } from "../../src/internal/uuid-v7.ts"

/** The 48-bit millisecond timestamp a v7 id starts with. */
const timestampOf = (id: string): number => Number.parseInt(id.replaceAll("-", "").slice(0, 12), 16)

describe("makeUuidV7", () => {
  it("mints valid, distinct, increasing version-7 ids across several refills of the pool", () => {
    const next = makeUuidV7()
    const before = Date.now()
    const ids = Array.from({ length: 3_000 }, next)
    const after = Date.now()
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) {
      expect(validate(id)).toBe(true)
      expect(version(id)).toBe(7)
    }
    expect([...ids].sort()).toEqual(ids)
    expect(timestampOf(ids[0]!)).toBeGreaterThanOrEqual(before)
    // The counter may carry into the timestamp, but only by a millisecond now and then.
    expect(timestampOf(ids.at(-1)!)).toBeLessThanOrEqual(after + 1)
  })

  it("keeps two sources independent: each one's ids increase on their own", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 600 }), (picks) => {
        const sources = [makeUuidV7(), makeUuidV7()]
        const minted: [string[], string[]] = [[], []]
        for (const pick of picks) minted[pick ? 1 : 0].push(sources[pick ? 1 : 0]!())
        for (const ids of minted) expect([...ids].sort()).toEqual(ids)
      }),
      { numRuns: 50 },
    )
  })
})
