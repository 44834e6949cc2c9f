import { Territory } from "@gridcase/core"
import type { DistrictPlan } from "./district-plan.ts"
import { type DistrictSpec, planDistrict } from "./plan-district.ts"

/**
 * The district the service seeds on first start: part of Baotou's Rare-Earth hi-tech zone
 * (稀土高新区), Minxin Road street (民馨路街道) with two of its communities from the seed story —
 * Huoju Road (火炬路社区, with micro-grids in its grids as Haikou port has) and Shengtang Road
 * (盛唐路社区, with a dedicated commercial-zone grid as Nanshan has).
 */
export const DEMO_DISTRICT: DistrictSpec = {
  territoryId: "xitu-gaoxin",
  districtName: "稀土高新区 Rare-Earth hi-tech zone",
  streetId: "minxin-road",
  streetName: "民馨路街道",
  communities: [
    { id: "huoju-road", name: "火炬路社区", grids: 4, microGridsPerGrid: 2 },
    { id: "shengtang-road", name: "盛唐路社区", grids: 3, dedicated: ["commercialZone"] },
  ],
  workers: 4,
  householdsPerGrid: 6,
  origin: { lat: 40.61, long: 109.83 },
  gridSize: 0.005,
  // Each community a block of two by two: the map on the dashboard is then wider than tall, not a strip.
  gridsPerRow: 2,
}

export const demoPlan: DistrictPlan = planDistrict(DEMO_DISTRICT)

/** Building addresses → households, for routing Open311 reports that give `address_string`. */
export const directoryOf = (plan: DistrictPlan): Territory.AddressDirectory =>
  Territory.makeAddressDirectory(
    plan.households.map((household) => [household.address, household.householdId] as const),
  )

/** The middle of a planned grid: a point that routes to it. */
export const centreOf = (plan: DistrictPlan, areaId: string): { lat: number; long: number } => {
  const area = plan.areas.find((candidate) => candidate.areaId === areaId)
  const ring = area?.boundary?.type === "Polygon" ? area.boundary.coordinates[0] : undefined
  if (ring === undefined) throw new Error(`${areaId} has no drawn boundary`)
  const longs = ring.map((position) => position[0])
  const lats = ring.map((position) => position[1])
  return {
    lat: (Math.min(...lats) + Math.max(...lats)) / 2,
    long: (Math.min(...longs) + Math.max(...longs)) / 2,
  }
}
