import { caseExploration } from "./case-exploration.ts"
import { type ExplorationResult, explore } from "./explore.ts"

/**
 * The aggregates whose commands the docs explore by running their decider, by aggregate name
 * (the `<Name>` of `<Name>Event`). An aggregate missing here still gets its fields and versions
 * in the catalog; add an exploration to get which command emits which event too.
 */
export const EXPLORATIONS: Readonly<Record<string, () => ExplorationResult<{ readonly _tag: string }>>> = {
  Case: () => explore(caseExploration),
}
