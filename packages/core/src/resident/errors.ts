import { Schema } from "effect"

/** The rules a resident command can break. */
export const ResidentRule = Schema.Literals([
  "notRegistered",
  "alreadyRegistered",
  "residentIdMismatch",
  "clockWentBackwards",
  "erased",
  "sealedForAnotherSubject",
  "sameHousehold",
  "alreadyTagged",
  "notTagged",
  "carePlanUnchanged",
  "noCarePlan",
  "visitAlreadyRecorded",
])
export type ResidentRule = typeof ResidentRule.Type

/** A resident command refused by a rule; `detail` says what was expected. */
export class ResidentRuleViolated extends Schema.TaggedError<ResidentRuleViolated>()("ResidentRuleViolated", {
  residentId: Schema.String,
  command: Schema.String,
  rule: ResidentRule,
  detail: Schema.String,
}) {
  override get message(): string {
    return `${this.command} on resident ${this.residentId} refused (${this.rule}): ${this.detail}`
  }
}

/** Every refusal a resident command can meet. */
export type ResidentError = ResidentRuleViolated
