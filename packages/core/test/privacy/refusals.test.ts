import { Effect, Layer, Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { Privacy } from "../../src/index.ts"
import { openText, sealText } from "../../src/privacy/cipher.ts"

/**
 * What the privacy module says when it refuses, and the edges its first tests left open (found by
 * `pnpm mutate privacy`, docs/mutation.md): an operator reads these messages in logs and answers,
 * so each must name the person, the field and the reason.
 */
const withKeys = <A, E>(
  program: Effect.Effect<A, E, Privacy.KeyStore>,
  keys = Privacy.makeMemoryKeyStore(),
) => Effect.runPromise(Effect.result(Effect.provide(program, Layer.succeed(Privacy.KeyStore, keys))))

describe("privacy refusals say what is wrong", () => {
  it("names the erased subject, the missing key and the broken seal in their messages", () => {
    expect(new Privacy.SubjectErased({ subject: "resident-chen" }).message).toBe(
      "the personal data of resident-chen was erased: no new data can be kept for them",
    )
    expect(new Privacy.SubjectKeyNotFound({ subject: "resident-chen" }).message).toBe(
      "the key store holds no key, live or destroyed, for resident-chen",
    )
    expect(
      new Privacy.SealBroken({ subject: "resident-chen", field: "phone", reason: "tampered" }).message,
    ).toBe("the sealed phone of resident-chen does not open: tampered")
  })

  it("says why a seal does not open: bad base64, or failed authentication", async () => {
    const keys = Privacy.makeMemoryKeyStore()
    const sealed = await withKeys(sealText("resident-chen", "name", "陈秀英"), keys)
    if (Result.isFailure(sealed)) throw sealed.failure
    const badIv = await withKeys(openText({ ...sealed.success, iv: "not base64!" }, "name"), keys)
    expect(Result.isFailure(badIv) && badIv.failure).toMatchObject({
      reason: expect.stringMatching(/^iv is not base64: /),
    })
    const moved = await withKeys(openText(sealed.success, "phone"), keys)
    expect(Result.isFailure(moved) && moved.failure).toMatchObject({
      reason: "authentication failed (tampered, truncated or sealed for another field)",
    })
  })

  it("tells ERASED from any other value", () => {
    expect(Privacy.isErased(Privacy.ERASED)).toBe(true)
    expect(Privacy.isErased({ _tag: "Erased" })).toBe(true)
    for (const other of ["Erased", null, undefined, 0, {}, { _tag: "Sealed" }])
      expect(Privacy.isErased(other)).toBe(false)
  })

  it("keeps keys inside WebCrypto: a subject's key cannot be exported", async () => {
    const key = await Effect.runPromise(Privacy.makeMemoryKeyStore().createKey("resident-chen"))
    expect(key.extractable).toBe(false)
    await expect(crypto.subtle.exportKey("raw", key)).rejects.toThrow()
  })

  it("refuses a correction that changes nothing", () => {
    const decoded = Schema.decodeUnknownResult(Privacy.PersonalDetailsPatch)({})
    expect(Result.isFailure(decoded) && decoded.failure.message).toMatch(
      /a correction changes at least one field/,
    )
    expect(
      Result.isSuccess(Schema.decodeUnknownResult(Privacy.PersonalDetailsPatch)({ phone: "13812345678" })),
    ).toBe(true)
  })

  it("explains a region code with the six digits it read, and an ID number with anything around it as malformed", () => {
    expect(Privacy.idNumberProblem("99010519491231002X")).toBe("region code 990105: no province has code 99")
    for (const padded of ["A11010519491231002X", "11010519491231002X1", "111010519491231002X"]) {
      expect(Privacy.idNumberProblem(padded)).toMatch(/has 18 characters/)
    }
  })
})
