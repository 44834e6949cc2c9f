import { Territory } from "@gridcase/core"
import { HashMap } from "effect"

/** The ancestor of an area at a level, if any (a grid's community, its street). */
const ancestorAt = (territory: Territory.EstablishedTerritory, areaId: string, level: string) =>
  Territory.ancestry(territory, areaId)
    .map((id) => Territory.areaOf(territory, id))
    .find((area) => area?.level === level)

/**
 * The map of the grids (网格地图) as GeoJSON, for ECharts' `registerMap`: one feature per
 * active grid that has a drawn boundary, named by its id, carrying its name, its community and
 * street (so the screen can colour and filter by either) and who leads and works it. No tiles:
 * the boundaries are the territory's own, so the map draws offline.
 */
export const gridMap = (territory: Territory.State) => {
  if (!territory.exists) return { type: "FeatureCollection" as const, features: [] }
  const features = HashMap.toValues(territory.areas)
    .filter((area) => area.level === "grid" && Territory.isActive(area) && area.boundary !== undefined)
    .sort((a, b) => a.areaId.localeCompare(b.areaId))
    .map((area) => {
      const community = ancestorAt(territory, area.areaId, "community")
      const street = ancestorAt(territory, area.areaId, "street")
      const holders = (role: Territory.Role) =>
        Territory.holdersOf(territory, { _tag: "area", areaId: area.areaId })
          .filter((holder) => holder.role === role)
          .map((holder) => holder.personId)
      return {
        type: "Feature" as const,
        properties: {
          name: area.areaId,
          label: area.name,
          communityId: community?.areaId ?? null,
          communityName: community?.name ?? null,
          streetId: street?.areaId ?? null,
          streetName: street?.name ?? null,
          leaders: holders("gridLeader"),
          workers: holders("gridWorker"),
        },
        geometry: area.boundary!,
      }
    })
  return { type: "FeatureCollection" as const, features }
}
