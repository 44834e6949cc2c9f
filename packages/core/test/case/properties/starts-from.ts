import type { CaseCommandTag } from "../../../src/case/commands.ts"
import type { CaseStatus } from "../../../src/case/state.ts"

/** A status of the case, or "none" before its first command. */
export type StatusOrNone = CaseStatus | "none"

/**
 * The statuses each case command may start from, written out by hand from the loop
 * (docs/domain.md#loop) and its exception paths (docs/domain.md#exceptions), one list per
 * command with no shared constants: the oracle of the lifecycle properties. It is kept apart
 * from the production table (`Case.ALLOWED_FROM`) on purpose: a test that takes the code's
 * table as its oracle cannot tell when that table is wrong.
 */
export const STARTS_FROM: { readonly [K in CaseCommandTag]: ReadonlyArray<StatusOrNone> } = {
  // 上报: a report opens a case; a worker's on-the-spot fix (自处理) too, audited later.
  ReportCase: ["none"],
  RecordSelfHandledCase: ["none"],
  AuditSelfHandledCase: ["selfHandled"],
  // 立案 / 不予立案: the supervision centre decides on a report, once.
  RegisterCase: ["reported"],
  RejectCase: ["reported"],
  // 派遣: only a registered case is dispatched.
  DispatchCase: ["registered"],
  // 签收 or 退回: the receiving unit, before it starts handling.
  AcknowledgeCase: ["dispatched"],
  SendBackCase: ["dispatched", "acknowledged"],
  // 处置: the unit that accepted it starts, notes progress, pauses and resumes.
  StartHandling: ["acknowledged"],
  AddProgressNote: ["acknowledged", "inProgress", "onHold"],
  HoldCase: ["inProgress"],
  ResumeCase: ["onHold"],
  // 延期: more time while handling.
  RequestExtension: ["inProgress", "onHold"],
  // 作废: any case not yet ended.
  RequestVoid: [
    "reported",
    "registered",
    "dispatched",
    "acknowledged",
    "inProgress",
    "onHold",
    "resolved",
    "verified",
    "selfHandled",
    "shelved",
  ],
  // 挂账: a registered case that cannot be solved in time, before it is resolved.
  RequestShelve: ["registered", "dispatched", "acknowledged", "inProgress", "onHold"],
  // 退回申请: past the window, the receiving unit asks before it starts handling.
  RequestSendBack: ["dispatched", "acknowledged"],
  RestoreCase: ["shelved"],
  // A supervisor approves or denies a pending request on any case not yet ended.
  ApproveRequest: [
    "reported",
    "registered",
    "dispatched",
    "acknowledged",
    "inProgress",
    "onHold",
    "resolved",
    "verified",
    "selfHandled",
    "shelved",
  ],
  DenyRequest: [
    "reported",
    "registered",
    "dispatched",
    "acknowledged",
    "inProgress",
    "onHold",
    "resolved",
    "verified",
    "selfHandled",
    "shelved",
  ],
  // 办结 → 核查 → 结案, strictly in this order; an unsatisfied reporter reopens a closed case.
  ResolveCase: ["inProgress"],
  VerifyCase: ["resolved"],
  CloseCase: ["verified"],
  // 回访: the call-back follows closing.
  FollowUpCase: ["closed"],
  // 催办: a reminder while the case is still the unit's or awaits its check and closing — not
  // while on hold, when its clocks stand still.
  RemindCase: ["reported", "registered", "dispatched", "acknowledged", "inProgress", "resolved", "verified"],
  // 报告说明理由: the unit holding a late step says why where it may be reminded and criticised.
  ExplainDelay: [
    "reported",
    "registered",
    "dispatched",
    "acknowledged",
    "inProgress",
    "resolved",
    "verified",
  ],
  // 通报批评: the reminder's sequel, where a reminder may go — not on hold or shelved (clocks still).
  CriticizeCase: [
    "reported",
    "registered",
    "dispatched",
    "acknowledged",
    "inProgress",
    "resolved",
    "verified",
  ],
  ReopenCase: ["closed"],
  // A duplicate is merged while the case is still open and unresolved.
  MergeCase: ["reported", "registered", "dispatched", "acknowledged", "inProgress", "onHold"],
  // 督办: pressing on any case not yet ended.
  SuperviseCase: [
    "reported",
    "registered",
    "dispatched",
    "acknowledged",
    "inProgress",
    "onHold",
    "resolved",
    "verified",
    "selfHandled",
    "shelved",
  ],
  // 督办回复: the unit answers a supervision notice while the case is still open; closing,
  // voiding or merging it ends the notice with the case.
  AnswerSupervision: [
    "reported",
    "registered",
    "dispatched",
    "acknowledged",
    "inProgress",
    "onHold",
    "resolved",
    "verified",
    "selfHandled",
    "shelved",
  ],
  // 12345: a ticket may be linked at any time; its outcome is reported once the case has ended.
  LinkHotlineTicket: [
    "reported",
    "registered",
    "dispatched",
    "acknowledged",
    "inProgress",
    "onHold",
    "resolved",
    "verified",
    "selfHandled",
    "shelved",
    "closed",
    "rejected",
    "voided",
    "merged",
  ],
  ReportHotlineOutcome: ["closed", "rejected", "voided", "merged"],
  // 上报 / 升级 and back down: only while the case is open and unresolved.
  EscalateCase: ["reported", "registered", "dispatched", "acknowledged", "inProgress", "onHold"],
  DeEscalateCase: ["reported", "registered", "dispatched", "acknowledged", "inProgress", "onHold"],
}

/** Every status a case can be in, written out by hand: the rows of the table test. */
export const EVERY_STATUS: ReadonlyArray<StatusOrNone> = [
  "none",
  "reported",
  "registered",
  "dispatched",
  "acknowledged",
  "inProgress",
  "onHold",
  "resolved",
  "verified",
  "selfHandled",
  "shelved",
  "closed",
  "rejected",
  "voided",
  "merged",
]

/** Whether the hand-written table lets `command` start from `status`. */
export const startsFrom = (command: CaseCommandTag, status: StatusOrNone): boolean =>
  STARTS_FROM[command].includes(status)
