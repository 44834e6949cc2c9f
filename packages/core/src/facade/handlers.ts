import { makeGuardedCampaignHandler } from "../authorization/guarded-campaign-handler.ts"
import { makeGuardedCaseHandler } from "../authorization/guarded-case-handler.ts"
import { makeGuardedIntakeHandler } from "../authorization/guarded-intake-handler.ts"
import { makeGuardedPointsHandler } from "../authorization/guarded-points-handler.ts"
import { makeGuardedResidentHandler } from "../authorization/guarded-resident-handler.ts"
import { makeGuardedTerritoryHandler } from "../authorization/guarded-territory-handler.ts"
import { makeTerritoryReader, makeTerritoryView } from "../authorization/territory-view.ts"
import { type CampaignHandler, makeCampaignHandler } from "../campaign/campaign-handler.ts"
import { type CaseHandler, makeCaseHandler } from "../case/case-handler.ts"
import type { CaseCommand } from "../case/commands.ts"
import type { CaseDeciderConfig } from "../case/decide.ts"
import type { CaseEvent } from "../case/events.ts"
import type { CaseState } from "../case/state.ts"
import type { CommandHandler } from "../handler/command-handler.ts"
import { type IntakeHandler, makeIntakeHandler } from "../intake/intake-handler.ts"
import { makePointsHandler, type PointsHandler } from "../points/points-handler.ts"
import { makeResidentHandler, type ResidentHandler } from "../resident/resident-handler.ts"
import type { TerritoryCommand } from "../territory/commands.ts"
import type { TerritoryEvent } from "../territory/events.ts"
import type { TerritoryState } from "../territory/state.ts"
import { makeTerritoryHandler } from "../territory/territory-handler.ts"
import type { GridcaseOptions } from "./gridcase.ts"

/** The handlers behind a desk; their refusals all reach the caller as rejections. */
export interface DeskHandlers {
  readonly cases: CommandHandler<CaseCommand, CaseEvent, CaseState, unknown>
  /** The case handler without authorization, for the deadline process: a trusted system actor. */
  readonly trustedCases: CaseHandler
  readonly territory: CommandHandler<TerritoryCommand, TerritoryEvent, TerritoryState, unknown>
  readonly residents: ResidentHandler<unknown>
  readonly points: PointsHandler<unknown>
  readonly campaigns: CampaignHandler<unknown>
  readonly intake: IntakeHandler<unknown>
}

const EMPTY_CATALOGUE = { catalogue: {} }

/** Every aggregate's handler: guarded by authorization when the options ask for it, trusted otherwise. */
export const makeHandlers = (
  config: CaseDeciderConfig,
  options: Pick<GridcaseOptions<unknown>, "authorization" | "pointsPolicy" | "cacheCapacity">,
): DeskHandlers => {
  const points = options.pointsPolicy ?? EMPTY_CATALOGUE
  const trustedCases = makeCaseHandler(
    config,
    options.cacheCapacity === undefined ? {} : { cacheCapacity: options.cacheCapacity },
  )
  const guard = options.authorization
  if (guard === undefined) {
    return {
      cases: trustedCases,
      trustedCases,
      territory: makeTerritoryHandler(),
      residents: makeResidentHandler(),
      points: makePointsHandler(points),
      campaigns: makeCampaignHandler(),
      intake: makeIntakeHandler(),
    }
  }
  // One kept territory for the whole desk: what a request read to route a report (through the
  // territory's `load`) is what its guard authorizes on, given the request's `readsSince`.
  const territoryReader = makeTerritoryReader()
  const territoryView = makeTerritoryView(territoryReader)
  const territoryHandler = makeGuardedTerritoryHandler()
  const shared = { territoryOf: guard.territoryOf, territoryView }
  return {
    cases: makeGuardedCaseHandler(config, shared),
    trustedCases,
    territory: Object.assign(territoryHandler.bind(undefined), { load: territoryReader }),
    residents: makeGuardedResidentHandler(shared),
    points: makeGuardedPointsHandler(points, shared),
    campaigns: makeGuardedCampaignHandler(shared),
    intake: makeGuardedIntakeHandler(shared),
  }
}
