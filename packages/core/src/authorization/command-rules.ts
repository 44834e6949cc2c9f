import type { CaseCommandTag } from "../case/commands.ts"
import type { TerritoryCommandTag } from "../territory/commands.ts"
import { CASE_RULES } from "./case-rules.ts"
import type { Rule, RuleTable } from "./rules.ts"
import { TERRITORY_RULES } from "./territory-rules.ts"

/** Every command tag `authorize` knows, across aggregates. */
export type AuthorizedCommandTag = CaseCommandTag | TerritoryCommandTag

/** Each aggregate's table, by aggregate: the coverage test walks this list. */
export const RULE_TABLES = {
  case: CASE_RULES,
  territory: TERRITORY_RULES,
} as const satisfies Record<string, RuleTable<string>>

/** All rules, by command tag. Tags are unique across aggregates (a test checks it). */
export const COMMAND_RULES: RuleTable<AuthorizedCommandTag> = { ...CASE_RULES, ...TERRITORY_RULES }

export const ruleFor = (tag: AuthorizedCommandTag): Rule => COMMAND_RULES[tag]
