import { Schema } from "effect"

/** The rules a campaign command can break. */
export const CampaignRule = Schema.Literals([
  "notLaunched",
  "alreadyLaunched",
  "campaignIdMismatch",
  "clockWentBackwards",
  "closed",
  "householdListedTwice",
  "notListed",
  "alreadyVisited",
])
export type CampaignRule = typeof CampaignRule.Type

/** A campaign command refused by a rule; `detail` says what was expected. */
export class CampaignRuleViolated extends Schema.TaggedError<CampaignRuleViolated>()("CampaignRuleViolated", {
  campaignId: Schema.String,
  command: Schema.String,
  rule: CampaignRule,
  detail: Schema.String,
}) {
  override get message(): string {
    return `${this.command} on campaign ${this.campaignId} refused (${this.rule}): ${this.detail}`
  }
}

/** Every refusal a door-knocking campaign command can meet. */
export type CampaignError = CampaignRuleViolated
