import { Context, type Effect, type Option } from "effect"
import type { KeyStoreUnavailable, SubjectErased, SubjectKeyNotFound } from "./errors.ts"

/**
 * The key-store port (密钥库): one AES-256-GCM key per data subject (a resident), for
 * crypto-shredding. Events keep only ciphertext; destroying the key erases the person from
 * every event, snapshot and backup at once, without rewriting history (PIPL's right to
 * deletion, 删除权).
 *
 * Keys are WebCrypto `CryptoKey`s, so core stays platform-neutral; a persistent store keeps
 * the raw key wrapped by a master key (a KMS, an HSM) and imports it on read.
 *
 * Promises: a destroyed key is never returned again and never re-created — the subject is
 * remembered as erased (a tombstone without key material) so late writers cannot store new
 * data for them.
 */
/** A WebCrypto key (`CryptoKey`), named through the global so it types the same in browsers and Node. */
export type SubjectKey = (typeof CryptoKey)["prototype"]

/** A key store: one key per person, created on first use and destroyed on erasure. */
export interface KeyStoreShape {
  /**
   * The subject's key, created on first use; concurrent first uses get the same key. Fails
   * with `SubjectErased` once the key was destroyed.
   */
  readonly createKey: (subject: string) => Effect.Effect<SubjectKey, SubjectErased | KeyStoreUnavailable>
  /** The subject's key, or none once it was destroyed. `SubjectKeyNotFound` for a subject never seen. */
  readonly getKey: (
    subject: string,
  ) => Effect.Effect<Option.Option<SubjectKey>, SubjectKeyNotFound | KeyStoreUnavailable>
  /** Destroys the subject's key for good and tombstones the subject. Idempotent. */
  readonly destroyKey: (subject: string) => Effect.Effect<void, KeyStoreUnavailable>
}

/** The key store service (密钥库): in memory (`memoryKeyStoreLayer`) for tests, a lasting one in production. */
export class KeyStore extends Context.Service<KeyStore, KeyStoreShape>()("@gridcase/core/KeyStore") {}
