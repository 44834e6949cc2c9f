import { Effect, Layer, Option } from "effect"
import { SubjectErased, SubjectKeyNotFound } from "./errors.ts"
import { KeyStore, type KeyStoreShape, type SubjectKey } from "./key-store.ts"

/** Marks a subject whose key was destroyed: the tombstone keeps no key material. */
const DESTROYED = "destroyed"

/** A fresh, non-extractable AES-256-GCM key: it can encrypt and decrypt but never leave WebCrypto. */
const generateKey = (): Promise<SubjectKey> =>
  crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"])

/**
 * A key store held in process memory: for tests, demos and single-process tools. It does no
 * I/O, so it never fails with `KeyStoreUnavailable`; its keys die with the process, and with
 * them every sealed field, so production needs a persistent store.
 */
export const makeMemoryKeyStore = (): KeyStoreShape => {
  const keys = new Map<string, SubjectKey | typeof DESTROYED>()
  /** The live key, if any; a destroyed one fails. */
  const live = (subject: string) =>
    Effect.suspend(() => {
      const held = keys.get(subject)
      return held === DESTROYED ? Effect.fail(new SubjectErased({ subject })) : Effect.succeed(held)
    })
  return {
    createKey: (subject) =>
      Effect.flatMap(live(subject), (existing) =>
        existing !== undefined
          ? Effect.succeed(existing)
          : Effect.flatMap(Effect.promise(generateKey), (fresh) =>
              // Another fiber may have created or destroyed the key while this one was generating.
              Effect.map(live(subject), (now) => {
                if (now !== undefined) return now
                keys.set(subject, fresh)
                return fresh
              }),
            ),
      ),
    getKey: (subject) =>
      Effect.suspend(() => {
        const held = keys.get(subject)
        if (held === undefined) return Effect.fail(new SubjectKeyNotFound({ subject }))
        return Effect.succeed(held === DESTROYED ? Option.none() : Option.some(held))
      }),
    destroyKey: (subject) =>
      Effect.sync(() => {
        keys.set(subject, DESTROYED)
      }),
  }
}

/** A fresh in-memory key store each time the layer is built. */
export const memoryKeyStoreLayer: Layer.Layer<KeyStore> = Layer.sync(KeyStore, () =>
  KeyStore.of(makeMemoryKeyStore()),
)
