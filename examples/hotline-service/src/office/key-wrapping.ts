import { Privacy } from "@gridcase/core"
import { Effect } from "effect"

/**
 * Residents' keys wrapped by a master key (AES-KW), as every lasting key store of the office
 * keeps them: a stored key is useless without the master key, which lives elsewhere (a KMS, a
 * secret). Shared by the file key store (one process) and the PostgreSQL one (several).
 */
export interface KeyWrapping {
  /** A fresh AES-256 key for a subject, wrapped, in base64: what a store writes. */
  readonly fresh: Effect.Effect<string, Privacy.KeyStoreUnavailable>
  /** A stored key unwrapped; it can encrypt and decrypt but never be exported again. */
  readonly unwrap: (
    subject: string,
    wrapped: string,
  ) => Effect.Effect<Privacy.SubjectKey, Privacy.KeyStoreUnavailable>
}

const unavailable = (message: string) => (cause: unknown) =>
  new Privacy.KeyStoreUnavailable({ message, cause })

/** The wrapping under a master key of 32 bytes; rejects any other length. */
export const makeKeyWrapping = async (masterKey: Uint8Array): Promise<KeyWrapping> => {
  if (masterKey.length !== 32) throw new Error("the key store's master key must be 32 bytes")
  const master = await crypto.subtle.importKey("raw", new Uint8Array(masterKey), { name: "AES-KW" }, false, [
    "wrapKey",
    "unwrapKey",
  ])
  return {
    fresh: Effect.gen(function* () {
      const extractable = yield* Effect.tryPromise({
        try: () => crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt", "decrypt"]),
        catch: unavailable("cannot generate a key"),
      })
      const wrapped = yield* Effect.tryPromise({
        try: () => crypto.subtle.wrapKey("raw", extractable, master, "AES-KW"),
        catch: unavailable("cannot wrap a key"),
      })
      return Buffer.from(wrapped).toString("base64")
    }),
    unwrap: (subject, wrapped) =>
      Effect.tryPromise({
        try: () =>
          crypto.subtle.unwrapKey(
            "raw",
            Buffer.from(wrapped, "base64"),
            master,
            "AES-KW",
            { name: "AES-GCM" },
            false,
            ["encrypt", "decrypt"],
          ) as Promise<Privacy.SubjectKey>,
        catch: unavailable(`cannot unwrap the key of ${subject}: wrong master key?`),
      }),
  }
}
