import { Schema } from "effect"
import { Level } from "../shared/level.ts"

/** A case's identity (案件编号). Chosen by the caller (UUID v7 from the Ids service by default). */
export const CaseId = Schema.NonEmptyString.annotate({ identifier: "CaseId" })
export type CaseId = typeof CaseId.Type

/** Where a case came from (案件来源). `hotline` is a 12345 ticket transferred to the grid. */
export const CaseSource = Schema.Literals([
  "patrol",
  "microGridReport",
  "residentReport",
  "visit",
  "hotline",
  "cityPlatform",
  "sensor",
]).annotate({ identifier: "CaseSource" })
export type CaseSource = typeof CaseSource.Type

/** Where the problem is: the grid it belongs to, and optionally an address and coordinates. */
export const CaseLocation = Schema.Struct({
  gridId: Schema.NonEmptyString,
  address: Schema.optional(Schema.String.check(Schema.isMaxLength(500))),
  lat: Schema.optional(Schema.Finite.check(Schema.isBetween({ minimum: -90, maximum: 90 }))),
  long: Schema.optional(Schema.Finite.check(Schema.isBetween({ minimum: -180, maximum: 180 }))),
}).annotate({ identifier: "CaseLocation" })
export type CaseLocation = typeof CaseLocation.Type

/** Open311 caps a description at 4,000 characters; we keep the same bound everywhere. */
export const Description = Schema.String.check(Schema.isBetweenLength(1, 4000))

/**
 * Who a case is dispatched to (派遣对象): a person (a worker, a grid leader), a level of the
 * hierarchy (a community, a street office) or a functional department (职能部门).
 */
export const Assignee = Schema.Union([
  Schema.TaggedStruct("person", { personId: Schema.NonEmptyString }),
  Schema.TaggedStruct("unit", { level: Level, unitId: Schema.NonEmptyString }),
  Schema.TaggedStruct("department", { departmentId: Schema.NonEmptyString }),
]).annotate({ identifier: "Assignee" })
export type Assignee = typeof Assignee.Type

/** Why a report is not registered (不予立案). */
export const RejectionReason = Schema.Literals(["duplicate", "outOfScope", "notAProblem"])
export type RejectionReason = typeof RejectionReason.Type

/** The reporter's verdict at the follow-up call (回访). `notReached` when nobody answered. */
export const Satisfaction = Schema.Literals(["satisfied", "basicallySatisfied", "unsatisfied", "notReached"])
export type Satisfaction = typeof Satisfaction.Type

/**
 * Exception paths that wait for a supervisor's approval (需审批, docs/domain.md#rule-exception-approval):
 * 延期, 作废, 挂账, and 退回 past its window.
 */
export const RequestKind = Schema.Literals(["extension", "void", "shelve", "sendBack"])
export type RequestKind = typeof RequestKind.Type

/** Why a case changed level: overdue (超时), asked for help (请求上级协助), or by a supervisor's hand. */
export const EscalationReason = Schema.Literals(["overdue", "requested", "manual"])
export type EscalationReason = typeof EscalationReason.Type

/**
 * Why a supervisor presses a case with a supervision notice (督办单, docs/domain.md#supervision):
 * it is overdue (超期), its reporter is still unsatisfied after it was reworked (重办后仍不满意), or
 * it is sensitive or major (敏感、重大) — the supervisor's judgement, which no clock shows.
 */
export const SupervisionReason = Schema.Literals(["overdue", "repeatedlyUnsatisfied", "sensitive"]).annotate({
  identifier: "SupervisionReason",
})
export type SupervisionReason = typeof SupervisionReason.Type
