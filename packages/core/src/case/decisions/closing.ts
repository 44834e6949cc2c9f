import { emit } from "../../internal/decision.ts"
import { deadlineAfter } from "../../policy/time-limit.ts"
import { toShanghaiIso } from "../../shared/instant.ts"
import { type CaseDecisionOf, refuse, stamp } from "./decision.ts"

/** 核查: passed, or failed and sent back to handling (重办). */
export const verify: CaseDecisionOf<"VerifyCase"> = (command) =>
  command.passed
    ? emit({ _tag: "VerificationPassed", ...stamp(command), note: command.note })
    : emit({ _tag: "VerificationFailed", ...stamp(command), note: command.note })

/** 结案, with the reporter's verdict at the follow-up call (回访). */
export const close: CaseDecisionOf<"CloseCase"> = (command) =>
  emit({ _tag: "CaseClosed", ...stamp(command), satisfaction: command.satisfaction, note: command.note })

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
