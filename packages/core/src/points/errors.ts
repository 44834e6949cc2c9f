import { Schema } from "effect"

/** A redemption the balance cannot cover: the ledger never goes below zero. */
export class InsufficientPoints extends Schema.TaggedError<InsufficientPoints>()("InsufficientPoints", {
  residentId: Schema.String,
  balance: Schema.Number,
  requested: Schema.Number,
}) {
  override get message(): string {
    return `resident ${this.residentId} has ${this.balance} points, ${this.requested} requested`
  }
}

/** The rules a ledger command can break besides the balance. */
export const PointsRule = Schema.Literals([
  "residentIdMismatch",
  "clockWentBackwards",
  "selfAward",
  "selfApproval",
  "duplicateAward",
  "duplicateRedemption",
  "unknownReward",
  "unknownAward",
  "noPendingAward",
  "alreadyReversed",
])
export type PointsRule = typeof PointsRule.Type

/** A ledger command refused by a rule; `detail` says what was expected. */
export class PointsRuleViolated extends Schema.TaggedError<PointsRuleViolated>()("PointsRuleViolated", {
  residentId: Schema.String,
  command: Schema.String,
  rule: PointsRule,
  detail: Schema.String,
}) {
  override get message(): string {
    return `${this.command} on the ledger of ${this.residentId} refused (${this.rule}): ${this.detail}`
  }
}

/** Every refusal a points ledger command can meet. */
export type PointsError = InsufficientPoints | PointsRuleViolated
