import { Case, type Level } from "@gridcase/core"
import { both, LEVEL_LABELS } from "../vocabulary.ts"

/** GeoReport v2 knows two statuses: a request is open until it is dealt with, then closed. */
export type Open311Status = "open" | "closed"

/**
 * FixMyStreet's finer statuses (the `servicerequestupdates` extension), which FMS-speaking
 * clients read to show "investigating", "action scheduled", "fixed"… instead of just "open".
 */
export const FMS_STATUSES = [
  "open",
  "investigating",
  "action_scheduled",
  "in_progress",
  "fixed",
  "closed",
  "duplicate",
  "not_councils_responsibility",
  "no_further_action",
  "internal_referral",
  "reopen",
] as const
export type FmsStatus = (typeof FMS_STATUSES)[number]

/** A case is closed for Open311 once nothing more will be done: closed, rejected, voided or merged. */
export const open311Status = (c: Case.OpenedCase): Open311Status =>
  Case.isTerminal(c.status) ? "closed" : "open"

/**
 * Where the case stands, in FixMyStreet's words. The loop maps onto them step by step:
 * 上报 open → 立案 investigating → 派遣/签收 action scheduled (a department: internal referral)
 * → 处置 in progress → 办结/核查 fixed → 结案 closed; 不予立案 splits by reason.
 */
export const fmsStatusOf = (c: Case.OpenedCase): FmsStatus => {
  switch (c.status) {
    case "reported":
      return "open"
    case "registered":
      return "investigating"
    case "dispatched":
      return c.assignee?._tag === "department" ? "internal_referral" : "action_scheduled"
    case "acknowledged":
    case "shelved": // 挂账: parked until money or a tender comes through, still planned
      return "action_scheduled"
    case "inProgress":
    case "onHold":
      return "in_progress"
    case "resolved":
    case "verified":
    case "selfHandled":
      return "fixed"
    case "closed":
      return "closed"
    case "rejected":
      return c.rejection === "duplicate"
        ? "duplicate"
        : c.rejection === "outOfScope"
          ? "not_councils_responsibility"
          : "no_further_action"
    case "voided":
      return "no_further_action"
    case "merged":
      return "duplicate"
  }
}

/** "网格 grid": a level as the public notes name it. */
const levelLabel = (level: Level.Level): string => both(LEVEL_LABELS[level])

/** The public note of one step of a case, or undefined for bookkeeping the public does not see. */
const noteOf = (event: Case.Event): string | undefined => {
  switch (event._tag) {
    case "CaseReported":
      return "已受理 — received"
    case "CaseSelfHandled":
      return event.result
    case "SelfHandlingAudited":
      return event.note ?? (event.passed ? "核查通过 — checked" : "核查未通过，重新派遣 — to be redone")
    case "CaseRegistered":
      return "已立案 — registered"
    case "CaseRejected":
      return event.note ?? `不予立案 — not taken up (${event.reason})`
    case "CaseDispatched":
      return event.note ?? "已派遣 — dispatched"
    case "CaseAcknowledged":
      return "已签收 — accepted by the handler"
    case "CaseSentBack":
      return "退回重新派遣 — to be dispatched again"
    case "HandlingStarted":
      return "处置中 — work started"
    case "ProgressNoted":
      return event.note
    case "ExtensionGranted":
      return event.note ?? "延期已批准 — more time granted"
    case "CaseVoided":
      return event.note ?? "已作废 — withdrawn"
    case "CaseShelved":
      return event.note ?? "挂账 — parked until it can be done"
    case "CaseRestored":
      return event.note ?? "恢复办理 — resumed"
    case "CaseHeld":
      return event.reason
    case "CaseResumed":
      return "继续处置 — work resumed"
    case "CaseResolved":
      return event.result
    case "VerificationPassed":
      return event.note ?? "核查通过 — fix checked"
    case "VerificationFailed":
      return event.note ?? "核查未通过，返工 — fix not accepted, redone"
    case "CaseClosed":
      return event.note ?? "已结案 — closed"
    case "CaseReopened":
      return event.reason
    case "CaseMerged":
      return `与 ${event.into} 合并 — merged as a duplicate`
    case "CaseEscalated":
      return `上报至${levelLabel(event.to)} — passed up`
    case "CaseDeEscalated":
      return `下派至${levelLabel(event.to)} — handed down`
    case "ExtensionRequested":
    case "ExtensionDenied":
    case "VoidRequested":
    case "VoidDenied":
    case "ShelveRequested":
    case "ShelveDenied":
    case "SendBackRequested":
    case "SendBackDenied":
    case "CaseSupervised":
    case "SupervisionAnswered":
    case "CaseReminded":
    case "DelayExplained":
    case "CaseCriticized":
    case "CaseFollowedUp":
    case "HotlineTicketLinked":
    case "HotlineOutcomeReported":
      return undefined
  }
}

/** One entry of `servicerequestupdates`: what a step of the case tells the public. */
export interface RequestUpdate {
  /** The stored event's id: unique and stable, as FixMyStreet wants update ids to be. */
  readonly updateId: string
  readonly at: number
  readonly status: FmsStatus
  readonly description: string
}

/**
 * The public update an event makes, given the case after it, or undefined when the event is
 * internal bookkeeping (requests awaiting approval, supervision, hotline paperwork).
 * Moving a case between levels is an internal referral whatever its status.
 */
export const updateOf = (
  event: Case.Event,
  after: Case.OpenedCase,
  updateId: string,
): RequestUpdate | undefined => {
  const description = noteOf(event)
  if (description === undefined) return undefined
  const status: FmsStatus =
    event._tag === "CaseEscalated" || event._tag === "CaseDeEscalated"
      ? "internal_referral"
      : event._tag === "CaseReopened"
        ? "reopen"
        : fmsStatusOf(after)
  return { updateId, at: event.at, status, description }
}

export const levelName = (level: Case.OpenedCase["level"]): string => levelLabel(level)
