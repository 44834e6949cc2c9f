import { Result } from "effect"
import { emit } from "../../internal/decision.ts"
import type { CaseCommandOf } from "../commands.ts"
import type { CaseError } from "../errors.ts"
import type { OpenedCase, PendingRequest } from "../state.ts"
import { type CaseDecision, type CaseDecisionOf, refuse, stamp } from "./decision.ts"

/** At most one request waits for a supervisor at a time. */
const busy = (
  command: CaseCommandOf<"RequestExtension" | "RequestVoid" | "RequestShelve" | "RequestSendBack">,
  c: OpenedCase,
) =>
  c.pending === undefined
    ? undefined
    : refuse(command, "requestPending", `a ${c.pending.kind} request is pending`)

/** 延期申请, within the policy's count (per level: a new level's handling starts afresh) and length. */
export const requestExtension: CaseDecisionOf<"RequestExtension"> = (command, c, { policy }) => {
  const { maxCount, maxMinutes } = policy.data.extensions
  return (
    busy(command, c) ??
    (c.extensionsAtLevel >= maxCount
      ? refuse(command, "extensionLimitReached", `at most ${maxCount} extension(s) per level`)
      : command.minutes > maxMinutes
        ? refuse(command, "extensionTooLong", `an extension is at most ${maxMinutes} minutes`)
        : emit({
            _tag: "ExtensionRequested",
            ...stamp(command),
            minutes: command.minutes,
            reason: command.reason,
          }))
  )
}

/** 作废申请. */
export const requestVoid: CaseDecisionOf<"RequestVoid"> = (command, c) =>
  busy(command, c) ?? emit({ _tag: "VoidRequested", ...stamp(command), reason: command.reason })

/** 挂账申请. */
export const requestShelve: CaseDecisionOf<"RequestShelve"> = (command, c) =>
  busy(command, c) ?? emit({ _tag: "ShelveRequested", ...stamp(command), reason: command.reason })

/** 退回申请: past the window, a send-back waits for a supervisor (docs/domain.md#rule-exception-approval). */
export const requestSendBack: CaseDecisionOf<"RequestSendBack"> = (command, c) =>
  busy(command, c) ?? emit({ _tag: "SendBackRequested", ...stamp(command), reason: command.reason })

/** The request a decision answers: the pending one of that kind, decided by someone other than its requester. */
const answerable = (
  command: CaseCommandOf<"ApproveRequest" | "DenyRequest">,
  c: OpenedCase,
): Result.Result<PendingRequest, CaseError> => {
  const pending = c.pending
  if (pending === undefined || pending.kind !== command.kind) {
    return refuse(command, "noPendingRequest", `no ${command.kind} request is waiting`)
  }
  if (pending.by === command.by) {
    return refuse(command, "selfApproval", "a request is decided by someone other than its requester")
  }
  return Result.succeed(pending)
}

/** 审批: grants the pending request — the extension, the void (作废), the shelving (挂账) or the send-back (退回). */
export const approve: CaseDecisionOf<"ApproveRequest"> = (command, c) =>
  Result.flatMap(answerable(command, c), (pending): CaseDecision => {
    const approved = { ...stamp(command), note: command.note }
    switch (pending.kind) {
      case "extension":
        return emit({ _tag: "ExtensionGranted", ...approved, minutes: pending.minutes })
      case "void":
        return emit({ _tag: "CaseVoided", ...approved })
      case "shelve":
        return emit({ _tag: "CaseShelved", ...approved })
      case "sendBack":
        return emit({ _tag: "CaseSentBack", ...stamp(command), reason: pending.reason ?? command.note ?? "" })
    }
  })

/** Turns the pending request down (驳回). */
export const deny: CaseDecisionOf<"DenyRequest"> = (command, c) =>
  Result.flatMap(answerable(command, c), (pending): CaseDecision => {
    const denied = { ...stamp(command), reason: command.reason }
    switch (pending.kind) {
      case "extension":
        return emit({ _tag: "ExtensionDenied", ...denied })
      case "void":
        return emit({ _tag: "VoidDenied", ...denied })
      case "shelve":
        return emit({ _tag: "ShelveDenied", ...denied })
      case "sendBack":
        return emit({ _tag: "SendBackDenied", ...denied })
    }
  })

/** 挂账恢复. */
export const restore: CaseDecisionOf<"RestoreCase"> = (command) =>
  emit({ _tag: "CaseRestored", ...stamp(command), note: command.note })
