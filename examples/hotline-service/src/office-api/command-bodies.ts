import { Case, Points, Resident } from "@gridcase/core"
import { Schema } from "effect"

/**
 * What a member of staff sends for each case command: the command without `caseId` (it is in
 * the path), `at` (the office's clock stamps it) and `by` (the person the token belongs to).
 * Built from core's `CaseCommand` Schema, so the OpenAPI document cannot drift from the rules.
 */
export const caseCommandBody = (tag: keyof typeof Case.Command.cases) => {
  const { caseId: _caseId, at: _at, by: _by, ...fields } = Case.Command.cases[tag].fields
  return Schema.Struct(fields).annotate({ identifier: `${tag}Body` })
}

export const CASE_COMMAND_TAGS = Object.keys(Case.Command.cases) as ReadonlyArray<
  keyof typeof Case.Command.cases
>

/** Any case command body, told apart by `_tag`. */
export const CaseCommandBody = Schema.Union(CASE_COMMAND_TAGS.map(caseCommandBody)).annotate({
  identifier: "CaseCommandBody",
})

/** A report from staff (the endpoint says what it is): `caseId` may be chosen by the caller or left to the office. */
export const ReportBody = (() => {
  const { _tag: _report, at: _at, by: _by, caseId, ...fields } = Case.Command.cases.ReportCase.fields
  return Schema.Struct({ ...fields, caseId: Schema.optional(caseId) }).annotate({ identifier: "ReportBody" })
})()

/** The fields of a command's Schema: each decodes without services. */
type Fields = Readonly<Record<string, Schema.Codec<unknown, unknown, never, never>>>

/**
 * A command body without the fields the path and the token supply, named `<Tag>Body`; the
 * fields the office fills in when they are left out (a visit's id) are optional.
 */
const withoutSubject = (tag: string, fields: Fields, subject: string, filled: ReadonlyArray<string> = []) => {
  const kept = Object.fromEntries(
    Object.entries(fields)
      .filter(([name]) => name !== subject && name !== "at" && name !== "by")
      .map(([name, field]) => [name, filled.includes(name) ? Schema.optional(field) : field]),
  )
  return Schema.Struct(kept).annotate({ identifier: `${tag}Body` })
}

/** Any resident command body but a registration and a reveal (which have their own endpoints). */
export const ResidentCommandBody = Schema.Union(
  Object.entries(Resident.Command.cases)
    .filter(([tag]) => tag !== "RegisterResident" && tag !== "RevealPersonalDetails")
    .map(([tag, schema]) => withoutSubject(tag, schema.fields, "residentId", ["visitId"])),
).annotate({ identifier: "ResidentCommandBody" })

/** A registration: the resident id may be chosen by the caller or left to the office. */
export const RegisterResidentBody = (() => {
  const {
    _tag: _register,
    residentId,
    at: _at,
    by: _by,
    ...fields
  } = Resident.Command.cases.RegisterResident.fields
  return Schema.Struct({ ...fields, residentId: Schema.optional(residentId) }).annotate({
    identifier: "RegisterResidentBody",
  })
})()

/**
 * Any command of a resident's points ledger that a person issues in their own name: an award is
 * requested at the counter and confirmed (or declined) by the approver with their own token.
 * The one-step AwardPoints, which names its approver, is not offered: over the API one person's
 * token would speak for another's approval.
 */
export const PointsCommandBody = Schema.Union(
  Object.entries(Points.Command.cases)
    .filter(([tag]) => tag !== "AwardPoints")
    .map(([tag, schema]) => withoutSubject(tag, schema.fields, "residentId")),
).annotate({ identifier: "PointsCommandBody" })
