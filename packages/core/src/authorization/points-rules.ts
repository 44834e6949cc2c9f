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
 * Who approves an award (审批人): the bank's president (行长). In the seed (Baotou, Huoju Road
 * community) the president is the community's party secretary (社区书记): the `stationHead`
 * (站长) over the resident's community. A `supervisor` (督办员 / 监督员) of that community or
 * above, the role that approves exceptions, may stand in. They are the ones who may take an
 * award back (冲正), so the same hands sign a deposit in and out. Not a grid leader or grid
 * worker: the grid collects the deposit (揽储员), and approval is the community's check on the
 * grid's own collection. Approval by the collector themself is refused by the ledger
 * (`selfApproval`), whatever roles they hold.
 */
const PRESIDENT: ReadonlyArray<Role> = ["stationHead", "supervisor"]

/**
 * Who may issue each ledger command (docs/domain.md#moral-bank), over the grid of the resident's household.
 * An award is collected at the counter and approved by the president ({@link PRESIDENT}).
 * Taking points back (冲正) and a manual expiry sweep are the community's or a supervisor's;
 * the scheduled sweep runs as a trusted system process on the unguarded handler.
 */
export const POINTS_RULES: RuleTable<PointsCommandTag> = {
  AwardPoints: { roles: COUNTER, approvedBy: PRESIDENT },
  // The two-step award: the counter asks, the president confirms or declines in their own name.
  RequestAward: { roles: COUNTER },
  ConfirmAward: { roles: PRESIDENT },
  DeclineAward: { roles: PRESIDENT },
  RedeemPoints: { roles: COUNTER },
  ExpirePoints: { roles: PRESIDENT },
  ReverseAward: { roles: PRESIDENT },
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
