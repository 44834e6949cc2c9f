import { Schema } from "effect"

/**
 * A command that the case's current status does not allow, e.g. resolving a case that was
 * never acknowledged. Names the command and the status so the message explains itself.
 */
export class IllegalCaseTransition extends Schema.TaggedError<IllegalCaseTransition>()(
  "IllegalCaseTransition",
  {
    caseId: Schema.String,
    command: Schema.String,
    status: Schema.String,
  },
) {
  override get message(): string {
    return `${this.command} is not allowed when case ${this.caseId} is ${this.status}`
  }
}

/** The business rules a command can break even when the status allows it. */
export const CaseRule = Schema.Literals([
  "caseIdMismatch",
  "clockWentBackwards",
  "duplicateNeedsOriginal",
  "requestPending",
  "noPendingRequest",
  "selfApproval",
  "sendBackWindowClosed",
  "verifierIsHandler",
  "extensionLimitReached",
  "extensionTooLong",
  "notUnsatisfied",
  "alreadyFollowedUp",
  "nothingOverdue",
  "alreadyReminded",
  "notHeld",
  "alreadyExplained",
  "notReminded",
  "delayExplained",
  "alreadyCriticized",
  "notYetDue",
  "supervisionOpen",
  "noOpenSupervision",
  "noResponder",
  "responderNotHolder",
  "reopenWindowExpired",
  "cannotMergeIntoItself",
  "hotlineAlreadyLinked",
  "hotlineNotLinked",
  "hotlineOutcomeAlreadyReported",
  "staleLevel",
  "atTopLevel",
  "notOverdue",
  "notBelowCurrentLevel",
  "outsideCalendar",
])
export type CaseRule = typeof CaseRule.Type

/** A command refused by a business rule; `detail` says what was expected. */
export class CaseRuleViolated extends Schema.TaggedError<CaseRuleViolated>()("CaseRuleViolated", {
  caseId: Schema.String,
  command: Schema.String,
  rule: CaseRule,
  detail: Schema.String,
}) {
  override get message(): string {
    return `${this.command} on case ${this.caseId} refused (${this.rule}): ${this.detail}`
  }
}

/** Every refusal the case decider gives: a command the status does not allow, or a rule of the loop broken. */
export type CaseError = IllegalCaseTransition | CaseRuleViolated
