import { Schema } from "effect"

/** The person or process acting: a staff id, a resident id, or e.g. "system:deadlines". */
export const ActorId = Schema.NonEmptyString.annotate({ identifier: "ActorId" })
export type ActorId = typeof ActorId.Type

/** Free text attached to a step (a reason, a note, a result). */
export const Note = Schema.String.check(Schema.isBetweenLength(1, 2000))
