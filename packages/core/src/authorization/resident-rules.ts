import type { ResidentCommandTag, SealedResidentCommand } from "../resident/commands.ts"
import type { ResidentState } from "../resident/state.ts"
import { ancestry, commonAncestry } from "../territory/hierarchy.ts"
import { currentAreaOf } from "../territory/households.ts"
import type { Role } from "../territory/roles.ts"
import type { TerritoryState } from "../territory/state.ts"
import type { RuleTable } from "./rules.ts"
import type { Target } from "./target.ts"

/** Who keeps the resident register: the grid's people and the community. */
const REGISTRARS: ReadonlyArray<Role> = ["microGridWorker", "gridWorker", "gridLeader", "stationHead"]
/** Who decides that someone needs special care (认定重点人群) and how often they are visited. */
const CARE_DECIDERS: ReadonlyArray<Role> = ["gridLeader", "stationHead"]
/**
 * Who visits (走访): staff, and the residents who help — the party-group leader, building heads and
 * volunteers, Tianhong's 「網格長+黨小組長+微網格員+N名志愿者」 (docs/domain.md#nantong-11).
 */
const VISITORS: ReadonlyArray<Role> = [...REGISTRARS, "partyGroupLeader", "buildingHead", "volunteer"]

/**
 * Who may issue each resident command (docs/domain.md#residents), over the grid of the resident's household.
 * An erasure request (删除个人信息) is a formal one: the community's station head or a
 * supervisor grants it.
 */
export const RESIDENT_RULES: RuleTable<ResidentCommandTag> = {
  RegisterResident: { roles: REGISTRARS },
  CorrectPersonalDetails: { roles: REGISTRARS },
  MoveResident: { roles: REGISTRARS },
  TagResident: { roles: CARE_DECIDERS },
  UntagResident: { roles: CARE_DECIDERS },
  SetCarePlan: { roles: CARE_DECIDERS },
  EndCarePlan: { roles: CARE_DECIDERS },
  RecordVisit: { roles: VISITORS },
  EraseResident: { roles: ["stationHead", "supervisor"] },
  // Those who keep the register may look at what it seals, each look recorded (PersonalDetailsRevealed).
  RevealPersonalDetails: { roles: REGISTRARS },
}

/** The household a resident command is about: the resident's own, or the one a registration names. */
export const householdOf = (command: SealedResidentCommand, state: ResidentState): string | undefined =>
  state.exists ? state.householdId : command._tag === "RegisterResident" ? command.householdId : undefined

/**
 * Places a resident command: the grid the resident's household sits in now (a registration's,
 * the household it names). A move must be covered at both ends, so it is placed at the lowest
 * area holding both households. A household the territory has not placed has no area, and no
 * area rule grants anything about its people.
 */
export const residentTarget = (
  territory: TerritoryState,
  command: SealedResidentCommand,
  state: ResidentState,
): Target => {
  const householdId = householdOf(command, state)
  if (!territory.exists || householdId === undefined) return { area: [] }
  const from = currentAreaOf(territory, householdId)
  if (from === undefined) return { area: [] }
  if (command._tag !== "MoveResident") return { area: ancestry(territory, from) }
  const to = currentAreaOf(territory, command.householdId)
  return { area: to === undefined ? [] : commonAncestry(territory, [from, to]) }
}
