import { emit } from "../../internal/decision.ts"
import { deadlineAfter } from "../../policy/time-limit.ts"
import { toShanghaiIso } from "../../shared/instant.ts"
import { type CaseDecisionOf, refuse, stamp } from "./decision.ts"

/**
 * 核查: passed, or failed and sent back to handling (重办). Checked by someone other than the
 * handler who reported the result — the supervision side or the reporter (docs/domain.md#rule-verification).
 */
export const verify: CaseDecisionOf<"VerifyCase"> = (command, c) => {
  const handler = c.assignee?._tag === "person" ? c.assignee.personId : undefined
  if (command.by === c.resolvedBy || command.by === handler) {
    return refuse(command, "verifierIsHandler", "the result is checked by someone other than its handler")
  }
  return command.passed
    ? emit({ _tag: "VerificationPassed", ...stamp(command), note: command.note })
    : emit({ _tag: "VerificationFailed", ...stamp(command), note: command.note })
}

/** 结案, without a verdict: the reporter's follows at the call-back (`followUp`). */
export const close: CaseDecisionOf<"CloseCase"> = (command) =>
  emit({ _tag: "CaseClosed", ...stamp(command), note: command.note })

/** 回访: the call-back after closing records the reporter's verdict, once. */
export const followUp: CaseDecisionOf<"FollowUpCase"> = (command, c) =>
  c.satisfaction === undefined
    ? emit({
        _tag: "CaseFollowedUp",
        ...stamp(command),
        satisfaction: command.satisfaction,
        note: command.note,
      })
    : refuse(command, "alreadyFollowedUp", `the reporter's verdict is in already (${c.satisfaction})`)

/** 发回重办: only an unsatisfied verdict reopens a case, and only within the policy's window. */
export const reopen: CaseDecisionOf<"ReopenCase"> = (command, c, { policy, calendar }) => {
  if (c.satisfaction !== "unsatisfied") {
    return refuse(command, "notUnsatisfied", "only a case closed with an unsatisfied verdict can be reopened")
  }
  const closedAt = c.steps.whole.endedAt ?? c.lastAt
  const windowEnd = deadlineAfter(calendar, closedAt, policy.data.reopenWindow)
  if (command.at > windowEnd) {
    return refuse(command, "reopenWindowExpired", `the reopen window ended at ${toShanghaiIso(windowEnd)}`)
  }
  return emit({ _tag: "CaseReopened", ...stamp(command), reason: command.reason })
}
