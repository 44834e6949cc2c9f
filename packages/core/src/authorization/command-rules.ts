import type { CampaignCommandTag } from "../campaign/commands.ts"
import type { CaseCommandTag } from "../case/commands.ts"
import type { IntakeCommandTag } from "../intake/commands.ts"
import type { PointsCommandTag } from "../points/commands.ts"
import type { ResidentCommandTag } from "../resident/commands.ts"
import type { TerritoryCommandTag } from "../territory/commands.ts"
import { CAMPAIGN_RULES } from "./campaign-rules.ts"
import { CASE_RULES } from "./case-rules.ts"
import { INTAKE_RULES } from "./intake-rules.ts"
import { POINTS_RULES } from "./points-rules.ts"
import { RESIDENT_RULES } from "./resident-rules.ts"
import type { Rule, RuleTable } from "./rules.ts"
import { TERRITORY_RULES } from "./territory-rules.ts"

/** Every command tag `authorize` knows, across aggregates. */
export type AuthorizedCommandTag =
  | CaseCommandTag
  | TerritoryCommandTag
  | ResidentCommandTag
  | PointsCommandTag
  | CampaignCommandTag
  | IntakeCommandTag

/** Each aggregate's table, by aggregate: the coverage test walks this list. */
export const RULE_TABLES = {
  case: CASE_RULES,
  territory: TERRITORY_RULES,
  resident: RESIDENT_RULES,
  points: POINTS_RULES,
  campaign: CAMPAIGN_RULES,
  intake: INTAKE_RULES,
} as const satisfies Record<string, RuleTable<string>>

/** All rules, by command tag. Tags are unique across aggregates (a test checks it). */
export const COMMAND_RULES: RuleTable<AuthorizedCommandTag> = {
  ...CASE_RULES,
  ...TERRITORY_RULES,
  ...RESIDENT_RULES,
  ...POINTS_RULES,
  ...CAMPAIGN_RULES,
  ...INTAKE_RULES,
}

/** The rule of a command tag, from whichever aggregate's table holds it. */
export const ruleFor = (tag: AuthorizedCommandTag): Rule => COMMAND_RULES[tag]
