import { Calendar, Case, Escalation, Instant, Level } from "@gridcase/core"
import type { Exploration } from "./explore.ts"

/** Tuesday 2026-03-10 09:30 in Shanghai: a working morning well inside the default calendar. */
const START = Date.UTC(2026, 2, 10, 1, 30)
const CASE_ID = "case-1"
const WORKER = "worker-1"
/** Approvals come from someone else than the requester, as the decider demands. */
const SUPERVISOR = "supervisor-1"

const report = {
  caseId: CASE_ID,
  at: START,
  by: WORKER,
  source: "patrol",
  category: "utilities",
  urgency: "normal",
  description: "broken water pipe",
  location: { gridId: "grid-1" },
  level: "microGrid",
} as const

type Examples = { readonly [T in Case.CommandTag]: (c: Case.OpenedCase) => ReadonlyArray<Case.CommandOf<T>> }

/** The common fields of a command on an existing case, a minute after its last event. */
const stamp = (c: Case.OpenedCase, by: string = WORKER) => ({
  caseId: c.caseId,
  at: c.lastAt + Instant.MINUTE,
  by,
})

/** A supervisor's command a month after the case's last event: whatever runs is long past its limit. */
const aMonthOn = (c: Case.OpenedCase) => ({ ...stamp(c, SUPERVISOR), at: c.lastAt + 30 * 24 * Instant.HOUR })

/** The running steps a unit holds (签收, 办理, 督办回复): the ones explained and criticised. */
const heldSteps = (c: Case.OpenedCase): ReadonlyArray<Case.Step> =>
  Case.Step.literals.filter(
    (step) => c.steps[step]?.endedAt === undefined && Case.stepHolder(c, step) !== undefined,
  )

/**
 * Example commands for an existing case, one entry per command so that a new command fails to
 * typecheck here until it has examples. Fields that depend on the case (the level it leaves,
 * the kind of the pending request) are read from the state; variants that lead to different
 * events (a passed or failed verification) are both listed.
 */
const EXAMPLES: Examples = {
  // Only a case that does not exist yet takes a report: see OPENING.
  ReportCase: () => [],
  RecordSelfHandledCase: () => [],
  AuditSelfHandledCase: (c) =>
    [true, false].map((passed) => ({ ...stamp(c, SUPERVISOR), _tag: "AuditSelfHandledCase", passed })),
  RegisterCase: (c) => [{ ...stamp(c), _tag: "RegisterCase" }],
  RejectCase: (c) => [{ ...stamp(c), _tag: "RejectCase", reason: "notAProblem" }],
  DispatchCase: (c) => [
    { ...stamp(c), _tag: "DispatchCase", assignee: { _tag: "person", personId: "worker-2" } },
  ],
  AcknowledgeCase: (c) => [{ ...stamp(c), _tag: "AcknowledgeCase" }],
  SendBackCase: (c) => [{ ...stamp(c), _tag: "SendBackCase", reason: "not ours" }],
  StartHandling: (c) => [{ ...stamp(c), _tag: "StartHandling" }],
  AddProgressNote: (c) => [{ ...stamp(c), _tag: "AddProgressNote", note: "on site" }],
  RequestExtension: (c) => [
    { ...stamp(c), _tag: "RequestExtension", minutes: 60, reason: "waiting for parts" },
  ],
  RequestVoid: (c) => [{ ...stamp(c), _tag: "RequestVoid", reason: "entered twice" }],
  RequestShelve: (c) => [{ ...stamp(c), _tag: "RequestShelve", reason: "awaiting budget" }],
  RequestSendBack: (c) => [{ ...stamp(c), _tag: "RequestSendBack", reason: "not our remit" }],
  ApproveRequest: (c) => [
    { ...stamp(c, SUPERVISOR), _tag: "ApproveRequest", kind: c.pending?.kind ?? "void" },
  ],
  DenyRequest: (c) => [
    { ...stamp(c, SUPERVISOR), _tag: "DenyRequest", kind: c.pending?.kind ?? "void", reason: "no" },
  ],
  RestoreCase: (c) => [{ ...stamp(c), _tag: "RestoreCase" }],
  HoldCase: (c) => [{ ...stamp(c), _tag: "HoldCase", reason: "resident away" }],
  ResumeCase: (c) => [{ ...stamp(c), _tag: "ResumeCase" }],
  ResolveCase: (c) => [{ ...stamp(c), _tag: "ResolveCase", result: "pipe replaced" }],
  VerifyCase: (c) => [true, false].map((passed) => ({ ...stamp(c, SUPERVISOR), _tag: "VerifyCase", passed })),
  CloseCase: (c) => [{ ...stamp(c), _tag: "CloseCase" }],
  FollowUpCase: (c) =>
    (["satisfied", "unsatisfied"] as const).map((satisfaction) => ({
      ...stamp(c, SUPERVISOR),
      _tag: "FollowUpCase",
      satisfaction,
    })),
  // A month on, some running step is past its limit: the reminder has something to press on —
  // the case as a whole, and each step a unit holds, which a criticism may follow.
  RemindCase: (c) => [
    { ...aMonthOn(c), _tag: "RemindCase", note: "overdue" },
    ...heldSteps(c).map((step) => ({ ...aMonthOn(c), _tag: "RemindCase" as const, note: "overdue", step })),
  ],
  ExplainDelay: (c) =>
    heldSteps(c).map((step) => ({
      ...aMonthOn(c),
      by: WORKER,
      _tag: "ExplainDelay",
      step,
      reason: "no parts",
    })),
  // A month after a reminder, its step still late: 5 working days have long run since its deadline.
  CriticizeCase: (c) =>
    heldSteps(c).map((step) => ({ ...aMonthOn(c), _tag: "CriticizeCase", step, note: "通报批评" })),
  ReopenCase: (c) => [{ ...stamp(c), _tag: "ReopenCase", reason: "still leaking" }],
  MergeCase: (c) => [{ ...stamp(c), _tag: "MergeCase", into: "case-0" }],
  // A notice to the party the case is with: its assignee, or before dispatch its owner level's unit.
  SuperviseCase: (c) => [
    {
      ...stamp(c, SUPERVISOR),
      _tag: "SuperviseCase",
      reason: "sensitive",
      responder: c.assignee ?? { _tag: "unit", level: c.level, unitId: `${c.level}-office` },
      note: "hurry",
    },
  ],
  AnswerSupervision: (c) => [{ ...stamp(c), _tag: "AnswerSupervision", note: "in hand" }],
  LinkHotlineTicket: (c) => [{ ...stamp(c), _tag: "LinkHotlineTicket", ticketId: "12345-1" }],
  ReportHotlineOutcome: (c) => [
    { ...stamp(c), _tag: "ReportHotlineOutcome", outcome: "solved", solvedByGrid: true },
  ],
  // Asking for help escalates without waiting for a deadline, so no clock has to run out here.
  EscalateCase: (c) => [{ ...stamp(c), _tag: "EscalateCase", fromLevel: c.level, reason: "requested" }],
  DeEscalateCase: (c) =>
    Level.rank(c.level) === 0
      ? []
      : [
          {
            ...stamp(c, SUPERVISOR),
            _tag: "DeEscalateCase",
            fromLevel: c.level,
            toLevel: "microGrid",
            reason: "local",
          },
        ],
}

/** The loop's order, then the side branches and the ends; a new status must be placed here to compile. */
const STATUS_ORDER: { readonly [S in Case.Status]: number } = {
  reported: 1,
  registered: 2,
  dispatched: 3,
  acknowledged: 4,
  inProgress: 5,
  onHold: 6,
  resolved: 7,
  verified: 8,
  closed: 9,
  selfHandled: 10,
  shelved: 11,
  rejected: 12,
  voided: 13,
  merged: 14,
}

const OPENING: ReadonlyArray<Case.Command> = [
  { ...report, _tag: "ReportCase" },
  { ...report, _tag: "RecordSelfHandledCase", result: "fixed on the spot" },
]

/** The case aggregate under the default policy and the Shanghai calendar. */
export const caseExploration: Exploration<Case.Command, Case.Event, Case.State> = {
  decider: Case.makeDecider({ policy: Escalation.defaultPolicy, calendar: Calendar.shanghai }),
  statusOf: (state) => (state.exists ? state.status : "none"),
  keyOf: (state) =>
    state.exists
      ? JSON.stringify([
          state.status,
          state.level,
          state.pending?.kind,
          state.shelvedFrom,
          state.satisfaction,
          state.extensionsAtLevel,
          state.hotlineTicketId !== undefined,
          Case.isSupervisionOpen(state),
          state.hotlineOutcomeReported,
          // A held step reminded of its deadline: only then may a criticism follow.
          heldSteps(state).some((step) => state.remindedOf[step] !== undefined),
        ])
      : "none",
  examples: (state) =>
    state.exists
      ? (
          Object.values(EXAMPLES) as ReadonlyArray<(c: Case.OpenedCase) => ReadonlyArray<Case.Command>>
        ).flatMap((make) => make(state))
      : OPENING,
  allowedFrom: Case.ALLOWED_FROM,
  statusOrder: [
    "none",
    ...Object.keys(STATUS_ORDER).sort(
      (a, b) => STATUS_ORDER[a as Case.Status] - STATUS_ORDER[b as Case.Status],
    ),
  ],
}
