import type { DistrictSpec } from "../district/plan-district.ts"

/** What a simulated district is, beyond its plan: how many live there (docs/domain.md#baotou-33). */
export interface SimulatedDistrict {
  readonly spec: DistrictSpec
  readonly households: number
  readonly residents: number
}

/**
 * Minxin Road street (民馨路街道, Baotou Rare-Earth hi-tech zone) as the seed story gives it:
 * 20,000 households and 34,000 residents in 100 grids with 45 grid workers. The story names
 * two of its communities (火炬路, 盛唐路); the other three are stand-ins to make up the 100 grids.
 *
 * Households are counted, not placed in the territory: every command a person sends is
 * authorized against the territory, which the handler folds from its stream each time, so
 * 20,000 placements would make each of them read 20,000 events. Cases name their grid instead.
 */
export const minxinRoad = (options: {
  grids: number
  workers: number
  households: number
  residents: number
}): SimulatedDistrict => {
  const names = [
    ["huoju-road", "火炬路社区"],
    ["shengtang-road", "盛唐路社区"],
    ["minxin", "民馨社区"],
    ["heping", "和平社区"],
    ["youyi", "友谊社区"],
  ] as const
  const perCommunity = Math.ceil(options.grids / names.length)
  const communities = names
    .map(([id, name], i) => ({
      id,
      name,
      grids: Math.max(0, Math.min(perCommunity, options.grids - i * perCommunity)),
    }))
    .filter((community) => community.grids > 0)
  return {
    spec: {
      territoryId: "xitu-gaoxin",
      districtName: "稀土高新区 Rare-Earth hi-tech zone",
      streetId: "minxin-road",
      streetName: "民馨路街道",
      communities,
      workers: options.workers,
      householdsPerGrid: 0,
      origin: { lat: 40.6, long: 109.8 },
      gridSize: 0.004,
    },
    households: options.households,
    residents: options.residents,
  }
}

export const MINXIN_ROAD = { grids: 100, workers: 45, households: 20_000, residents: 34_000 } as const
