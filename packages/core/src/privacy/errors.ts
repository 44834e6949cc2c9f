import { Schema } from "effect"

/** The subject's key was destroyed (crypto-shredding): nothing new may be sealed for them. */
export class SubjectErased extends Schema.TaggedError<SubjectErased>()("SubjectErased", {
  subject: Schema.String,
}) {
  override get message(): string {
    return `the personal data of ${this.subject} was erased: no new data can be kept for them`
  }
}

/**
 * A sealed value names a subject the key store has never seen: the store was lost or
 * swapped, which is an operational fault, not an erasure.
 */
export class SubjectKeyNotFound extends Schema.TaggedError<SubjectKeyNotFound>()("SubjectKeyNotFound", {
  subject: Schema.String,
}) {
  override get message(): string {
    return `the key store holds no key, live or destroyed, for ${this.subject}`
  }
}

/** The key store could not be reached or failed underneath (a persistent store's I/O). */
export class KeyStoreUnavailable extends Schema.TaggedError<KeyStoreUnavailable>()("KeyStoreUnavailable", {
  message: Schema.String,
  cause: Schema.optional(Schema.Defect()),
}) {}

/**
 * A sealed value that does not open under its subject's live key: tampered with, truncated,
 * or moved to another field. Never silently read as erased.
 */
export class SealBroken extends Schema.TaggedError<SealBroken>()("SealBroken", {
  subject: Schema.String,
  field: Schema.String,
  reason: Schema.String,
}) {
  override get message(): string {
    return `the sealed ${this.field} of ${this.subject} does not open: ${this.reason}`
  }
}

/** Every failure of sealing or opening personal data. */
export type PrivacyError = SubjectErased | SubjectKeyNotFound | KeyStoreUnavailable | SealBroken
