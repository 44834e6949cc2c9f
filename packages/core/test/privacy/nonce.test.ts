import { Effect, Layer } from "effect"
import { Base64 } from "effect/encoding"
import { describe, expect, it } from "vitest"
import { Privacy } from "../../src/index.ts"
import { sealText } from "../../src/privacy/cipher.ts"

/**
 * AES-GCM's one rule for its user: never seal two messages under one key with one nonce. A repeated
 * nonce gives away the XOR of the two plaintexts and lets anyone forge tags, so every sealing must
 * draw a fresh 96-bit nonce. The oracle is the rule itself (NIST SP 800-38D §8), not the code.
 */
const sealMany = (count: number, plaintext: (i: number) => string) => {
  const keys = Privacy.makeMemoryKeyStore()
  return Effect.runPromise(
    Effect.provide(
      Effect.forEach(
        Array.from({ length: count }, (_, i) => i),
        (i) => sealText("resident-chen", "phone", plaintext(i)),
      ),
      Layer.succeed(Privacy.KeyStore, keys),
    ),
  )
}

const bytes = (base64: string) => {
  const decoded = Base64.decode(base64)
  if (decoded._tag === "Failure") throw decoded.failure
  return decoded.success
}

describe("AES-GCM nonces (随机数) of sealed fields", () => {
  it("draws a 96-bit nonce, never the same twice under one subject's key", async () => {
    const sealed = await sealMany(500, (i) => `1381234${String(i).padStart(4, "0")}`)
    const nonces = sealed.map((one) => one.iv)
    for (const nonce of nonces) expect(bytes(nonce)).toHaveLength(12)
    expect(new Set(nonces).size).toBe(nonces.length)
  })

  it("is not all zeros, nor a counter that starts at zero", async () => {
    const sealed = await sealMany(20, () => "13812345678")
    const zero = Base64.encode(new Uint8Array(12))
    for (const one of sealed) expect(one.iv).not.toBe(zero)
    // A counter nonce would differ from its neighbour in the last byte or two only.
    const differing = (a: Uint8Array, b: Uint8Array) => a.filter((byte, i) => byte !== b[i]).length
    const [first, second] = sealed.map((one) => bytes(one.iv))
    expect(differing(first as Uint8Array, second as Uint8Array)).toBeGreaterThan(2)
  })

  it("seals one plaintext twice into two different ciphertexts, so equal values cannot be told apart", async () => {
    const sealed = await sealMany(50, () => "陈秀英")
    expect(new Set(sealed.map((one) => one.ciphertext)).size).toBe(sealed.length)
  })
})
