/**
 * Authorization (权限校验): who may issue which command, where. Rules are data — one table per
 * aggregate, typed over its command tags, so a new command without a rule does not compile —
 * and `authorize` is one pure check of an actor's roles (resolved from the territory) against a
 * command's target (its place in the territory, its assignee, its reporter) and, where a rule
 * asks for one, its approver (审批人). The guarded handlers (`Case.makeGuardedHandler`, …) run it
 * before every decision; `Gridcase.make({ authorization })` uses them.
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
export { Forbidden, ForbiddenRefusal } from "./authorization/forbidden.ts"
export { INTAKE_RULES, intakeTarget } from "./authorization/intake-rules.ts"
export { POINTS_RULES, pointsTarget } from "./authorization/points-rules.ts"
export { RESIDENT_RULES, residentTarget } from "./authorization/resident-rules.ts"
export type { Rule, RuleTable, SelfRelation } from "./authorization/rules.ts"
export type { Target } from "./authorization/target.ts"
export { TERRITORY_RULES, territoryTarget } from "./authorization/territory-rules.ts"
export {
  makeTerritoryReader,
  makeTerritoryView,
  type TerritoryGuardOptions,
  type TerritoryView,
} from "./authorization/territory-view.ts"
export { ActorId } from "./shared/vocabulary.ts"
