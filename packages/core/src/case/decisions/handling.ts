import { emit } from "../../internal/decision.ts"
import { toShanghaiIso } from "../../shared/instant.ts"
import { deadlineAcross } from "../clocks.ts"
import { type CaseDecisionOf, refuse, stamp } from "./decision.ts"

/** 派遣 / 任务分办. */
export const dispatchTo: CaseDecisionOf<"DispatchCase"> = (command) =>
  emit({ _tag: "CaseDispatched", ...stamp(command), assignee: command.assignee, note: command.note })

/** 签收. */
export const acknowledge: CaseDecisionOf<"AcknowledgeCase"> = (command) =>
  emit({ _tag: "CaseAcknowledged", ...stamp(command) })

/**
 * 退回: the receiver sends back, with its reason, what is not its remit — within the policy's
 * window from dispatch (docs/domain.md#rule-shandong-return); past it, a send-back is an exception
 * a supervisor approves (`RequestSendBack`, docs/domain.md#rule-exception-approval).
 */
export const sendBack: CaseDecisionOf<"SendBackCase"> = (command, c, { policy, calendar }) => {
  const receivedAt = c.steps.acknowledge?.startedAt ?? c.lastAt
  const closes = deadlineAcross(calendar, receivedAt, policy.data.sendBackWindow, c.pauses, command.at)
  if (command.at > closes) {
    return refuse(
      command,
      "sendBackWindowClosed",
      `the window to send back closed at ${toShanghaiIso(closes)}; ask a supervisor (RequestSendBack)`,
    )
  }
  return emit({ _tag: "CaseSentBack", ...stamp(command), reason: command.reason })
}

/** 处置 begins. */
export const startHandling: CaseDecisionOf<"StartHandling"> = (command) =>
  emit({ _tag: "HandlingStarted", ...stamp(command) })

/** 处置进展. */
export const noteProgress: CaseDecisionOf<"AddProgressNote"> = (command) =>
  emit({ _tag: "ProgressNoted", ...stamp(command), note: command.note })

/** 暂停: awaiting something outside the handler's control. */
export const hold: CaseDecisionOf<"HoldCase"> = (command) =>
  emit({ _tag: "CaseHeld", ...stamp(command), reason: command.reason })

export const resume: CaseDecisionOf<"ResumeCase"> = (command) =>
  emit({ _tag: "CaseResumed", ...stamp(command) })

/** 办结 / 处理反馈. */
export const resolve: CaseDecisionOf<"ResolveCase"> = (command) =>
  emit({ _tag: "CaseResolved", ...stamp(command), result: command.result })
