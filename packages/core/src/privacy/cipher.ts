import { Effect, Option, Result } from "effect"
import { Base64 } from "effect/encoding"
import { ERASED, type Erased } from "./erased.ts"
import { SealBroken } from "./errors.ts"
import { KeyStore, type SubjectKey } from "./key-store.ts"
import type { Sealed } from "./sealed.ts"

const utf8 = new TextEncoder()
const fromUtf8 = new TextDecoder("utf-8", { fatal: true })

/** Binds a ciphertext to its subject and field: moved anywhere else, it fails authentication. */
const associatedData = (subject: string, field: string): Uint8Array<ArrayBuffer> =>
  utf8.encode(`gridcase/${subject}/${field}`)

/**
 * Encrypts one personal field of `subject` with AES-256-GCM under the subject's key (created on
 * first use) and a fresh random 96-bit nonce. Fails with `SubjectErased` for an erased person.
 */
export const sealText = Effect.fnUntraced(function* (subject: string, field: string, plaintext: string) {
  const key = yield* (yield* KeyStore).createKey(subject)
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const ciphertext = yield* Effect.promise(() =>
    crypto.subtle.encrypt(
      { name: "AES-GCM", iv, additionalData: associatedData(subject, field) },
      key,
      utf8.encode(plaintext),
    ),
  )
  const sealed: Sealed = {
    subject,
    iv: Base64.encode(iv),
    ciphertext: Base64.encode(new Uint8Array(ciphertext)),
  }
  return sealed
})

const decodeBytes = (sealed: Sealed, field: string, which: "iv" | "ciphertext") =>
  Effect.fromResult(
    Result.mapError(
      Base64.decode(sealed[which]),
      (error) =>
        new SealBroken({
          subject: sealed.subject,
          field,
          reason: `${which} is not base64: ${error.message}`,
        }),
    ),
  )

/** Decrypts one sealed field with a key already fetched; fails with `SealBroken` when it does not authenticate. */
export const openWithKey = (
  key: SubjectKey,
  sealed: Sealed,
  field: string,
): Effect.Effect<string, SealBroken> =>
  Effect.gen(function* () {
    const iv = yield* decodeBytes(sealed, field, "iv")
    const ciphertext = yield* decodeBytes(sealed, field, "ciphertext")
    const plaintext = yield* Effect.tryPromise({
      try: () =>
        crypto.subtle.decrypt(
          { name: "AES-GCM", iv: new Uint8Array(iv), additionalData: associatedData(sealed.subject, field) },
          key,
          new Uint8Array(ciphertext),
        ),
      catch: () =>
        new SealBroken({
          subject: sealed.subject,
          field,
          reason: "authentication failed (tampered, truncated or sealed for another field)",
        }),
    })
    return fromUtf8.decode(plaintext)
  })

/**
 * Opens one sealed field: the plaintext, or {@link ERASED} when the subject's key was
 * destroyed. A broken seal fails with `SealBroken`; a subject the key store never knew fails
 * with `SubjectKeyNotFound`.
 */
export const openText = Effect.fnUntraced(function* (sealed: Sealed, field: string) {
  const key = yield* (yield* KeyStore).getKey(sealed.subject)
  if (Option.isNone(key)) return ERASED as string | Erased
  return yield* openWithKey(key.value, sealed, field)
})
