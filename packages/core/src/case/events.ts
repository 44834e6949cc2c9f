import { Schema } from "effect"
import { CaseStep } from "../policy/policy.ts"
import { Category, Urgency } from "../shared/category.ts"
import { Instant } from "../shared/instant.ts"
import { Level } from "../shared/level.ts"
import { ActorId, Note } from "../shared/vocabulary.ts"
import {
  Assignee,
  CaseId,
  CaseLocation,
  CaseSource,
  Description,
  EscalationReason,
  RejectionReason,
  Satisfaction,
  SupervisionReason,
} from "./vocabulary.ts"

/** Every case event says which case, when and by whom: projections need nothing else to place it. */
const base = { caseId: CaseId, at: Instant, by: ActorId }
const optionalNote = Schema.optional(Note)

/**
 * The facts of a case's life. Names are past tense; each is stored with a schema version
 * (see `caseEventCodec`) so older payloads keep loading after a change.
 */
export const CaseEvent = Schema.TaggedUnion({
  /** 上报 — a problem is reported, at the reporter's level. */
  CaseReported: {
    ...base,
    source: CaseSource,
    category: Category,
    urgency: Urgency,
    description: Description,
    location: CaseLocation,
    level: Level,
    reporterRef: Schema.optional(Schema.NonEmptyString),
    mediaUrls: Schema.optional(Schema.Array(Schema.String)),
    hotlineTicketId: Schema.optional(Schema.NonEmptyString),
  },
  /** 自处理 — the worker fixed it on the spot; awaits an audit. */
  CaseSelfHandled: { ...base, result: Note },
  /** 自处理核查 — the audit of a self-handled case. Failing sends it to dispatch like any case. */
  SelfHandlingAudited: { ...base, passed: Schema.Boolean, note: optionalNote },
  /** 立案 */
  CaseRegistered: base,
  /** 不予立案 */
  CaseRejected: {
    ...base,
    reason: RejectionReason,
    duplicateOf: Schema.optional(CaseId),
    note: optionalNote,
  },
  /** 派遣 / 任务分办 */
  CaseDispatched: { ...base, assignee: Assignee, note: optionalNote },
  /** 签收 */
  CaseAcknowledged: base,
  /**
   * 退回 — the receiver sends it back to be dispatched again: by itself within the window, or
   * by the supervisor who approves its request (`by` is then the approver). Every one is counted.
   */
  CaseSentBack: { ...base, reason: Note },
  /** 处置 begins */
  HandlingStarted: base,
  /** 处置进展 */
  ProgressNoted: { ...base, note: Note },
  /** 延期申请 */
  ExtensionRequested: { ...base, minutes: Schema.Int, reason: Note },
  /** 延期批准 */
  ExtensionGranted: { ...base, minutes: Schema.Int, note: optionalNote },
  /** 延期驳回 */
  ExtensionDenied: { ...base, reason: Note },
  /** 作废申请 */
  VoidRequested: { ...base, reason: Note },
  /** 作废 */
  CaseVoided: { ...base, note: optionalNote },
  VoidDenied: { ...base, reason: Note },
  /** 挂账申请 */
  ShelveRequested: { ...base, reason: Note },
  /** 挂账 */
  CaseShelved: { ...base, note: optionalNote },
  ShelveDenied: { ...base, reason: Note },
  /** 退回申请 — past the send-back window, the receiver asks a supervisor. */
  SendBackRequested: { ...base, reason: Note },
  /** 驳回退回 — the receiver keeps the case. */
  SendBackDenied: { ...base, reason: Note },
  /** 挂账恢复 */
  CaseRestored: { ...base, note: optionalNote },
  /** 暂停 (awaiting something outside the handler's control) */
  CaseHeld: { ...base, reason: Note },
  CaseResumed: base,
  /** 办结 / 处理反馈 */
  CaseResolved: { ...base, result: Note },
  /** 核查通过 */
  VerificationPassed: { ...base, note: optionalNote },
  /** 核查不通过 → 重办 (rework) */
  VerificationFailed: { ...base, note: optionalNote },
  /**
   * 结案. The verdict comes with the call-back after it (`CaseFollowedUp`); `satisfaction` is only
   * ever set on events stored while closing still took the verdict, and folds as a call-back at closing.
   */
  CaseClosed: { ...base, satisfaction: Schema.optional(Satisfaction), note: optionalNote },
  /** 回访 — the call-back after closing, with the reporter's verdict. */
  CaseFollowedUp: { ...base, satisfaction: Satisfaction, note: optionalNote },
  /**
   * 催办 — a reminder to the unit: a step of the case is past its time limit. A reminder of one
   * step names it and the deadline it was past (`dueAt`), so that deadline is reminded of once.
   */
  CaseReminded: { ...base, note: Note, step: Schema.optional(CaseStep), dueAt: Schema.optional(Instant) },
  /**
   * 报告说明理由 — the unit holding `step` reported why it is past its deadline (`dueAt`): that
   * deadline is not criticised.
   */
  DelayExplained: { ...base, step: CaseStep, dueAt: Instant, reason: Note },
  /**
   * 通报批评 — the written criticism of `criticised`, the unit that held `step`, reminded of its
   * deadline (`dueAt`) and still past it, unexplained, by the policy's `criticismAfter`
   * (docs/domain.md#rule-reminder). A sanction on record, not a notice to answer: unlike 督办 it
   * opens no step.
   */
  CaseCriticized: { ...base, step: CaseStep, dueAt: Instant, criticised: Assignee, note: Note },
  /** 发回重办 after an unsatisfied verdict */
  CaseReopened: { ...base, reason: Note },
  /** 合并 — a duplicate folded into another case */
  CaseMerged: { ...base, into: CaseId },
  /**
   * 督办 — a supervision notice (督办单) to `responder`, who must answer it (督办回复). Events stored
   * before notices had a reason and a responder carry only the note: they count, but open nothing
   * to answer.
   */
  CaseSupervised: {
    ...base,
    note: Note,
    reason: Schema.optional(SupervisionReason),
    responder: Schema.optional(Assignee),
  },
  /** 督办回复 — the responder answers the open supervision notice; its clock stops. */
  SupervisionAnswered: { ...base, note: Note },
  /** 12345 工单关联 */
  HotlineTicketLinked: { ...base, ticketId: Schema.NonEmptyString },
  /** 12345 答复 — outcome reported back to the hotline */
  HotlineOutcomeReported: { ...base, outcome: Note, solvedByGrid: Schema.Boolean },
  /** 上报升级 — the owner level moves up */
  CaseEscalated: { ...base, from: Level, to: Level, reason: EscalationReason, note: optionalNote },
  /** 下派 — a supervisor hands it back down */
  CaseDeEscalated: { ...base, from: Level, to: Level, reason: Note },
}).annotate({ identifier: "CaseEvent" })
export type CaseEvent = typeof CaseEvent.Type
/** The name of a case event, e.g. `"CaseEscalated"`. */
export type CaseEventTag = CaseEvent["_tag"]
/** The case event with this tag, e.g. `CaseEventOf<"CaseEscalated">`. */
export type CaseEventOf<T extends CaseEventTag> = Extract<CaseEvent, { readonly _tag: T }>
/** Every case event's tag: the types a store may hold in a case stream. */
export const CASE_EVENT_TYPES = Object.keys(CaseEvent.cases) as ReadonlyArray<CaseEventTag>
