/**
 * What reading a person's data yields once it was erased (已删除): their key is destroyed, so
 * the ciphertext in old events can no longer be opened. A value, not an error, so that
 * timelines, read models and exports keep working and simply show the person as erased.
 */
export interface Erased {
  readonly _tag: "Erased"
}

/** What a sealed field reads once its person was erased. */
export const ERASED: Erased = { _tag: "Erased" }

/** Whether a revealed value is `ERASED`. */
export const isErased = (value: unknown): value is Erased =>
  typeof value === "object" && value !== null && (value as { readonly _tag?: unknown })._tag === "Erased"
