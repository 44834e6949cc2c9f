import { HashMap } from "effect"
import { type Level, levelRank } from "../shared/level.ts"
import { type Area, areaOf, type EstablishedTerritory, isActive } from "./state.ts"
import type { AreaId } from "./vocabulary.ts"

/**
 * The area and its ancestors up to the district, innermost first: ["nanshan-grid-03",
 * "nanshan", "minxin-road", "kunqu"]. Empty for an area the territory does not know. Parents
 * never change, so the answer holds for the area's whole life, retired areas included.
 */
export const ancestry = (t: EstablishedTerritory, areaId: AreaId): ReadonlyArray<AreaId> => {
  const path: Array<AreaId> = []
  let area = areaOf(t, areaId)
  while (area !== undefined) {
    path.push(area.areaId)
    area = area.parentId === undefined ? undefined : areaOf(t, area.parentId)
  }
  return path
}

/** Whether `inner` is `outer` or lies somewhere under it. */
export const isWithin = (t: EstablishedTerritory, inner: AreaId, outer: AreaId): boolean =>
  ancestry(t, inner).includes(outer)

/**
 * The area responsible at `level` for a place: the place's own area when it is at that level or
 * above, else its ancestor at that level. A community-level case located in a grid is owned by
 * the grid's community; a micro-grid-level case located only by its grid is owned by the grid.
 */
export const areaAtLevel = (t: EstablishedTerritory, areaId: AreaId, level: Level): AreaId | undefined => {
  let area = areaOf(t, areaId)
  while (area !== undefined && levelRank(area.level) < levelRank(level)) {
    area = area.parentId === undefined ? undefined : areaOf(t, area.parentId)
  }
  return area?.areaId
}

/** The longest path every one of the areas lies within: their lowest common ancestor's ancestry. */
export const commonAncestry = (
  t: EstablishedTerritory,
  areaIds: ReadonlyArray<AreaId>,
): ReadonlyArray<AreaId> => {
  const [first, ...rest] = areaIds.map((areaId) => ancestry(t, areaId))
  if (first === undefined) return []
  return first.filter((areaId) => rest.every((path) => path.includes(areaId)))
}

/** The active areas directly under an area. */
export const childrenOf = (t: EstablishedTerritory, areaId: AreaId): ReadonlyArray<Area> =>
  HashMap.toValues(HashMap.filter(t.areas, (area) => area.parentId === areaId && isActive(area)))
