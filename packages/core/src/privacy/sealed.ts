import { Schema } from "effect"

/**
 * One personal field as events carry it: AES-256-GCM ciphertext under its subject's key
 * (see {@link KeyStore}), never the plaintext. `subject` names the key; the field's name is
 * bound in as additional authenticated data, so a name cannot be passed off as a phone number.
 * Both byte strings are base64, so events stay plain JSON.
 */
export const Sealed = Schema.Struct({
  subject: Schema.NonEmptyString,
  /** The 96-bit nonce, fresh for every sealing. */
  iv: Schema.NonEmptyString,
  /** Ciphertext followed by the 128-bit authentication tag. */
  ciphertext: Schema.NonEmptyString,
}).annotate({ identifier: "Sealed" })
export type Sealed = typeof Sealed.Type
