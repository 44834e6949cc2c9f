import type { Sealed } from "../privacy/sealed.ts"

/**
 * A stand-in for a sealed field, for decider tests: deciders copy sealed values and check
 * whose key they name, but never open them.
 */
export const sealedPlaceholder = (subject: string): Sealed => ({
  subject,
  iv: "AAAAAAAAAAAAAAAA",
  ciphertext: "AAAAAAAAAAAAAAAAAAAAAA==",
})
