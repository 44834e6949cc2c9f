import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { statementName } from "../src/postgres/statement-name.ts"

/** A part of a name: any text, multi-byte characters included (the limit is in bytes). */
const part = fc.string({ unit: "grapheme", maxLength: 40 })
const parts = fc.array(part, { minLength: 1, maxLength: 4 })

describe("prepared statements' names", () => {
  it("never exceed the 63 bytes PostgreSQL keeps", () => {
    fc.assert(
      fc.property(parts, (given) => {
        expect(Buffer.byteLength(statementName(...given))).toBeLessThanOrEqual(63)
      }),
    )
  })

  it("stay apart whenever their parts differ, as PostgreSQL's truncation would not keep them", () => {
    fc.assert(
      fc.property(parts, parts, (a, b) => {
        fc.pre(a.join(":") !== b.join(":"))
        expect(statementName(...a)).not.toBe(statementName(...b))
      }),
    )
  })

  it("are worked out once: asked again, the same fitting name", () => {
    fc.assert(
      fc.property(parts, (given) => {
        const first = statementName(...given)
        const again = statementName(...given)
        expect(again).toBe(first)
        expect(Buffer.byteLength(again)).toBeLessThanOrEqual(63)
      }),
    )
  })

  it("are the parts joined by ':' when that fits, so short names read as before", () => {
    expect(statementName("gridcase", "gridcase", "forwards")).toBe("gridcase:gridcase:forwards")
    const long = "gridcase_test_0123456789abcdef_0123456789a"
    expect(statementName("gridcase-projections", long, "putDocs")).toMatch(/^[\w-]{22}:putDocs$/)
  })
})
