import { Result } from "effect"
import type { WorkingCalendar } from "../calendar/calendar.ts"
import { OutsideCalendarError } from "../calendar/calendar.ts"
import type { EscalationPolicy } from "../policy/policy.ts"
import { deadlineAfter } from "../policy/time-limit.ts"
import type { Decider } from "../shared/decider.ts"
import { toShanghaiIso } from "../shared/instant.ts"
import { isTopLevel, levelAbove, levelRank } from "../shared/level.ts"
import type { CaseCommand, CaseCommandOf } from "./commands.ts"
import { type CaseError, type CaseRule, CaseRuleViolated, IllegalCaseTransition } from "./errors.ts"
import { levelDeadline } from "./escalation-due.ts"
import type { CaseEvent } from "./events.ts"
import { evolveCase } from "./evolve.ts"
import { type CaseState, initialCaseState, type OpenedCase } from "./state.ts"
import { isAllowed } from "./transitions.ts"

/** What case decisions need besides the command and the state: the policy and the calendar. */
export interface CaseDeciderConfig {
  readonly policy: EscalationPolicy
  readonly calendar: WorkingCalendar
}

type Decision = Result.Result<ReadonlyArray<CaseEvent>, CaseError>

const emit = (...events: ReadonlyArray<CaseEvent>): Decision => Result.succeed(events)

const refuse = (command: CaseCommand, rule: CaseRule, detail: string): Decision =>
  Result.fail(new CaseRuleViolated({ caseId: command.caseId, command: command._tag, rule, detail }))

/** The fields every event copies from its command. */
const stamp = (command: CaseCommand) => ({ caseId: command.caseId, at: command.at, by: command.by })

/** Copies a report's payload into the `CaseReported` fact (minus the command's own fields). */
const reported = (command: CaseCommandOf<"ReportCase" | "RecordSelfHandledCase">): CaseEvent => {
  const { _tag, ...fields } = command
  if ("result" in fields) {
    const { result: _, ...report } = fields
    return { _tag: "CaseReported", ...report }
  }
  return { _tag: "CaseReported", ...fields }
}

/** Decisions for a case that exists, once status, identity and clock have been checked. */
const decideExisting = (config: CaseDeciderConfig, command: CaseCommand, c: OpenedCase): Decision => {
  const { policy, calendar } = config
  const s = stamp(command)
  switch (command._tag) {
    case "ReportCase":
    case "RecordSelfHandledCase":
      return refuse(command, "caseAlreadyExists", `case ${c.caseId} was reported already`)
    case "AuditSelfHandledCase":
      return emit({ _tag: "SelfHandlingAudited", ...s, passed: command.passed, note: command.note })
    case "RegisterCase":
      return emit({ _tag: "CaseRegistered", ...s })
    case "RejectCase":
      if (
        command.reason === "duplicate" &&
        (command.duplicateOf === undefined || command.duplicateOf === c.caseId)
      ) {
        return refuse(command, "duplicateNeedsOriginal", "a duplicate must name the other case it repeats")
      }
      return emit({
        _tag: "CaseRejected",
        ...s,
        reason: command.reason,
        duplicateOf: command.duplicateOf,
        note: command.note,
      })
    case "DispatchCase":
      return emit({ _tag: "CaseDispatched", ...s, assignee: command.assignee, note: command.note })
    case "AcknowledgeCase":
      return emit({ _tag: "CaseAcknowledged", ...s })
    case "SendBackCase":
      return emit({ _tag: "CaseSentBack", ...s, reason: command.reason })
    case "StartHandling":
      return emit({ _tag: "HandlingStarted", ...s })
    case "AddProgressNote":
      return emit({ _tag: "ProgressNoted", ...s, note: command.note })
    case "RequestExtension": {
      if (c.pending !== undefined)
        return refuse(command, "requestPending", `a ${c.pending.kind} request is pending`)
      const { maxCount, maxMinutes } = policy.data.extensions
      if (c.extensionsGranted >= maxCount) {
        return refuse(command, "extensionLimitReached", `at most ${maxCount} extension(s) per case`)
      }
      if (command.minutes > maxMinutes) {
        return refuse(command, "extensionTooLong", `an extension is at most ${maxMinutes} minutes`)
      }
      return emit({ _tag: "ExtensionRequested", ...s, minutes: command.minutes, reason: command.reason })
    }
    case "RequestVoid":
    case "RequestShelve":
      if (c.pending !== undefined)
        return refuse(command, "requestPending", `a ${c.pending.kind} request is pending`)
      return command._tag === "RequestVoid"
        ? emit({ _tag: "VoidRequested", ...s, reason: command.reason })
        : emit({ _tag: "ShelveRequested", ...s, reason: command.reason })
    case "ApproveRequest":
    case "DenyRequest": {
      const pending = c.pending
      if (pending === undefined || pending.kind !== command.kind) {
        return refuse(command, "noPendingRequest", `no ${command.kind} request is waiting`)
      }
      if (pending.by === command.by) {
        return refuse(command, "selfApproval", "a request is decided by someone other than its requester")
      }
      if (command._tag === "DenyRequest") {
        const denied = { ...s, reason: command.reason }
        if (pending.kind === "extension") return emit({ _tag: "ExtensionDenied", ...denied })
        return pending.kind === "void"
          ? emit({ _tag: "VoidDenied", ...denied })
          : emit({ _tag: "ShelveDenied", ...denied })
      }
      const approved = { ...s, note: command.note }
      if (pending.kind === "extension")
        return emit({ _tag: "ExtensionGranted", ...approved, minutes: pending.minutes })
      return pending.kind === "void"
        ? emit({ _tag: "CaseVoided", ...approved })
        : emit({ _tag: "CaseShelved", ...approved })
    }
    case "RestoreCase":
      return emit({ _tag: "CaseRestored", ...s, note: command.note })
    case "HoldCase":
      return emit({ _tag: "CaseHeld", ...s, reason: command.reason })
    case "ResumeCase":
      return emit({ _tag: "CaseResumed", ...s })
    case "ResolveCase":
      return emit({ _tag: "CaseResolved", ...s, result: command.result })
    case "VerifyCase":
      return command.passed
        ? emit({ _tag: "VerificationPassed", ...s, note: command.note })
        : emit({ _tag: "VerificationFailed", ...s, note: command.note })
    case "CloseCase":
      return emit({ _tag: "CaseClosed", ...s, satisfaction: command.satisfaction, note: command.note })
    case "ReopenCase": {
      if (c.satisfaction !== "unsatisfied") {
        return refuse(
          command,
          "notUnsatisfied",
          "only a case closed with an unsatisfied verdict can be reopened",
        )
      }
      const closedAt = c.steps.whole.endedAt ?? c.lastAt
      const windowEnd = deadlineAfter(calendar, closedAt, policy.data.reopenWindow)
      if (command.at > windowEnd) {
        return refuse(
          command,
          "reopenWindowExpired",
          `the reopen window ended at ${toShanghaiIso(windowEnd)}`,
        )
      }
      return emit({ _tag: "CaseReopened", ...s, reason: command.reason })
    }
    case "MergeCase":
      if (command.into === c.caseId)
        return refuse(command, "cannotMergeIntoItself", "a case cannot absorb itself")
      return emit({ _tag: "CaseMerged", ...s, into: command.into })
    case "SuperviseCase":
      return emit({ _tag: "CaseSupervised", ...s, note: command.note })
    case "LinkHotlineTicket":
      if (c.hotlineTicketId !== undefined) {
        return refuse(command, "hotlineAlreadyLinked", `already linked to ticket ${c.hotlineTicketId}`)
      }
      return emit({ _tag: "HotlineTicketLinked", ...s, ticketId: command.ticketId })
    case "ReportHotlineOutcome":
      if (c.hotlineTicketId === undefined)
        return refuse(command, "hotlineNotLinked", "no 12345 ticket is linked")
      if (c.hotlineOutcomeReported) {
        return refuse(
          command,
          "hotlineOutcomeAlreadyReported",
          "the outcome was reported to the hotline already",
        )
      }
      return emit({
        _tag: "HotlineOutcomeReported",
        ...s,
        outcome: command.outcome,
        solvedByGrid: command.solvedByGrid,
      })
    case "EscalateCase": {
      if (command.fromLevel !== c.level) {
        return refuse(command, "staleLevel", `the case is at ${c.level}, not ${command.fromLevel}`)
      }
      // A level skip (越级) is the policy's answer to a deadline missed on an urgent case; a
      // worker asking for help, or a supervisor's hand, goes to the level right above.
      const to =
        command.reason === "overdue"
          ? policy.escalationTarget(c.category, c.urgency, c.level)
          : levelAbove(c.level)
      if (to === undefined || isTopLevel(c.level)) {
        return refuse(command, "atTopLevel", `${c.level} is the top of the ladder`)
      }
      if (command.reason === "overdue") {
        const due = levelDeadline(c, policy, calendar)
        if (command.at <= due) return refuse(command, "notOverdue", `due at ${toShanghaiIso(due)}`)
      }
      return emit({
        _tag: "CaseEscalated",
        ...s,
        from: c.level,
        to,
        reason: command.reason,
        note: command.note,
      })
    }
    case "DeEscalateCase":
      if (command.fromLevel !== c.level) {
        return refuse(command, "staleLevel", `the case is at ${c.level}, not ${command.fromLevel}`)
      }
      if (levelRank(command.toLevel) >= levelRank(c.level)) {
        return refuse(command, "notBelowCurrentLevel", `${command.toLevel} is not below ${c.level}`)
      }
      return emit({
        _tag: "CaseDeEscalated",
        ...s,
        from: c.level,
        to: command.toLevel,
        reason: command.reason,
      })
  }
}

/**
 * Decides a case command (the pure heart of the loop). Checks, in order: the status allows the
 * command (else `IllegalCaseTransition`), the command targets this case and is not dated
 * before the case's last event, then the command's own rules (`CaseRuleViolated`).
 */
export const decideCase = (config: CaseDeciderConfig, command: CaseCommand, state: CaseState): Decision => {
  const status = state.exists ? state.status : "none"
  if (!isAllowed(command._tag, status)) {
    return Result.fail(new IllegalCaseTransition({ caseId: command.caseId, command: command._tag, status }))
  }
  if (!state.exists) {
    return command._tag === "RecordSelfHandledCase"
      ? emit(reported(command), { _tag: "CaseSelfHandled", ...stamp(command), result: command.result })
      : emit(reported(command as CaseCommandOf<"ReportCase">))
  }
  if (command.caseId !== state.caseId) {
    return refuse(command, "caseIdMismatch", `this stream holds case ${state.caseId}`)
  }
  if (command.at < state.lastAt) {
    return refuse(command, "clockWentBackwards", `the case's last event is at ${toShanghaiIso(state.lastAt)}`)
  }
  try {
    return decideExisting(config, command, state)
  } catch (error) {
    if (error instanceof OutsideCalendarError) return refuse(command, "outsideCalendar", error.message)
    throw error
  }
}

/** The case decider for a policy and calendar. */
export const makeCaseDecider = (
  config: CaseDeciderConfig,
): Decider<CaseCommand, CaseEvent, CaseState, CaseError> => ({
  decide: (command, state) => decideCase(config, command, state),
  evolve: evolveCase,
  initialState: initialCaseState,
})
