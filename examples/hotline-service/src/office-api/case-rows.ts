import { Authorization, Case, Instant as I, type Instant, type Territory } from "@gridcase/core"
import { type CaseIndex, CaseLights } from "@gridcase/projections"
import { Result } from "effect"
import { waitingFor } from "../vocabulary.ts"

/** A case as a list row: its summary, its lights and what it waits for. */
export interface CaseRow {
  readonly caseId: string
  readonly status: Case.Status
  readonly level: string
  readonly category: string
  readonly source: string
  readonly urgency: string
  readonly gridId: string
  readonly address: string | null
  readonly description: string
  readonly reportedAt: string
  readonly lastAt: string
  readonly assignee: Case.Assignee | null
  readonly pending: { readonly kind: string; readonly by: string } | null
  readonly lights: ReadonlyArray<{
    readonly step: Case.Step
    readonly light: Case.Light
    readonly dueAt: string
  }>
  /** Open with some step red (超期): `CaseLights.isOverdue`, as the dashboard counts it. */
  readonly overdue: boolean
  readonly waitingFor: string | null
  /** The open supervision notice (督办单) and when its answer (督办回复) is due; null when none waits. */
  readonly supervision: {
    readonly reason: Case.SupervisionReason
    readonly responder: Case.Assignee
    readonly by: string
    readonly at: string
    readonly dueAt: string | null
    readonly light: Case.Light | null
  } | null
}

/** A to-do row (待办): the case, and what of it is the caller's to do — its next step, the notice's answer. */
export interface TodoRow extends CaseRow {
  readonly due: ReadonlyArray<string>
}

/** What a to-do row names for an open supervision notice the caller must answer. */
export const ANSWER_SUPERVISION = "answerSupervision"

/**
 * What a to-do row names when a step the caller holds was reminded (催办) past its deadline and
 * no reason is on record (报告说明理由): without one, the written criticism (通报批评) follows.
 */
export const EXPLAIN_DELAY = "explainDelay"

export const rowOf = (entry: CaseIndex.Entry, now: Instant.Instant, config: Case.DeciderConfig): CaseRow => {
  const c = entry.case
  const { timers, overdue } = CaseLights.lit(c, now, config)
  const notice = Case.isSupervisionOpen(c) ? c.supervision : undefined
  const noticeTimer = timers.find((timer) => timer.step === "supervision")
  return {
    caseId: c.caseId,
    status: c.status,
    level: c.level,
    category: c.category,
    source: c.source,
    urgency: c.urgency,
    gridId: c.location.gridId,
    address: c.location.address ?? null,
    description: entry.description,
    reportedAt: I.toShanghaiIso(c.steps.whole.startedAt),
    lastAt: I.toShanghaiIso(c.lastAt),
    assignee: c.assignee ?? null,
    pending: c.pending === undefined ? null : { kind: c.pending.kind, by: c.pending.by },
    lights: timers.map((timer) => ({
      step: timer.step,
      light: timer.light,
      dueAt: I.toShanghaiIso(timer.dueAt),
    })),
    overdue,
    waitingFor: waitingFor(c) ?? null,
    supervision:
      notice === undefined
        ? null
        : {
            reason: notice.reason,
            responder: notice.responder,
            by: notice.by,
            at: I.toShanghaiIso(notice.at),
            // No timer when the deadline lies past the calendar's known years (see CaseLights.stepLights).
            dueAt: noticeTimer === undefined ? null : I.toShanghaiIso(noticeTimer.dueAt),
            light: noticeTimer?.light ?? null,
          },
  }
}

/**
 * The command that would take a case its next step, issued by `personId` — to ask the rules
 * whether that step is theirs. Undefined when the case waits for nothing.
 */
const nextCommand = (c: Case.OpenedCase, by: string, at: Instant.Instant): Case.Command | undefined => {
  const base = { caseId: c.caseId, at, by }
  if (c.pending !== undefined) return { _tag: "ApproveRequest", ...base, kind: c.pending.kind }
  switch (waitingFor(c)) {
    case "register":
      return { _tag: "RegisterCase", ...base }
    case "dispatch":
      return { _tag: "DispatchCase", ...base, assignee: { _tag: "person", personId: by } }
    case "acknowledge":
      return { _tag: "AcknowledgeCase", ...base }
    case "resolve":
      return { _tag: "ResolveCase", ...base, result: "—" }
    case "resume":
      return { _tag: "ResumeCase", ...base }
    case "verify":
      return { _tag: "VerifyCase", ...base, passed: true }
    case "close":
      return { _tag: "CloseCase", ...base }
    case "followUp":
      // Any verdict: the rules ask who may call back, not what the reporter says.
      return { _tag: "FollowUpCase", ...base, satisfaction: "satisfied" }
    case "audit":
      return { _tag: "AuditSelfHandledCase", ...base, passed: true }
    case "restore":
      return { _tag: "RestoreCase", ...base }
    default:
      return undefined
  }
}

/** Whether the authorization rules would let this person issue the command, as they would decide it. */
const mayIssue = (territory: Territory.State, personId: string, command: Case.Command, c: Case.OpenedCase) =>
  Result.isSuccess(
    Authorization.authorize(
      Authorization.actorIn(territory, personId),
      command,
      Authorization.caseTarget(territory, command, c),
    ),
  )

/**
 * Whether a step of the case, reminded of its deadline (催办), waits for this person's reason for
 * the delay: the case's own rules would take one now (the step runs past that deadline, none is on
 * record) and the authorization rules let this person give it (they hold the step).
 */
const owesExplanation = (
  territory: Territory.State,
  personId: string,
  c: Case.OpenedCase,
  now: Instant.Instant,
  config: Case.DeciderConfig,
): boolean =>
  Case.Step.literals.some((step) => {
    if (c.remindedOf[step] === undefined) return false
    const explain: Case.Command = {
      _tag: "ExplainDelay",
      caseId: c.caseId,
      at: now,
      by: personId,
      step,
      reason: "—",
    }
    return Result.isSuccess(Case.decide(config, explain, c)) && mayIssue(territory, personId, explain, c)
  })

/**
 * What of a case is this person's to do (待办): its next step — or the approval it waits for —
 * when the rules would let them take it, the answer (督办回复) to an open supervision notice
 * when they are its responder (in person, by their department or the unit they staff), and the
 * reason for a reminded delay of a step they hold. Empty when nothing is theirs.
 */
export const dutiesOf = (
  territory: Territory.State,
  personId: string,
  c: Case.OpenedCase,
  now: Instant.Instant,
  config: Case.DeciderConfig,
): ReadonlyArray<string> => {
  const step = waitingFor(c)
  const next = nextCommand(c, personId, now)
  const answer: Case.Command = {
    _tag: "AnswerSupervision",
    caseId: c.caseId,
    at: now,
    by: personId,
    note: "—",
  }
  return [
    ...(step !== undefined && next !== undefined && mayIssue(territory, personId, next, c) ? [step] : []),
    ...(Case.isSupervisionOpen(c) && mayIssue(territory, personId, answer, c) ? [ANSWER_SUPERVISION] : []),
    ...(owesExplanation(territory, personId, c, now, config) ? [EXPLAIN_DELAY] : []),
  ]
}
