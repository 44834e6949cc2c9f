import { Effect, Option, Schema } from "effect"
import { openWithKey, sealText } from "./cipher.ts"
import { ERASED, type Erased } from "./erased.ts"
import { ChineseIdNumber } from "./id-number.ts"
import { KeyStore, type SubjectKey } from "./key-store.ts"
import { MobilePhone } from "./mobile-phone.ts"
import { Sealed } from "./sealed.ts"

/** A person's name (姓名) as written on their papers; minority names with a middle dot run long. */
export const PersonName = Schema.String.check(Schema.isTrimmed(), Schema.isBetweenLength(1, 100)).annotate({
  identifier: "PersonName",
})

/** A person's own address (户籍地址 or 现居住地址), as opposed to the dwelling a household occupies. */
export const PersonalAddress = Schema.String.check(
  Schema.isTrimmed(),
  Schema.isBetweenLength(1, 500),
).annotate({ identifier: "PersonalAddress" })

/**
 * The fields personal-information law (PIPL) lets a person have erased, so they are kept only
 * sealed per person: name, ID number, phone number, address. Everything else about a
 * resident (grid, special-care tags, visits) refers to them by id.
 */
export const PERSONAL_FIELDS = ["name", "idNumber", "phone", "address"] as const
/** One of the personal fields sealed per person (name, ID number, phone, address). */
export type PersonalField = (typeof PERSONAL_FIELDS)[number]

/** A person's details in plaintext, as a command brings them in; validated on decoding. */
export const PersonalDetails = Schema.Struct({
  name: PersonName,
  idNumber: Schema.optional(ChineseIdNumber),
  phone: Schema.optional(MobilePhone),
  address: Schema.optional(PersonalAddress),
}).annotate({ identifier: "PersonalDetails" })
export type PersonalDetails = typeof PersonalDetails.Type

type FieldValues<V> = { readonly [K in PersonalField]?: V | undefined }

const changesSomething = Schema.makeFilter(
  (patch: FieldValues<string>) =>
    PERSONAL_FIELDS.some((field) => patch[field] !== undefined) || "a correction changes at least one field",
)

/** A correction (更正) of some personal fields; each given field replaces the old value. */
export const PersonalDetailsPatch = Schema.Struct({
  name: Schema.optional(PersonName),
  idNumber: Schema.optional(ChineseIdNumber),
  phone: Schema.optional(MobilePhone),
  address: Schema.optional(PersonalAddress),
})
  .check(changesSomething)
  .annotate({ identifier: "PersonalDetailsPatch" })
export type PersonalDetailsPatch = typeof PersonalDetailsPatch.Type

/** {@link PersonalDetails} as events carry them: each field sealed under the person's key. */
export const SealedPersonalDetails = Schema.Struct({
  name: Sealed,
  idNumber: Schema.optional(Sealed),
  phone: Schema.optional(Sealed),
  address: Schema.optional(Sealed),
}).annotate({ identifier: "SealedPersonalDetails" })
export type SealedPersonalDetails = typeof SealedPersonalDetails.Type

/** {@link PersonalDetailsPatch} as events carry it. */
export const SealedPersonalDetailsPatch = Schema.Struct({
  name: Schema.optional(Sealed),
  idNumber: Schema.optional(Sealed),
  phone: Schema.optional(Sealed),
  address: Schema.optional(Sealed),
}).annotate({ identifier: "SealedPersonalDetailsPatch" })
export type SealedPersonalDetailsPatch = typeof SealedPersonalDetailsPatch.Type

/** Personal details as read back: each present field in plaintext, or {@link Erased} after erasure. */
export interface RevealedPersonalDetails {
  readonly name: string | Erased
  readonly idNumber?: string | Erased
  readonly phone?: string | Erased
  readonly address?: string | Erased
}

/** Applies `f` to each present field, in {@link PERSONAL_FIELDS} order, leaving absent ones absent. */
const eachField = <A, B, E, R>(
  fields: FieldValues<A>,
  f: (field: PersonalField, value: A) => Effect.Effect<B, E, R>,
): Effect.Effect<FieldValues<B>, E, R> =>
  Effect.map(
    Effect.forEach(
      PERSONAL_FIELDS.filter((field) => fields[field] !== undefined),
      (field) => Effect.map(f(field, fields[field]!), (value) => [field, value] as const),
    ),
    (entries): FieldValues<B> => Object.fromEntries(entries),
  )

/** Seals every present field for `subject`; fails with `SubjectErased` for an erased person. */
export const sealPersonalDetails = (subject: string, details: PersonalDetails) =>
  eachField(details, (field, value) => sealText(subject, field, value)) as Effect.Effect<
    SealedPersonalDetails,
    Effect.Error<ReturnType<typeof sealText>>,
    KeyStore
  >

/** Seals the fields a correction changes. */
export const sealPersonalDetailsPatch = (subject: string, patch: PersonalDetailsPatch) =>
  eachField(patch, (field, value) => sealText(subject, field, value)) as Effect.Effect<
    SealedPersonalDetailsPatch,
    Effect.Error<ReturnType<typeof sealText>>,
    KeyStore
  >

/**
 * Opens sealed details — {@link SealedPersonalDetails} or a patch — with one key lookup per
 * subject: every field reads {@link ERASED} once the person's key is destroyed.
 */
export const revealPersonalDetails = Effect.fnUntraced(function* <
  S extends SealedPersonalDetails | SealedPersonalDetailsPatch,
>(sealed: S) {
  const keys = yield* KeyStore
  const subjects = new Set(PERSONAL_FIELDS.flatMap((field) => sealed[field]?.subject ?? []))
  const lookups = new Map<string, Option.Option<SubjectKey>>()
  for (const subject of subjects) lookups.set(subject, yield* keys.getKey(subject))
  const revealed = yield* eachField(sealed, (field, value) => {
    const key = lookups.get(value.subject)!
    return Option.isNone(key) ? Effect.succeed<string | Erased>(ERASED) : openWithKey(key.value, value, field)
  })
  return revealed as S extends SealedPersonalDetails
    ? RevealedPersonalDetails
    : Partial<RevealedPersonalDetails>
})

/** Sealed details after a correction: each field the patch carries replaces the old one. */
export const patchSealedPersonalDetails = (
  details: SealedPersonalDetails,
  patch: SealedPersonalDetailsPatch,
): SealedPersonalDetails => {
  const patched: { -readonly [K in keyof SealedPersonalDetails]: SealedPersonalDetails[K] } = { ...details }
  for (const field of PERSONAL_FIELDS) {
    const value = patch[field]
    if (value !== undefined) patched[field] = value
  }
  return patched
}
