import { Effect, Layer } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Privacy } from "../../src/index.ts"
import { openText, sealText } from "../../src/privacy/cipher.ts"
import { arbitraryPersonalDetails } from "../../src/testing/arbitraries/index.ts"

/** Runs a program on a key store of its own and returns its outcome, failures included. */
const run = <A, E>(program: Effect.Effect<A, E, Privacy.KeyStore>, keys = Privacy.makeMemoryKeyStore()) =>
  Effect.runPromise(Effect.result(Effect.provide(program, Layer.succeed(Privacy.KeyStore, keys))))

const value = async <A, E>(
  program: Effect.Effect<A, E, Privacy.KeyStore>,
  keys = Privacy.makeMemoryKeyStore(),
) => {
  const result = await run(program, keys)
  if (result._tag === "Failure") throw result.failure
  return result.success
}

const failure = async <A, E>(
  program: Effect.Effect<A, E, Privacy.KeyStore>,
  keys = Privacy.makeMemoryKeyStore(),
) => {
  const result = await run(program, keys)
  if (result._tag === "Success") throw new Error("expected a failure")
  return result.failure
}

const chen: Privacy.PersonalDetails = {
  name: "陈秀英",
  idNumber: "11010519491231002X",
  phone: "13812345678",
  address: "秀英区海港社区5栋201",
}

describe("sealed personal data", () => {
  it("property: sealing then revealing gives the details back, and the sealed form holds no plaintext", async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryPersonalDetails, async (details) => {
        const keys = Privacy.makeMemoryKeyStore()
        const sealed = await value(Privacy.sealPersonalDetails("resident-1", details), keys)
        const json = JSON.stringify(sealed)
        for (const plaintext of Object.values(details)) expect(json).not.toContain(plaintext)
        expect(await value(Privacy.revealPersonalDetails(sealed), keys)).toEqual(details)
      }),
      { numRuns: 50 },
    )
  })

  it("reads as ERASED, field by field, once the subject's key is destroyed", async () => {
    const keys = Privacy.makeMemoryKeyStore()
    const sealed = await value(Privacy.sealPersonalDetails("resident-chen", chen), keys)
    await Effect.runPromise(keys.destroyKey("resident-chen"))
    expect(await value(Privacy.revealPersonalDetails(sealed), keys)).toEqual({
      name: Privacy.ERASED,
      idNumber: Privacy.ERASED,
      phone: Privacy.ERASED,
      address: Privacy.ERASED,
    })
  })

  it("never keeps new data for an erased subject: its key is not re-created", async () => {
    const keys = Privacy.makeMemoryKeyStore()
    await Effect.runPromise(keys.destroyKey("resident-chen"))
    expect(await failure(sealText("resident-chen", "name", "陈秀英"), keys)).toEqual(
      new Privacy.SubjectErased({ subject: "resident-chen" }),
    )
  })

  it("refuses a tampered ciphertext and a field moved to another field, rather than reading garbage", async () => {
    const keys = Privacy.makeMemoryKeyStore()
    const sealed = await value(sealText("resident-chen", "name", "陈秀英"), keys)
    const flipped = `${sealed.ciphertext[0] === "A" ? "B" : "A"}${sealed.ciphertext.slice(1)}`
    expect(await failure(openText({ ...sealed, ciphertext: flipped }, "name"), keys)).toBeInstanceOf(
      Privacy.SealBroken,
    )
    expect(await failure(openText(sealed, "phone"), keys)).toMatchObject({
      _tag: "SealBroken",
      field: "phone",
    })
    expect(await failure(openText({ ...sealed, iv: "not base64!" }, "name"), keys)).toBeInstanceOf(
      Privacy.SealBroken,
    )
  })

  it("tells a lost key store apart from an erasure", async () => {
    const sealed = await value(sealText("resident-chen", "name", "陈秀英"))
    expect(await failure(openText(sealed, "name"), Privacy.makeMemoryKeyStore())).toEqual(
      new Privacy.SubjectKeyNotFound({ subject: "resident-chen" }),
    )
  })

  it("gives concurrent first uses of a subject one and the same key", async () => {
    const keys = Privacy.makeMemoryKeyStore()
    const sealed = await value(
      Effect.all(
        Array.from({ length: 10 }, (_, i) => sealText("resident-new", "phone", `1381234567${i}`)),
        { concurrency: "unbounded" },
      ),
      keys,
    )
    const opened = await value(
      Effect.forEach(sealed, (one) => openText(one, "phone")),
      keys,
    )
    expect(opened).toEqual(Array.from({ length: 10 }, (_, i) => `1381234567${i}`))
  })
})
