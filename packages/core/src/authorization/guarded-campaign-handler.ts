import { Effect } from "effect"
import { type CampaignHandler, makeCampaignHandler } from "../campaign/campaign-handler.ts"
import type { EventDecodeError, StoreUnavailable } from "../store/errors.ts"
import type { AreaId, TerritoryId } from "../territory/vocabulary.ts"
import { actorIn } from "./actor.ts"
import { authorize } from "./authorize.ts"
import { campaignAreaOf, campaignTarget } from "./campaign-rules.ts"
import type { Forbidden } from "./forbidden.ts"
import { makeTerritoryView, type TerritoryGuardOptions } from "./territory-view.ts"

/** Besides `Forbidden`, reading the territory can fail as reading the campaign can. */
export type GuardedCampaignHandler = CampaignHandler<Forbidden | EventDecodeError | StoreUnavailable>

/** Options of the door-knocking campaign handler with authorization: which territory (district) a grid, area or household belongs to. */
export interface GuardedCampaignHandlerOptions extends TerritoryGuardOptions {
  /** The territory (district) an area belongs to; `() => "kunqu"` when there is one. */
  readonly territoryOf: (areaId: AreaId) => TerritoryId
  readonly maxAttempts?: number
}

/** The door-knocking handler with authorization, each command placed by {@link campaignTarget}. */
export const makeGuardedCampaignHandler = (
  options: GuardedCampaignHandlerOptions,
): GuardedCampaignHandler => {
  const view = options.territoryView ?? makeTerritoryView()
  return makeCampaignHandler({
    authorize: (command, state, context) => {
      const areaId = campaignAreaOf(command, state)
      const territory = view(
        areaId === undefined ? undefined : options.territoryOf(areaId),
        context.readsSince,
      )
      return Effect.flatMap(territory, (t) =>
        Effect.fromResult(authorize(actorIn(t, context.actor), command, campaignTarget(t, command, state))),
      )
    },
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  })
}
