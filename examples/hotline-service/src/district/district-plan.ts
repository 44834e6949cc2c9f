import type { Level, Territory } from "@gridcase/core"

/** One area to create, parent first (the district has none). */
export interface PlannedArea {
  readonly areaId: string
  readonly name: string
  readonly level: Level.Level
  readonly parentId?: string
  readonly kind?: Territory.GridKind
  readonly boundary?: Territory.Boundary
}

export interface PlannedDepartment {
  readonly departmentId: string
  readonly name: string
  /** The street or district it serves. */
  readonly areaId: string
}

/** One role a person holds, scoped to an area or a department. */
export interface PlannedRole {
  readonly personId: string
  readonly role: Territory.Role
  readonly areaId?: string
  readonly departmentId?: string
}

export interface PlannedHousehold {
  readonly householdId: string
  /** The grid or micro-grid it sits in. */
  readonly areaId: string
  /** The building's address (楼栋地址), for routing reports that give an address. */
  readonly address: string
  /** The building (楼栋) the territory records, so staff can list residents by it. */
  readonly buildingId?: string
}

/**
 * A district as data (辖区规划): its areas top-down, departments, who holds which role where, and
 * the households placed in the territory. `buildDistrict` turns it into territory commands.
 */
export interface DistrictPlan {
  readonly territoryId: string
  readonly areas: ReadonlyArray<PlannedArea>
  readonly departments: ReadonlyArray<PlannedDepartment>
  readonly roles: ReadonlyArray<PlannedRole>
  readonly households: ReadonlyArray<PlannedHousehold>
}

/** A square grid boundary (GeoJSON, longitude first) of `size` degrees with its south-west corner given. */
export const squareBoundary = (south: number, west: number, size: number): Territory.Boundary => ({
  type: "Polygon",
  coordinates: [
    [
      [west, south],
      [west + size, south],
      [west + size, south + size],
      [west, south + size],
      [west, south],
    ],
  ],
})
