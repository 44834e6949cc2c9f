import type { CampaignCommand, CampaignCommandTag } from "../campaign/commands.ts"
import type { CampaignState } from "../campaign/state.ts"
import { ancestry, commonAncestry } from "../territory/hierarchy.ts"
import type { Role } from "../territory/roles.ts"
import type { TerritoryState } from "../territory/state.ts"
import type { RuleTable } from "./rules.ts"
import type { Target } from "./target.ts"

/** Who runs a campaign: the community, the town's command centre, a supervisor. */
const ORGANISERS: ReadonlyArray<Role> = ["stationHead", "dispatcher", "supervisor"]

/**
 * Who may issue each door-knocking command (敲门行动, docs/domain.md#door-knocking). Organisers act over the
 * campaign's area; a knock is recorded by whoever visits in the household's grid — staff, the
 * party-group leader, building heads and volunteers (the party cadres of a town-wide drive,
 * 「党员干部」 docs/domain.md#baotou-6, are volunteers there).
 */
export const CAMPAIGN_RULES: RuleTable<CampaignCommandTag> = {
  LaunchCampaign: { roles: ORGANISERS },
  AddCampaignHouseholds: { roles: ORGANISERS },
  RecordDoorKnock: {
    roles: [
      "microGridWorker",
      "gridWorker",
      "gridLeader",
      "stationHead",
      "partyGroupLeader",
      "buildingHead",
      "volunteer",
    ],
  },
  CloseCampaign: { roles: ORGANISERS },
}

/** The area a campaign command acts in: the household's grid for a knock, the campaign's area otherwise. */
export const campaignAreaOf = (command: CampaignCommand, state: CampaignState): string | undefined => {
  if (!state.exists) return command._tag === "LaunchCampaign" ? command.areaId : undefined
  if (command._tag !== "RecordDoorKnock") return state.areaId
  return state.households.get(command.householdId)?.areaId ?? state.areaId
}

/**
 * Places a campaign command in the territory: a knock at the grid the household was listed in;
 * a launch or an addition at the lowest area holding the campaign's area and every household
 * listed, so organisers cannot list doors outside their reach; a closing at the campaign's area.
 */
export const campaignTarget = (
  territory: TerritoryState,
  command: CampaignCommand,
  state: CampaignState,
): Target => {
  const areaId = campaignAreaOf(command, state)
  if (!territory.exists || areaId === undefined) return { area: [] }
  switch (command._tag) {
    case "LaunchCampaign":
    case "AddCampaignHouseholds":
      return {
        area: commonAncestry(territory, [areaId, ...command.households.map((listed) => listed.areaId)]),
      }
    case "RecordDoorKnock":
    case "CloseCampaign":
      return { area: ancestry(territory, areaId) }
  }
}
