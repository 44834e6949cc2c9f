/**
 * TODO Authorization
 *
 * @module
 */
export { type Actor, actorIn, approverIn } from "./authorization/actor.ts"
export { type AuthorizedCommand, authorize } from "./authorization/authorize.ts"
export { CAMPAIGN_RULES, campaignTarget } from "./authorization/campaign-rules.ts"
export { CASE_RULES, caseTarget } from "./authorization/case-rules.ts"
export {
  type AuthorizedCommandTag,
  COMMAND_RULES,
  RULE_TABLES,
  ruleFor,
} from "./authorization/command-rules.ts"
export { Forbidden } from "./authorization/forbidden.ts"
export { INTAKE_RULES, intakeTarget } from "./authorization/intake-rules.ts"
export { POINTS_RULES, pointsTarget } from "./authorization/points-rules.ts"
export { RESIDENT_RULES, residentTarget } from "./authorization/resident-rules.ts"
export type { Rule, RuleTable, SelfRelation } from "./authorization/rules.ts"
export type { Target } from "./authorization/target.ts"
export { TERRITORY_RULES, territoryTarget } from "./authorization/territory-rules.ts"
export { ActorId } from "./case/vocabulary.ts"
