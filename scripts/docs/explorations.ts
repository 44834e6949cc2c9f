import { campaignExploration } from "./campaign-exploration.ts"
import { caseExploration } from "./case-exploration.ts"
import { type ExplorationResult, explore } from "./explore.ts"
import { intakeExploration } from "./intake-exploration.ts"
import { pointsExploration } from "./points-exploration.ts"
import { residentExploration } from "./resident-exploration.ts"
import { territoryExploration } from "./territory-exploration.ts"

/**
 * The aggregates whose commands the docs explore by running their decider, by aggregate name
 * (the `<Name>` of `<Name>Event`). An aggregate missing here still gets its fields and versions
 * in the catalog; add an exploration to get which command emits which event too.
 */
export const EXPLORATIONS: Readonly<Record<string, () => ExplorationResult<{ readonly _tag: string }>>> = {
  Campaign: () => explore(campaignExploration),
  Case: () => explore(caseExploration),
  Intake: () => explore(intakeExploration),
  Points: () => explore(pointsExploration),
  Resident: () => explore(residentExploration),
  Territory: () => explore(territoryExploration),
}
