import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Privacy } from "../../src/index.ts"
import { arbitraryIdNumber, arbitraryMobilePhone } from "../../src/testing/arbitraries/index.ts"

const decodeIdNumber = Schema.decodeUnknownResult(Privacy.ChineseIdNumber)
const CHARACTERS = "0123456789X"

describe("居民身份证号 (ChineseIdNumber)", () => {
  it("accepts the example of GB 11643, whose check character is X", () => {
    expect(Privacy.idNumberProblem("11010519491231002X")).toBeUndefined()
  })

  it("explains each kind of mistake", () => {
    expect(Privacy.idNumberProblem("11010519491231002")).toMatch(/18 characters/)
    expect(Privacy.idNumberProblem("11010519491231002x")).toMatch(/upper-case X/)
    expect(Privacy.idNumberProblem("99010519491231002X")).toMatch(/no province has code 99/)
    expect(Privacy.idNumberProblem("110105194902300024")).toMatch(/birth date 19490230 is not a real date/)
    // The standard's other example, check character right, born 1880: no living resident is.
    expect(Privacy.idNumberProblem("440524188001010014")).toMatch(/from 1900 on/)
    expect(Privacy.idNumberProblem("110105194912310021")).toBe("check character should be X, not 1")
  })

  it("fails decoding with the explanation, so InvalidCommand carries it", () => {
    const decoded = decodeIdNumber("110105194912310021")
    expect(Result.isFailure(decoded) && decoded.failure.message).toMatch(/check character should be X, not 1/)
  })

  it("property: generated numbers pass and every single-character change fails", () => {
    fc.assert(
      fc.property(
        arbitraryIdNumber,
        fc.nat(17),
        fc.constantFrom(...CHARACTERS),
        (valid, position, replacement) => {
          expect(Privacy.idNumberProblem(valid)).toBeUndefined()
          fc.pre(valid[position] !== replacement)
          const changed = `${valid.slice(0, position)}${replacement}${valid.slice(position + 1)}`
          expect(Privacy.idNumberProblem(changed)).toBeDefined()
        },
      ),
    )
  })

  it("computes the ISO 7064 MOD 11-2 check character", () => {
    expect(Privacy.idNumberCheckCharacter("11010519491231002")).toBe("X")
    expect(Privacy.idNumberCheckCharacter("44052418800101001")).toBe("4")
  })
})

describe("MobilePhone", () => {
  const decodePhone = Schema.decodeUnknownResult(Privacy.MobilePhone)

  it("property: generated mainland mobile numbers pass", () => {
    fc.assert(fc.property(arbitraryMobilePhone, (phone) => Result.isSuccess(decodePhone(phone))))
  })

  it.each(["12812345678", "1381234567", "+8613812345678", "138 1234 5678", "010-12345678"])(
    "rejects %s",
    (phone) => {
      const decoded = decodePhone(phone)
      expect(Result.isFailure(decoded) && decoded.failure.message).toMatch(/mainland mobile number/)
    },
  )
})
