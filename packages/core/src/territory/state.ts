import { HashMap, Option } from "effect"
import type { Instant } from "../shared/instant.ts"
import type { Level } from "../shared/level.ts"
import type { Boundary } from "./boundary.ts"
import type { ScopedRole } from "./roles.ts"
import type {
  AreaId,
  BuildingId,
  DepartmentId,
  GridKind,
  HouseholdId,
  PersonId,
  TerritoryId,
} from "./vocabulary.ts"

/** One area of the hierarchy. Retired areas stay, so history that names them can be read. */
export interface Area {
  readonly areaId: AreaId
  readonly name: string
  readonly level: Level
  /** The area one level up; absent for the district. Never changes: re-gridding makes new areas. */
  readonly parentId?: AreaId | undefined
  /** Grids only. */
  readonly kind?: GridKind | undefined
  /** Grids and micro-grids only, and optional. */
  readonly boundary?: Boundary | undefined
  readonly createdAt: Instant
  readonly retiredAt?: Instant | undefined
  /** For an area retired by re-gridding, the areas that took its households (拆分 / 合并). */
  readonly replacedBy?: ReadonlyArray<AreaId> | undefined
}

/** A functional department (职能部门) as the territory knows it: where it sits, and whether it was retired. */
export interface Department {
  readonly departmentId: DepartmentId
  readonly name: string
  /** The street or district it serves. */
  readonly areaId: AreaId
  readonly createdAt: Instant
  readonly retiredAt?: Instant | undefined
}

/**
 * From `since` on, the household sits in `areaId` — or, when absent, outside the territory — in
 * building `buildingId` (楼栋) when one is known. Re-gridding keeps the building; a move sets it anew.
 */
export interface Placement {
  readonly areaId?: AreaId | undefined
  readonly buildingId?: BuildingId | undefined
  readonly since: Instant
}

/** A territory whose district exists: its areas, departments, households' placements and role grants. */
export interface EstablishedTerritory {
  readonly exists: true
  readonly territoryId: TerritoryId
  /** Time of the latest event: commands dated earlier are refused, so placements stay in order. */
  readonly lastAt: Instant
  readonly areas: HashMap.HashMap<AreaId, Area>
  readonly departments: HashMap.HashMap<DepartmentId, Department>
  /** Each household's placements, oldest first: the history `gridAt` reads. */
  readonly households: HashMap.HashMap<HouseholdId, ReadonlyArray<Placement>>
  /** Each person's current roles (people without any are absent). */
  readonly staff: HashMap.HashMap<PersonId, ReadonlyArray<ScopedRole>>
}

/** A territory whose district was never created. */
export interface NoTerritory {
  readonly exists: false
}

/**
 * A territory folded from its stream. Persistent hash maps (structural sharing) keep each event
 * O(log n) to apply, so a district of 100,000 households folds in linear time.
 */
export type TerritoryState = NoTerritory | EstablishedTerritory

/** The territory before its first event. */
export const initialTerritoryState: TerritoryState = { exists: false }

const lookup = <K, V>(map: HashMap.HashMap<K, V>, key: K): V | undefined =>
  Option.getOrUndefined(HashMap.get(map, key))

/** An area by id, retired ones included. */
export const areaOf = (t: EstablishedTerritory, areaId: AreaId): Area | undefined => lookup(t.areas, areaId)

/** A department by id, retired ones included. */
export const departmentOf = (t: EstablishedTerritory, departmentId: DepartmentId): Department | undefined =>
  lookup(t.departments, departmentId)

/** Where a household has sat, oldest first: its placement history. */
export const placementsOf = (t: EstablishedTerritory, householdId: HouseholdId): ReadonlyArray<Placement> =>
  lookup(t.households, householdId) ?? []

/** Every role a person holds now, each with its scope. */
export const rolesOf = (t: EstablishedTerritory, personId: PersonId): ReadonlyArray<ScopedRole> =>
  lookup(t.staff, personId) ?? []

/** Whether an area or department still runs (was not retired). */
export const isActive = (unit: { readonly retiredAt?: Instant | undefined }): boolean =>
  unit.retiredAt === undefined

/** Grids and micro-grids are where households sit and where boundaries are drawn. */
export const isGridLevel = (level: Level): boolean => level === "grid" || level === "microGrid"
