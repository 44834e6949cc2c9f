import { Schema } from "effect"

export const IntakeRule = Schema.Literals([
  "notReceived",
  "alreadyReceived",
  "reportIdMismatch",
  "clockWentBackwards",
  "alreadyLocated",
])
export type IntakeRule = typeof IntakeRule.Type

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

export type IntakeError = IntakeRuleViolated
