import { Schema } from "effect"
import { Note } from "../shared/vocabulary.ts"
import { AreaId } from "../territory/vocabulary.ts"
import { intakeBase, unplacedReportFields } from "./commands.ts"

/** The facts of the intake of an unplaced report. */
export const IntakeEvent = Schema.TaggedUnion({
  /** 待定位 — received, its location matched no grid; it waits in `areaId`'s queue. */
  UnplacedReportReceived: unplacedReportFields,
  /** 已定位 — a dispatcher placed it in a grid; the case `reportId` is reported there. */
  ReportLocated: { ...intakeBase, gridId: AreaId, note: Schema.optional(Note) },
}).annotate({ identifier: "IntakeEvent" })
export type IntakeEvent = typeof IntakeEvent.Type
/** The tag of each unplaced report event. */
export type IntakeEventTag = IntakeEvent["_tag"]
/** The unplaced report event with tag `T`. */
export type IntakeEventOf<T extends IntakeEventTag> = Extract<IntakeEvent, { readonly _tag: T }>
/** The stored type name of every unplaced report event: what the codec reads and stores filter by. */
export const INTAKE_EVENT_TYPES = Object.keys(IntakeEvent.cases) as ReadonlyArray<IntakeEventTag>
