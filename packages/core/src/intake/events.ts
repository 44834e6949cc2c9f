import { Schema } from "effect"
import { ActorId, CaseId, CaseSource, Description, Note } from "../case/vocabulary.ts"
import { Category, Urgency } from "../shared/category.ts"
import { Instant } from "../shared/instant.ts"
import { AreaId } from "../territory/vocabulary.ts"
import { UnplacedLocation } from "./commands.ts"

const base = { reportId: CaseId, at: Instant, by: ActorId }

/** The facts of the intake of an unplaced report. */
export const IntakeEvent = Schema.TaggedUnion({
  /** 待定位 — received, its location matched no grid; it waits in `areaId`'s queue. */
  UnplacedReportReceived: {
    ...base,
    areaId: AreaId,
    source: CaseSource,
    category: Category,
    urgency: Urgency,
    description: Description,
    location: UnplacedLocation,
    reporterRef: Schema.optional(Schema.NonEmptyString),
    mediaUrls: Schema.optional(Schema.Array(Schema.String)),
    hotlineTicketId: Schema.optional(Schema.NonEmptyString),
  },
  /** 已定位 — a dispatcher placed it in a grid; the case `reportId` is reported there. */
  ReportLocated: { ...base, gridId: AreaId, note: Schema.optional(Note) },
}).annotate({ identifier: "IntakeEvent" })
export type IntakeEvent = typeof IntakeEvent.Type
export type IntakeEventTag = IntakeEvent["_tag"]
export type IntakeEventOf<T extends IntakeEventTag> = Extract<IntakeEvent, { readonly _tag: T }>
export const INTAKE_EVENT_TYPES = Object.keys(IntakeEvent.cases) as ReadonlyArray<IntakeEventTag>
