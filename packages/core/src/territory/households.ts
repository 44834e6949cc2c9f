import type { Instant } from "../shared/instant.ts"
import { type EstablishedTerritory, placementsOf } from "./state.ts"
import type { AreaId, BuildingId, HouseholdId } from "./vocabulary.ts"

/** The grid or micro-grid a household sits in now; undefined if never placed or gone. */
export const currentAreaOf = (t: EstablishedTerritory, householdId: HouseholdId): AreaId | undefined =>
  placementsOf(t, householdId).at(-1)?.areaId

/** The building (楼栋) a household lives in now, when the territory was told; undefined once it has left. */
export const buildingOf = (t: EstablishedTerritory, householdId: HouseholdId): BuildingId | undefined => {
  const placement = placementsOf(t, householdId).at(-1)
  return placement?.areaId === undefined ? undefined : placement.buildingId
}

/**
 * Which grid (or micro-grid) the household was in at `at` — the question a report about last
 * year asks after the grids were redrawn. The latest placement from `at` or before answers;
 * undefined before the household was first placed and while it was outside the territory.
 */
export const gridAt = (
  t: EstablishedTerritory,
  householdId: HouseholdId,
  at: Instant,
): AreaId | undefined => {
  const placements = placementsOf(t, householdId)
  // Placements are in time order (decide refuses commands dated before the last event), so a
  // binary search finds the last one that started at or before `at`.
  let low = 0
  let high = placements.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if ((placements[middle]?.since ?? 0) <= at) low = middle + 1
    else high = middle
  }
  return low === 0 ? undefined : placements[low - 1]?.areaId
}

/** The households sitting in an area now (directly: a grid's micro-grids hold their own). */
export const householdsIn = (t: EstablishedTerritory, areaId: AreaId): ReadonlyArray<HouseholdId> => {
  const found: Array<HouseholdId> = []
  for (const [householdId, placements] of t.households) {
    if (placements.at(-1)?.areaId === areaId) found.push(householdId)
  }
  return found
}
