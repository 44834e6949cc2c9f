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
  RejectionReason,
  RequestKind,
  Satisfaction,
  SupervisionReason,
} from "./vocabulary.ts"

/** Every case command names its case, when it was issued and who issued it: deciders never read a clock. */
const base = { caseId: CaseId, at: Instant, by: ActorId }

/** What a report carries; shared by an ordinary report and a self-handled one. */
const reportFields = {
  ...base,
  source: CaseSource,
  category: Category,
  urgency: Urgency,
  description: Description,
  location: CaseLocation,
  /** The level the report enters at: where the reporter works (a micro-grid worker reports at microGrid). */
  level: Level,
  /** Reference to the reporter (a resident id); personal data itself lives in the resident aggregate. */
  reporterRef: Schema.optional(Schema.NonEmptyString),
  mediaUrls: Schema.optional(Schema.Array(Schema.String.check(Schema.isMaxLength(2000)))),
  hotlineTicketId: Schema.optional(Schema.NonEmptyString),
}

/**
 * The commands of the case loop (docs/domain.md#loop), one TaggedStruct each. The Chinese term of each
 * step is in the doc comment of the event it produces (see events.ts).
 */
export const CaseCommand = Schema.TaggedUnion({
  ReportCase: reportFields,
  RecordSelfHandledCase: { ...reportFields, result: Note },
  AuditSelfHandledCase: { ...base, passed: Schema.Boolean, note: Schema.optional(Note) },
  RegisterCase: base,
  RejectCase: {
    ...base,
    reason: RejectionReason,
    duplicateOf: Schema.optional(CaseId),
    note: Schema.optional(Note),
  },
  DispatchCase: { ...base, assignee: Assignee, note: Schema.optional(Note) },
  AcknowledgeCase: base,
  /** 退回 within the policy's window from dispatch; later it is a request a supervisor approves. */
  SendBackCase: { ...base, reason: Note },
  StartHandling: base,
  AddProgressNote: { ...base, note: Note },
  RequestExtension: { ...base, minutes: Schema.Int.check(Schema.isGreaterThan(0)), reason: Note },
  RequestVoid: { ...base, reason: Note },
  RequestShelve: { ...base, reason: Note },
  /** 退回申请: a send-back past the window, for a supervisor to approve. */
  RequestSendBack: { ...base, reason: Note },
  ApproveRequest: { ...base, kind: RequestKind, note: Schema.optional(Note) },
  DenyRequest: { ...base, kind: RequestKind, reason: Note },
  RestoreCase: { ...base, note: Schema.optional(Note) },
  HoldCase: { ...base, reason: Note },
  ResumeCase: base,
  ResolveCase: { ...base, result: Note },
  VerifyCase: { ...base, passed: Schema.Boolean, note: Schema.optional(Note) },
  /**
   * 结案. It carries no verdict: the reporter's comes only with the call-back after closing
   * (`FollowUpCase`), which the `followUp` limit times from here.
   */
  CloseCase: {
    ...base,
    note: Schema.optional(Note),
    /**
     * Refused when present: closing took the verdict until the call-back became its own command,
     * and a caller still sending one would otherwise lose it without a word.
     */
    satisfaction: Schema.optionalKey(
      Schema.Never.annotate({
        message: "the reporter's verdict comes with FollowUpCase (回访), not with CloseCase",
      }),
    ),
  },
  /** 回访: the call-back after closing, with the reporter's verdict. */
  FollowUpCase: { ...base, satisfaction: Satisfaction, note: Schema.optional(Note) },
  /**
   * 催办: a reminder to the unit once a step of the case is past its time limit. Naming the `step`
   * reminds of that step's deadline, once (the deadline process does so the day after it, 到期次日).
   */
  RemindCase: { ...base, note: Note, step: Schema.optional(CaseStep) },
  /**
   * 报告说明理由: the unit holding a step that runs past its deadline reports why it is late. It
   * answers for that deadline: a step explained is not criticised in writing (`CriticizeCase`).
   */
  ExplainDelay: { ...base, step: CaseStep, reason: Note },
  /**
   * 通报批评: the supervision group's written criticism of the unit holding a step that, reminded
   * once (催办), still runs unexplained past its deadline by the policy's `criticismAfter`; once per
   * deadline (the deadline process issues it when it falls due).
   */
  CriticizeCase: { ...base, step: CaseStep, note: Note },
  ReopenCase: { ...base, reason: Note },
  MergeCase: { ...base, into: CaseId },
  /**
   * 督办: a supervisor's supervision notice (督办单) to the party the case is with, who must answer
   * it within the policy's `supervision` limit. `responder` defaults to the case's assignee; a
   * case not dispatched yet is with its owner level, whose unit the supervisor names.
   */
  SuperviseCase: {
    ...base,
    reason: SupervisionReason,
    responder: Schema.optional(Assignee),
    note: Note,
  },
  /** 督办回复: the responder's answer to the open supervision notice. */
  AnswerSupervision: { ...base, note: Note },
  LinkHotlineTicket: { ...base, ticketId: Schema.NonEmptyString },
  ReportHotlineOutcome: { ...base, outcome: Note, solvedByGrid: Schema.Boolean },
  /** Escalate one level (or as far as the policy's skip rule allows). `fromLevel` makes retries idempotent. */
  EscalateCase: {
    ...base,
    fromLevel: Level,
    reason: Schema.Literals(["overdue", "requested", "manual"]),
    note: Schema.optional(Note),
  },
  /** A supervisor hands a case back down (to any lower level). */
  DeEscalateCase: { ...base, fromLevel: Level, toLevel: Level, reason: Note },
}).annotate({ identifier: "CaseCommand" })
export type CaseCommand = typeof CaseCommand.Type
/** The name of a case command, e.g. `"DispatchCase"`. */
export type CaseCommandTag = CaseCommand["_tag"]
/** The case command with this tag, e.g. `CaseCommandOf<"DispatchCase">`. */
export type CaseCommandOf<T extends CaseCommandTag> = Extract<CaseCommand, { readonly _tag: T }>
