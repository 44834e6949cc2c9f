import { Result } from "effect"
import type { WorkingCalendar } from "../calendar/calendar.ts"
import { OutsideCalendarError } from "../calendar/calendar.ts"
import { type Decisions, dispatch, emit, misaddressed } from "../internal/decision.ts"
import type { EscalationPolicy } from "../policy/policy.ts"
import type { Decider } from "../shared/decider.ts"
import type { CaseCommand, CaseCommandOf } from "./commands.ts"
import { close, followUp, reopen, verify } from "./decisions/closing.ts"
import { type CaseDecision, refuse, stamp } from "./decisions/decision.ts"
import {
  acknowledge,
  dispatchTo,
  hold,
  noteProgress,
  resolve,
  resume,
  sendBack,
  startHandling,
} from "./decisions/handling.ts"
import { linkTicket, reportOutcome } from "./decisions/hotline.ts"
import { auditSelfHandled, merge, register, reject, reported } from "./decisions/intake.ts"
import {
  answerSupervision,
  criticize,
  deEscalate,
  escalate,
  explainDelay,
  remind,
  supervise,
} from "./decisions/oversight.ts"
import {
  approve,
  deny,
  requestExtension,
  requestSendBack,
  requestShelve,
  requestVoid,
  restore,
} from "./decisions/requests.ts"
import { type CaseError, IllegalCaseTransition } from "./errors.ts"
import type { CaseEvent } from "./events.ts"
import { evolveCase } from "./evolve.ts"
import { type CaseState, initialCaseState, type OpenedCase } from "./state.ts"
import { isAllowed } from "./transitions.ts"

/** What case decisions need besides the command and the state: the policy and the calendar. */
export interface CaseDeciderConfig {
  readonly policy: EscalationPolicy
  readonly calendar: WorkingCalendar
}

/** The commands that open a case (上报, 自处理): the transition table allows them only where none exists. */
type OpeningCommand = CaseCommandOf<"ReportCase" | "RecordSelfHandledCase">

const isOpening = (command: CaseCommand): command is OpeningCommand =>
  command._tag === "ReportCase" || command._tag === "RecordSelfHandledCase"

/** Each command's decision on a case that exists (see `decisions/`, one file per part of the loop). */
const DECISIONS: Decisions<
  Exclude<CaseCommand, OpeningCommand>,
  [OpenedCase, CaseDeciderConfig],
  CaseDecision
> = {
  AuditSelfHandledCase: auditSelfHandled,
  RegisterCase: register,
  RejectCase: reject,
  DispatchCase: dispatchTo,
  AcknowledgeCase: acknowledge,
  SendBackCase: sendBack,
  StartHandling: startHandling,
  AddProgressNote: noteProgress,
  RequestExtension: requestExtension,
  RequestVoid: requestVoid,
  RequestShelve: requestShelve,
  RequestSendBack: requestSendBack,
  ApproveRequest: approve,
  DenyRequest: deny,
  RestoreCase: restore,
  HoldCase: hold,
  ResumeCase: resume,
  ResolveCase: resolve,
  VerifyCase: verify,
  CloseCase: close,
  FollowUpCase: followUp,
  RemindCase: remind,
  ExplainDelay: explainDelay,
  CriticizeCase: criticize,
  ReopenCase: reopen,
  MergeCase: merge,
  SuperviseCase: supervise,
  AnswerSupervision: answerSupervision,
  LinkHotlineTicket: linkTicket,
  ReportHotlineOutcome: reportOutcome,
  EscalateCase: escalate,
  DeEscalateCase: deEscalate,
}

/** The first command of a case: a report, or a report of a case the worker fixed on the spot. */
const open = (command: CaseCommand): CaseDecision =>
  command._tag === "RecordSelfHandledCase"
    ? emit(reported(command), { _tag: "CaseSelfHandled", ...stamp(command), result: command.result })
    : emit(reported(command as CaseCommandOf<"ReportCase">))

/**
 * Decides a case command (the pure heart of the loop). Checks, in order: the status allows the
 * command (else `IllegalCaseTransition`), the command targets this case and is not dated
 * before the case's last event, then the command's own rules (`CaseRuleViolated`). A deadline
 * that would fall outside the calendar's years is refused as `outsideCalendar`, never guessed.
 */
export const decideCase = (
  config: CaseDeciderConfig,
  command: CaseCommand,
  state: CaseState,
): Result.Result<ReadonlyArray<CaseEvent>, CaseError> => {
  const status = state.exists ? state.status : "none"
  if (!isAllowed(command._tag, status)) {
    return Result.fail(new IllegalCaseTransition({ caseId: command.caseId, command: command._tag, status }))
  }
  // The table lets an opening command through only where no case exists, and only an opening
  // command there: a second report of a case is the IllegalCaseTransition above.
  if (!state.exists || isOpening(command)) return open(command)
  const wrong = misaddressed(
    command,
    command.caseId,
    { id: state.caseId, lastAt: state.lastAt },
    "case",
    "caseIdMismatch",
  )
  if (wrong !== undefined) return refuse(command, wrong.rule, wrong.detail)
  try {
    return dispatch(DECISIONS, command, state, config)
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
