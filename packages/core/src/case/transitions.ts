import type { CaseCommandTag } from "./commands.ts"
import type { CaseStatus } from "./state.ts"

/** A case that does not exist yet. */
export type CaseStatusOrNone = CaseStatus | "none"

const OPEN_BEFORE_RESOLUTION = [
  "reported",
  "registered",
  "dispatched",
  "acknowledged",
  "inProgress",
  "onHold",
] as const
const HANDLING = ["acknowledged", "inProgress", "onHold"] as const
const NOT_TERMINAL = [...OPEN_BEFORE_RESOLUTION, "resolved", "verified", "selfHandled", "shelved"] as const
const TERMINAL = ["closed", "rejected", "voided", "merged"] as const
const ALL = [...NOT_TERMINAL, ...TERMINAL] as const
/**
 * Where a unit is pressed about a deadline (催办, 通报批评) and says why it is late (报告说明理由):
 * any open status but on hold, whose clocks stand still while it waits on something outside the
 * unit's control, shelved, and self-handled (its worker's own fix, awaiting its audit).
 */
const PRESSABLE = [
  "reported",
  "registered",
  "dispatched",
  "acknowledged",
  "inProgress",
  "resolved",
  "verified",
] as const

/**
 * The lifecycle as data: for each command, the statuses in which it may be issued. `decide`
 * refuses anything else with `IllegalCaseTransition`; the docs' state diagram and the
 * "no forbidden state" property test read this same table.
 */
export const ALLOWED_FROM: { readonly [K in CaseCommandTag]: ReadonlyArray<CaseStatusOrNone> } = {
  ReportCase: ["none"],
  RecordSelfHandledCase: ["none"],
  AuditSelfHandledCase: ["selfHandled"],
  RegisterCase: ["reported"],
  RejectCase: ["reported"],
  DispatchCase: ["registered"],
  AcknowledgeCase: ["dispatched"],
  SendBackCase: ["dispatched", "acknowledged"],
  StartHandling: ["acknowledged"],
  AddProgressNote: HANDLING,
  RequestExtension: ["inProgress", "onHold"],
  RequestVoid: NOT_TERMINAL,
  RequestShelve: ["registered", "dispatched", "acknowledged", "inProgress", "onHold"],
  RequestSendBack: ["dispatched", "acknowledged"],
  ApproveRequest: NOT_TERMINAL,
  DenyRequest: NOT_TERMINAL,
  RestoreCase: ["shelved"],
  HoldCase: ["inProgress"],
  ResumeCase: ["onHold"],
  ResolveCase: ["inProgress"],
  VerifyCase: ["resolved"],
  CloseCase: ["verified"],
  FollowUpCase: ["closed"],
  RemindCase: PRESSABLE,
  // The reason for a delay answers a reminder and spares a criticism: it is given where they go.
  ExplainDelay: PRESSABLE,
  CriticizeCase: PRESSABLE,
  ReopenCase: ["closed"],
  MergeCase: OPEN_BEFORE_RESOLUTION,
  SuperviseCase: NOT_TERMINAL,
  // Closing, voiding or merging ends the notice's step: the answer is owed only while the case is open.
  AnswerSupervision: NOT_TERMINAL,
  LinkHotlineTicket: ALL,
  ReportHotlineOutcome: TERMINAL,
  EscalateCase: OPEN_BEFORE_RESOLUTION,
  DeEscalateCase: OPEN_BEFORE_RESOLUTION,
}

/**
 * Where a pending request can still take effect. A request whose case has moved on (an
 * extension asked for while handling, then the case escalated or resolved) lapses: `evolve`
 * drops it, so it neither blocks new requests nor gets approved out of context.
 */
export const APPROVABLE_IN = {
  extension: ["inProgress", "onHold"],
  void: NOT_TERMINAL,
  shelve: ["registered", "dispatched", "acknowledged", "inProgress", "onHold"],
  sendBack: ["dispatched", "acknowledged"],
} as const satisfies Record<string, ReadonlyArray<CaseStatus>>

/** Whether `command` may be issued to a case in `status` (`"none"` before it is reported), per `ALLOWED_FROM`. */
export const isAllowed = (command: CaseCommandTag, status: CaseStatusOrNone): boolean =>
  ALLOWED_FROM[command].includes(status)
