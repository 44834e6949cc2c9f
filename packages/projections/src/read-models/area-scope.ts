import {
  type AreaId,
  currentAreaOf,
  type EstablishedTerritory,
  type HouseholdId,
  isWithin,
} from "@gridcase/core"

/**
 * The part of the territory a query covers: an area at any level — a grid, a community (社区),
 * a street — with everything under it, as the territory stands now. Residents count where
 * their household sits now, so a re-gridded household counts in its new grid.
 */
export interface AreaScope {
  /** The territory as loaded (e.g. with core's `loadTerritoryState`); the caller decides how fresh. */
  readonly territory: EstablishedTerritory
  readonly areaId: AreaId
}

/**
 * The households that sit now in the scope's area or anywhere under it (a grid's micro-grids,
 * a community's grids). Placement and hierarchy come from core (`currentAreaOf`, `isWithin`);
 * each area's answer is worked out once per call.
 */
export const householdsWithin = ({ territory, areaId }: AreaScope): ReadonlyArray<HouseholdId> => {
  const inside = new Map<AreaId, boolean>()
  const found: Array<HouseholdId> = []
  for (const [householdId] of territory.households) {
    const area = currentAreaOf(territory, householdId)
    if (area === undefined) continue
    let within = inside.get(area)
    if (within === undefined) {
      within = isWithin(territory, area, areaId)
      inside.set(area, within)
    }
    if (within) found.push(householdId)
  }
  return found
}
