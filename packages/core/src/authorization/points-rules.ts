import type { PointsCommandTag } from "../points/commands.ts"
import type { ResidentState } from "../resident/state.ts"
import { ancestry } from "../territory/hierarchy.ts"
import { currentAreaOf } from "../territory/households.ts"
import type { Role } from "../territory/roles.ts"
import type { TerritoryState } from "../territory/state.ts"
import type { RuleTable } from "./rules.ts"
import type { Target } from "./target.ts"

/** The bank's counter: grid workers collect deposits (揽储员); the community runs the bank (行长). */
const COUNTER: ReadonlyArray<Role> = ["gridWorker", "gridLeader", "stationHead"]

/**
 * Who may issue each ledger command (DOMAIN §5), over the grid of the resident's household.
 * Taking points back (冲正) and a manual expiry sweep are the community's or a supervisor's;
 * the scheduled sweep runs as a trusted system process on the unguarded handler.
 */
export const POINTS_RULES: RuleTable<PointsCommandTag> = {
  AwardPoints: { roles: COUNTER },
  RedeemPoints: { roles: COUNTER },
  ExpirePoints: { roles: ["stationHead", "supervisor"] },
  ReverseAward: { roles: ["stationHead", "supervisor"] },
}

/**
 * Places a ledger command where its resident lives: the grid of the resident's household now.
 * A resident the register does not know, or an unplaced household, has no area.
 */
export const pointsTarget = (territory: TerritoryState, resident: ResidentState): Target => {
  if (!territory.exists || !resident.exists) return { area: [] }
  const areaId = currentAreaOf(territory, resident.householdId)
  return { area: areaId === undefined ? [] : ancestry(territory, areaId) }
}
