import { Schema } from "effect"
import { CaseId, CaseSource, Description } from "../case/vocabulary.ts"
import { Category, Urgency } from "../shared/category.ts"
import { Instant } from "../shared/instant.ts"
import { ActorId, Note } from "../shared/vocabulary.ts"
import { AreaId } from "../territory/vocabulary.ts"

/**
 * Where a report says it is, when the office could not place it in a grid: the address as
 * written and the point as sent, either or both.
 */
export const UnplacedLocation = Schema.Struct({
  address: Schema.optional(Schema.String.check(Schema.isMaxLength(500))),
  lat: Schema.optional(Schema.Finite.check(Schema.isBetween({ minimum: -90, maximum: 90 }))),
  long: Schema.optional(Schema.Finite.check(Schema.isBetween({ minimum: -180, maximum: 180 }))),
}).annotate({ identifier: "UnplacedLocation" })
export type UnplacedLocation = typeof UnplacedLocation.Type

/** Every intake command and event names its report (the case id it will have), when and who acted. */
export const intakeBase = { reportId: CaseId, at: Instant, by: ActorId }

/** What a received report says: what a case report says, but where it is matched no grid. */
export const unplacedReportFields = {
  ...intakeBase,
  areaId: AreaId,
  source: CaseSource,
  category: Category,
  urgency: Urgency,
  description: Description,
  location: UnplacedLocation,
  reporterRef: Schema.optional(Schema.NonEmptyString),
  mediaUrls: Schema.optional(Schema.Array(Schema.String.check(Schema.isMaxLength(2000)))),
  hotlineTicketId: Schema.optional(Schema.NonEmptyString),
}

/**
 * The intake (受理) of reports the office could not place (待定位): taken as received, waiting in
 * the queue of the area that received them, located by a dispatcher. Nothing a citizen reports
 * is lost for want of a grid: whoever first receives a report is responsible for it
 * (docs/domain.md#rule-first-receiver), and the loop starts with receiving it (受理,
 * docs/domain.md#rule-53-steps).
 */
export const IntakeCommand = Schema.TaggedUnion({
  /**
   * A report whose location matched no grid: kept as received, waiting in `areaId`'s queue (the
   * office's own area, whose dispatchers locate it).
   */
  ReceiveUnplacedReport: unplacedReportFields,
  /**
   * The dispatcher places the report in a grid (定位派单): the case is reported there, with the
   * report's id and its time of receipt, so its step lights run from receipt.
   */
  LocateReport: { ...intakeBase, gridId: AreaId, note: Schema.optional(Note) },
}).annotate({ identifier: "IntakeCommand" })
export type IntakeCommand = typeof IntakeCommand.Type
/** The tag of each unplaced report command. */
export type IntakeCommandTag = IntakeCommand["_tag"]
/** The unplaced report command with tag `T`. */
export type IntakeCommandOf<T extends IntakeCommandTag> = Extract<IntakeCommand, { readonly _tag: T }>
