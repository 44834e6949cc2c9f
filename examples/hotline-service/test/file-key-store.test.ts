import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Privacy } from "@gridcase/core"
import { Effect, Option } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { makeFileKeyStore } from "../src/office/file-key-store.ts"

const folder = mkdtempSync(join(tmpdir(), "gridcase-keys-"))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

const master = new Uint8Array(32).fill(7)
const file = join(folder, "keys.json")
const iv = new Uint8Array(12)

const encrypt = (key: Privacy.SubjectKey, text: string) =>
  crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, new TextEncoder().encode(text))
const decrypt = async (key: Privacy.SubjectKey, data: ArrayBuffer) =>
  new TextDecoder().decode(await crypto.subtle.decrypt({ name: "AES-GCM", iv }, key, data))

describe("the file key store", () => {
  it("keeps a resident's key across restarts, wrapped, and shreds it for good", async () => {
    const first = await makeFileKeyStore({ file, masterKey: master })
    const key = await Effect.runPromise(first.createKey("resident-1"))
    expect(await Effect.runPromise(first.createKey("resident-1"))).toBe(key)
    const sealed = await encrypt(key, "韩女士 13800138000")

    const second = await makeFileKeyStore({ file, masterKey: master })
    const again = Option.getOrThrow(await Effect.runPromise(second.getKey("resident-1")))
    expect(await decrypt(again, sealed)).toBe("韩女士 13800138000")
    expect(again.extractable).toBe(false)

    await Effect.runPromise(second.destroyKey("resident-1"))
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ "resident-1": { destroyed: true } })
    const third = await makeFileKeyStore({ file, masterKey: master })
    expect(Option.isNone(await Effect.runPromise(third.getKey("resident-1")))).toBe(true)
    const erased = await Effect.runPromise(Effect.flip(third.createKey("resident-1")))
    expect(erased._tag).toBe("SubjectErased")
    const unknown = await Effect.runPromise(Effect.flip(third.getKey("nobody")))
    expect(unknown._tag).toBe("SubjectKeyNotFound")
  })

  it("refuses to unwrap with the wrong master key", async () => {
    const store = await makeFileKeyStore({ file, masterKey: master })
    await Effect.runPromise(store.createKey("resident-2"))
    const wrong = await makeFileKeyStore({ file, masterKey: new Uint8Array(32).fill(9) })
    const failure = await Effect.runPromise(Effect.flip(wrong.getKey("resident-2")))
    expect(failure._tag).toBe("KeyStoreUnavailable")
  })
})
