import { Schema } from "effect"

/** The business rules an intake command can break. */
export const IntakeRule = Schema.Literals([
  "notReceived",
  "alreadyReceived",
  "reportIdMismatch",
  "clockWentBackwards",
  "alreadyLocated",
])
export type IntakeRule = typeof IntakeRule.Type

/** An intake command refused by a business rule; `detail` says what was expected. */
export class IntakeRuleViolated extends Schema.TaggedError<IntakeRuleViolated>()("IntakeRuleViolated", {
  reportId: Schema.String,
  command: Schema.String,
  rule: IntakeRule,
  detail: Schema.String,
}) {
  override get message(): string {
    return `${this.command} on report ${this.reportId} refused (${this.rule}): ${this.detail}`
  }
}

/** Every refusal a unplaced report command can meet. */
export type IntakeError = IntakeRuleViolated
