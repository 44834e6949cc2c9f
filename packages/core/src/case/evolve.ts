import { CaseStep } from "../policy/policy.ts"
import type { Instant } from "../shared/instant.ts"
import type { CaseEvent } from "./events.ts"
import type { CaseState, CaseStatus, OpenedCase, StepSpans } from "./state.ts"
import { APPROVABLE_IN } from "./transitions.ts"

type Step = Exclude<CaseStep, "whole">
/** Every step but the whole case, in the loop's order (the schema's). */
const LOOP_STEPS: ReadonlyArray<Step> = CaseStep.literals.filter((step): step is Step => step !== "whole")

/** Ends the named steps that are running and starts `next` afresh (a step restarts on loop-back). */
const advance = (steps: StepSpans, at: Instant, end: ReadonlyArray<CaseStep>, next?: Step): StepSpans => {
  const changed: Record<string, unknown> = {}
  for (const step of end) {
    const span = steps[step]
    if (span !== undefined && span.endedAt === undefined)
      changed[step] = { startedAt: span.startedAt, endedAt: at }
  }
  if (next !== undefined) changed[next] = { startedAt: at }
  return { ...steps, ...changed } as StepSpans
}

/** Ends every running step, the whole case included (closing, voiding, merging…). */
const finishAll = (steps: StepSpans, at: Instant): StepSpans => advance(steps, at, [...LOOP_STEPS, "whole"])

const update = (c: OpenedCase, changes: Partial<OpenedCase>): OpenedCase =>
  ({ ...c, ...changes }) as OpenedCase

/**
 * A level change (escalation or de-escalation) makes the new owner level responsible: a case
 * already dispatched below goes back to the dispatch queue at the new level.
 */
const changeLevel = (
  c: OpenedCase,
  to: OpenedCase["level"],
  at: Instant,
  escalations: number,
): OpenedCase => {
  // Extensions belong to the handling at the level where they were granted: the new level starts afresh.
  const moved = update(c, {
    level: to,
    levelEnteredAt: at,
    escalations,
    extensionsAtLevel: 0,
    extensionMinutes: 0,
  })
  const handedOut =
    c.status === "dispatched" ||
    c.status === "acknowledged" ||
    c.status === "inProgress" ||
    c.status === "onHold"
  return handedOut
    ? update(moved, {
        status: "registered",
        assignee: undefined,
        steps: advance(c.steps, at, ["acknowledge", "handle"], "dispatch"),
      })
    : moved
}

const open = (event: Extract<CaseEvent, { _tag: "CaseReported" }>): OpenedCase => ({
  exists: true,
  caseId: event.caseId,
  status: "reported",
  category: event.category,
  urgency: event.urgency,
  source: event.source,
  location: event.location,
  reportedBy: event.by,
  lastAt: event.at,
  level: event.level,
  levelEnteredAt: event.at,
  // Intake — verify, register, dispatch — is one hour in total from receipt: both clocks start here.
  steps: {
    whole: { startedAt: event.at },
    register: { startedAt: event.at },
    dispatch: { startedAt: event.at },
  },
  pauses: [],
  extensionsGranted: 0,
  extensionsAtLevel: 0,
  extensionMinutes: 0,
  extensionMinutesTotal: 0,
  selfHandled: false,
  hotlineTicketId: event.hotlineTicketId,
  hotlineOutcomeReported: false,
  reworks: 0,
  sendBacks: 0,
  reopens: 0,
  escalations: 0,
  supervisions: 0,
  reminders: 0,
  remindedOf: {},
  explainedOf: {},
  criticizedOf: {},
})

/** Drops a pending request once the case is somewhere it could no longer take effect. */
const lapseStaleRequest = (state: CaseState): CaseState =>
  state.exists &&
  state.pending !== undefined &&
  !(APPROVABLE_IN[state.pending.kind] as ReadonlyArray<string>).includes(state.status)
    ? { ...state, pending: undefined }
    : state

/** Statuses in which every clock of the case stands still: shelved (挂账) and on hold (暂停). */
const STOPPED: ReadonlySet<CaseStatus> = new Set(["shelved", "onHold"])

/** Opens a pause when the case comes to a stop, closes it when it moves again. */
const trackPauses = (before: CaseState, after: CaseState, at: Instant): CaseState => {
  if (!after.exists) return after
  const wasStopped = before.exists && STOPPED.has(before.status)
  const isStopped = STOPPED.has(after.status)
  if (wasStopped === isStopped) return after
  if (isStopped) return { ...after, pauses: [...after.pauses, { from: at }] }
  const open = after.pauses[after.pauses.length - 1]
  return open === undefined
    ? after
    : { ...after, pauses: [...after.pauses.slice(0, -1), { from: open.from, to: at }] }
}

/**
 * Folds one event into a case. Total and pure: an event the state cannot take (which `decide`
 * never produces) leaves the state unchanged rather than throwing, so replay never crashes.
 */
export const evolveCase = (state: CaseState, event: CaseEvent): CaseState =>
  lapseStaleRequest(trackPauses(state, applyEvent(state, event), event.at))

const applyEvent = (state: CaseState, event: CaseEvent): CaseState => {
  if (!state.exists) return event._tag === "CaseReported" ? open(event) : state
  const at = event.at
  const c: OpenedCase = state.lastAt === at ? state : { ...state, lastAt: at }
  const steps = c.steps
  switch (event._tag) {
    case "CaseReported":
    case "ProgressNoted":
      return c
    case "HandlingStarted":
      return update(c, { status: "inProgress" })
    case "CaseSelfHandled":
      return update(c, {
        status: "selfHandled",
        selfHandled: true,
        steps: advance(steps, at, ["register", "dispatch"], "verify"),
      })
    case "SelfHandlingAudited":
      return event.passed
        ? update(c, { status: "closed", steps: finishAll(steps, at) })
        : update(c, { status: "registered", steps: advance(steps, at, ["verify"], "dispatch") })
    case "CaseRegistered":
      return update(c, { status: "registered", steps: advance(steps, at, ["register"]) })
    case "CaseRejected":
      return update(c, { status: "rejected", rejection: event.reason, steps: finishAll(steps, at) })
    case "CaseDispatched":
      return update(c, {
        status: "dispatched",
        assignee: event.assignee,
        steps: advance(steps, at, ["dispatch"], "acknowledge"),
      })
    case "CaseAcknowledged":
      return update(c, { status: "acknowledged", steps: advance(steps, at, ["acknowledge"], "handle") })
    case "CaseSentBack":
      return update(c, {
        status: "registered",
        assignee: undefined,
        pending: undefined,
        sendBacks: c.sendBacks + 1,
        steps: advance(steps, at, ["acknowledge", "handle"], "dispatch"),
      })
    case "ExtensionRequested":
      return update(c, { pending: { kind: "extension", by: event.by, at, minutes: event.minutes } })
    case "VoidRequested":
      return update(c, { pending: { kind: "void", by: event.by, at, minutes: 0 } })
    case "ShelveRequested":
      return update(c, { pending: { kind: "shelve", by: event.by, at, minutes: 0 } })
    case "SendBackRequested":
      return update(c, { pending: { kind: "sendBack", by: event.by, at, minutes: 0, reason: event.reason } })
    case "ExtensionGranted":
      return update(c, {
        pending: undefined,
        extensionsGranted: c.extensionsGranted + 1,
        extensionsAtLevel: c.extensionsAtLevel + 1,
        extensionMinutes: c.extensionMinutes + event.minutes,
        extensionMinutesTotal: c.extensionMinutesTotal + event.minutes,
      })
    case "ExtensionDenied":
    case "VoidDenied":
    case "ShelveDenied":
    case "SendBackDenied":
      return update(c, { pending: undefined })
    case "CaseVoided":
      return update(c, { status: "voided", pending: undefined, steps: finishAll(steps, at) })
    case "CaseShelved":
      return update(c, { status: "shelved", shelvedFrom: c.status, pending: undefined })
    case "CaseRestored":
      // Time on the shelf (挂账) counts on no clock: the pause it opened closes here.
      return update(c, { status: c.shelvedFrom ?? "registered", shelvedFrom: undefined })
    case "CaseHeld":
      return update(c, { status: "onHold" })
    case "CaseResumed":
      return update(c, { status: "inProgress" })
    case "CaseResolved":
      return update(c, {
        status: "resolved",
        resolvedBy: event.by,
        steps: advance(steps, at, ["handle"], "verify"),
      })
    case "VerificationPassed":
      return update(c, { status: "verified", steps: advance(steps, at, ["verify"]) })
    case "VerificationFailed":
      return update(c, {
        status: "inProgress",
        reworks: c.reworks + 1,
        steps: advance(steps, at, ["verify"], "handle"),
      })
    case "CaseClosed":
      // The call-back (回访) is due from closing: its clock starts here. A closing stored with a
      // verdict (closing took one until the call-back was its own command) had no call-back to time.
      return update(c, {
        status: "closed",
        satisfaction: event.satisfaction,
        steps:
          event.satisfaction === undefined
            ? { ...finishAll(steps, at), followUp: { startedAt: at } }
            : finishAll(steps, at),
      })
    case "CaseFollowedUp":
      return update(c, { satisfaction: event.satisfaction, steps: advance(steps, at, ["followUp"]) })
    case "CaseReminded":
      return update(c, {
        reminders: c.reminders + 1,
        remindedOf: event.step === undefined ? c.remindedOf : { ...c.remindedOf, [event.step]: event.dueAt },
      })
    case "DelayExplained":
      return update(c, { explainedOf: { ...c.explainedOf, [event.step]: event.dueAt } })
    case "CaseCriticized":
      return update(c, { criticizedOf: { ...c.criticizedOf, [event.step]: event.dueAt } })
    case "CaseReopened":
      return update(c, {
        status: "inProgress",
        satisfaction: undefined,
        reopens: c.reopens + 1,
        levelEnteredAt: at,
        steps: { ...steps, whole: { startedAt: steps.whole.startedAt }, handle: { startedAt: at } },
      })
    case "CaseMerged":
      return update(c, { status: "merged", mergedInto: event.into, steps: finishAll(steps, at) })
    case "CaseSupervised":
      // A notice stored before notices named a responder only counts: nobody owes it an answer.
      return event.reason === undefined || event.responder === undefined
        ? update(c, { supervisions: c.supervisions + 1 })
        : update(c, {
            supervisions: c.supervisions + 1,
            supervision: { by: event.by, at, reason: event.reason, responder: event.responder },
            steps: advance(steps, at, [], "supervision"),
          })
    case "SupervisionAnswered":
      return update(c, { steps: advance(steps, at, ["supervision"]) })
    case "HotlineTicketLinked":
      return update(c, { hotlineTicketId: event.ticketId })
    case "HotlineOutcomeReported":
      return update(c, { hotlineOutcomeReported: true })
    case "CaseEscalated":
      return changeLevel(c, event.to, at, c.escalations + 1)
    case "CaseDeEscalated":
      return changeLevel(c, event.to, at, c.escalations)
  }
}
