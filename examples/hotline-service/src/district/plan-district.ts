import type { Territory } from "@gridcase/core"
import {
  type DistrictPlan,
  type PlannedArea,
  type PlannedDepartment,
  type PlannedHousehold,
  type PlannedRole,
  squareBoundary,
} from "./district-plan.ts"

export interface CommunitySpec {
  readonly id: string
  readonly name: string
  /** Comprehensive grids (综合网格). */
  readonly grids: number
  /** Dedicated grids (专属网格), e.g. Nanshan's commercial-zone grid. */
  readonly dedicated?: ReadonlyArray<Territory.GridPurpose>
  /** Micro-grids (微网格) in each grid, each with its own part-time worker (Haikou port: 1:1). */
  readonly microGridsPerGrid?: number
}

export interface DistrictSpec {
  readonly territoryId: string
  readonly districtName: string
  readonly streetId: string
  readonly streetName: string
  readonly communities: ReadonlyArray<CommunitySpec>
  /** Full-time grid workers (网格员), spread over the grids in turn (Minxin Road: 45 for 100 grids). */
  readonly workers: number
  /** Households placed in the territory per grid, two or three to a building. */
  readonly householdsPerGrid: number
  /** South-west corner of the first grid, and each grid's side, in degrees. */
  readonly origin: { readonly lat: number; readonly long: number }
  readonly gridSize: number
  /** How many grids a community's block has per row (5 unless given); communities sit side by side. */
  readonly gridsPerRow?: number
}

/** The functional departments (职能部门) at the street that cases are dispatched to. */
export const DEPARTMENTS = [
  ["water", "供水所 — water works"],
  ["gas", "燃气公司 — gas company"],
  ["housing", "房管所 — housing office"],
  ["civil-affairs", "民政办 — civil affairs"],
  ["market", "市场监管所 — market supervision"],
  ["police", "派出所 — police station"],
] as const

const GRIDS_PER_ROW = 5
const HOUSEHOLDS_PER_BUILDING = 3

/** The plan's grids (and micro-grids), with where each lies, per community. */
const gridAreas = (spec: DistrictSpec) => {
  const areas: Array<PlannedArea> = []
  const perRow = spec.gridsPerRow ?? GRIDS_PER_ROW
  let column = 0
  for (const community of spec.communities) {
    const purposes = community.dedicated ?? []
    const count = community.grids + purposes.length
    for (let g = 0; g < count; g++) {
      const south = spec.origin.lat + Math.floor(g / perRow) * spec.gridSize
      const west = spec.origin.long + (column + (g % perRow)) * spec.gridSize
      const purpose = g >= community.grids ? purposes[g - community.grids] : undefined
      const gridId = `${community.id}-grid-${String(g + 1).padStart(2, "0")}`
      areas.push({
        areaId: gridId,
        name: `${community.name}第${g + 1}网格`,
        level: "grid",
        parentId: community.id,
        kind: purpose === undefined ? { _tag: "comprehensive" } : { _tag: "dedicated", purpose },
        boundary: squareBoundary(south, west, spec.gridSize),
      })
      const micro = purpose === undefined ? (community.microGridsPerGrid ?? 0) : 0
      for (let m = 0; m < micro; m++) {
        const width = spec.gridSize / micro
        areas.push({
          areaId: `${gridId}-m${m + 1}`,
          name: `${community.name}第${g + 1}网格第${m + 1}微网格`,
          level: "microGrid",
          parentId: gridId,
          boundary: {
            type: "Polygon",
            coordinates: [
              [
                [west + m * width, south],
                [west + (m + 1) * width, south],
                [west + (m + 1) * width, south + spec.gridSize],
                [west + m * width, south + spec.gridSize],
                [west + m * width, south],
              ],
            ],
          },
        })
      }
    }
    column += perRow + 1
  }
  return areas
}

/**
 * Plans a district from a few figures (docs/domain.md#levels, #figures): one street office with its communities,
 * their grids laid out as squares, micro-grids where asked, the street's departments, and the
 * people who run it — the district's command centre; a dispatcher, a 12345 operator and a
 * supervisor at the street; a station head and a grid leader per community (the leader owns every grid of it);
 * the full-time grid workers spread over the grids; a micro-grid worker per micro-grid; a
 * handler per department.
 */
export const planDistrict = (spec: DistrictSpec): DistrictPlan => {
  const grids = gridAreas(spec)
  const areas: Array<PlannedArea> = [
    { areaId: spec.territoryId, name: spec.districtName, level: "district" },
    { areaId: spec.streetId, name: spec.streetName, level: "street", parentId: spec.territoryId },
    ...spec.communities.map(
      (community): PlannedArea => ({
        areaId: community.id,
        name: community.name,
        level: "community",
        parentId: spec.streetId,
      }),
    ),
    ...grids,
  ]
  const departments: Array<PlannedDepartment> = DEPARTMENTS.map(([id, name]) => ({
    departmentId: `${spec.streetId}-${id}`,
    name,
    areaId: spec.streetId,
  }))
  const gridsOnly = grids.filter((area) => area.level === "grid")
  const roles: Array<PlannedRole> = [
    { personId: "district-dispatcher", role: "dispatcher", areaId: spec.territoryId },
    { personId: "dispatcher-1", role: "dispatcher", areaId: spec.streetId },
    { personId: "hotline-1", role: "hotlineOperator", areaId: spec.streetId },
    { personId: "supervisor-1", role: "supervisor", areaId: spec.streetId },
    ...spec.communities.flatMap(
      (community): Array<PlannedRole> => [
        { personId: `${community.id}-head`, role: "stationHead", areaId: community.id },
        { personId: `${community.id}-head`, role: "supervisor", areaId: community.id },
        ...gridsOnly
          .filter((grid) => grid.parentId === community.id)
          .map(
            (grid): PlannedRole => ({
              personId: `${community.id}-leader`,
              role: "gridLeader",
              areaId: grid.areaId,
            }),
          ),
      ],
    ),
    ...gridsOnly.map(
      (grid, i): PlannedRole => ({
        personId: workerId(i % Math.max(1, spec.workers)),
        role: "gridWorker",
        areaId: grid.areaId,
      }),
    ),
    ...grids
      .filter((area) => area.level === "microGrid")
      .map(
        (micro): PlannedRole => ({
          personId: `${micro.areaId}-worker`,
          role: "microGridWorker",
          areaId: micro.areaId,
        }),
      ),
    ...departments.map(
      (department): PlannedRole => ({
        personId: `${department.departmentId}-handler`,
        role: "departmentHandler",
        departmentId: department.departmentId,
      }),
    ),
  ]
  const households: Array<PlannedHousehold> = gridsOnly.flatMap((grid) => {
    const micro = grids.filter((area) => area.parentId === grid.areaId)
    const community = spec.communities.find((c) => c.id === grid.parentId)
    return Array.from({ length: spec.householdsPerGrid }, (_, h): PlannedHousehold => {
      const building = Math.floor(h / HOUSEHOLDS_PER_BUILDING) + 1
      const place = micro.length === 0 ? grid : micro[(building - 1) % micro.length]!
      return {
        householdId: `${grid.areaId}-h${String(h + 1).padStart(3, "0")}`,
        areaId: place.areaId,
        buildingId: `${grid.areaId}-b${building}`,
        address: `${spec.streetName}${community?.name ?? ""}${grid.areaId.split("-grid-")[1]}区${building}号楼`,
      }
    })
  })
  return { territoryId: spec.territoryId, areas, departments, roles, households }
}

export const workerId = (i: number): string => `worker-${String(i + 1).padStart(3, "0")}`
