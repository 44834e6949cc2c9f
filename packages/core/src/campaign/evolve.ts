import type { HouseholdId } from "../territory/vocabulary.ts"
import type { CampaignEvent } from "./events.ts"
import type { CampaignState, HouseholdProgress, LaunchedCampaign } from "./state.ts"
import type { CampaignHousehold } from "./vocabulary.ts"

const listed = (
  households: ReadonlyMap<HouseholdId, HouseholdProgress>,
  added: ReadonlyArray<CampaignHousehold>,
): ReadonlyMap<HouseholdId, HouseholdProgress> => {
  const next = new Map(households)
  for (const { householdId, areaId } of added) next.set(householdId, { areaId, status: "pending", knocks: 0 })
  return next
}

/** Folds one event into a campaign; total and pure, like every evolve. */
export const evolveCampaign = (state: CampaignState, event: CampaignEvent): CampaignState => {
  if (!state.exists) {
    return event._tag === "CampaignLaunched"
      ? {
          exists: true,
          campaignId: event.campaignId,
          title: event.title,
          areaId: event.areaId,
          closed: false,
          lastAt: event.at,
          households: listed(new Map(), event.households),
        }
      : state
  }
  const c: LaunchedCampaign = { ...state, lastAt: event.at }
  switch (event._tag) {
    case "CampaignLaunched":
      return state
    case "CampaignHouseholdsAdded":
      return { ...c, households: listed(c.households, event.households) }
    case "DoorKnocked": {
      const before = c.households.get(event.householdId)
      if (before === undefined) return c
      const outcome = event.outcome
      const after: HouseholdProgress =
        outcome._tag === "visited"
          ? { areaId: before.areaId, status: "visited", knocks: before.knocks + 1, facts: outcome.facts }
          : { ...before, status: outcome._tag, knocks: before.knocks + 1 }
      return { ...c, households: new Map(c.households).set(event.householdId, after) }
    }
    case "CampaignClosed":
      return { ...c, closed: true }
  }
}
