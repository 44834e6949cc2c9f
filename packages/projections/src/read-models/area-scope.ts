import { Territory } from "@gridcase/core"
/**
 * The part of the territory a query covers: an area at any level — a grid, a community (社区),
 * a street — with everything under it, as the territory stands now. Residents count where
 * their household sits now, so a re-gridded household counts in its new grid.
 */
export interface AreaScope {
  /** The territory as loaded (e.g. with the territory handler's `load`); the caller decides how fresh. */
  readonly territory: Territory.EstablishedTerritory
  readonly areaId: Territory.AreaId
}

/**
 * The households that sit now in the scope's area or anywhere under it (a grid's micro-grids,
 * a community's grids). Placement and hierarchy come from core (`currentAreaOf`, `isWithin`);
 * each area's answer is worked out once per call.
 */
export const householdsWithin = ({ territory, areaId }: AreaScope): ReadonlyArray<Territory.HouseholdId> => {
  const inside = new Map<Territory.AreaId, boolean>()
  const found: Array<Territory.HouseholdId> = []
  for (const [householdId] of territory.households) {
    const area = Territory.currentAreaOf(territory, householdId)
    if (area === undefined) continue
    let within = inside.get(area)
    if (within === undefined) {
      within = Territory.isWithin(territory, area, areaId)
      inside.set(area, within)
    }
    if (within) found.push(householdId)
  }
  return found
}
