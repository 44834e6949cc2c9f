import { Schema } from "effect"
import { Instant } from "../shared/instant.ts"
import { Level } from "../shared/level.ts"
import { ActorId } from "../shared/vocabulary.ts"
import { Boundary } from "./boundary.ts"
import { Role, RoleScope } from "./roles.ts"
import {
  AreaId,
  BuildingId,
  DepartmentId,
  GridKind,
  HouseholdId,
  PersonId,
  TerritoryId,
  UnitName,
} from "./vocabulary.ts"

const base = { territoryId: TerritoryId, at: Instant, by: ActorId }

/** A grid or micro-grid born of re-gridding, its kind settled (grids always carry one). */
export const GridDrawn = Schema.Struct({
  areaId: AreaId,
  name: UnitName,
  kind: Schema.optional(GridKind),
  boundary: Schema.optional(Boundary),
}).annotate({ identifier: "GridDrawn" })
export type GridDrawn = typeof GridDrawn.Type

/** A household that re-gridding moved: from which area to which, at the event's time. */
export const HouseholdTransfer = Schema.Struct({ householdId: HouseholdId, from: AreaId, to: AreaId })
export type HouseholdTransfer = typeof HouseholdTransfer.Type

/**
 * The facts of a territory's life. Re-gridding events list every household they move, so the
 * question "which grid was this household in at time t" is answered from events alone, and a
 * report about last year still counts for the grid it was in then.
 */
export const TerritoryEvent = Schema.TaggedUnion({
  /** 划设 — an area is drawn: the district first, then each level under its parent. */
  AreaCreated: {
    ...base,
    areaId: AreaId,
    name: UnitName,
    level: Level,
    parentId: Schema.optional(AreaId),
    kind: Schema.optional(GridKind),
    boundary: Schema.optional(Boundary),
  },
  /** 更名 */
  AreaRenamed: { ...base, areaId: AreaId, name: UnitName },
  /** 边界调整 — the boundary is redrawn, or erased when absent. */
  BoundaryRedrawn: { ...base, areaId: AreaId, boundary: Schema.optional(Boundary) },
  /** 撤销 — the area stops existing from now on; history that names it keeps it. */
  AreaRetired: { ...base, areaId: AreaId },
  /** 网格拆分 — the grid retires and its parts take its households. */
  GridSplit: {
    ...base,
    gridId: AreaId,
    parts: Schema.Array(GridDrawn),
    moves: Schema.Array(HouseholdTransfer),
  },
  /** 网格合并 — the grids retire and one new area takes all their households. */
  GridsMerged: {
    ...base,
    gridIds: Schema.Array(AreaId),
    into: GridDrawn,
    moves: Schema.Array(HouseholdTransfer),
  },
  /** 职能部门设立 */
  DepartmentCreated: { ...base, departmentId: DepartmentId, name: UnitName, areaId: AreaId },
  DepartmentRenamed: { ...base, departmentId: DepartmentId, name: UnitName },
  /** 职能部门撤销 */
  DepartmentRetired: { ...base, departmentId: DepartmentId },
  /** 入格 — a household is placed in a grid or micro-grid. */
  HouseholdPlaced: {
    ...base,
    householdId: HouseholdId,
    areaId: AreaId,
    buildingId: Schema.optional(BuildingId),
  },
  /** 迁移 — a household moves to another grid, into `buildingId` when it is known. */
  HouseholdMoved: {
    ...base,
    householdId: HouseholdId,
    from: AreaId,
    to: AreaId,
    buildingId: Schema.optional(BuildingId),
  },
  /** 迁出 — a household leaves the territory. */
  HouseholdRemoved: { ...base, householdId: HouseholdId, from: AreaId },
  /** 任命 — a person takes a role in an area or department. */
  RoleGranted: { ...base, personId: PersonId, role: Role, scope: RoleScope },
  /**
   * 免职 — the role ends. Also recorded, one per role, when the area or department it was
   * scoped to retires (re-gridding included), so a roles read model never has to infer it.
   */
  RoleRevoked: { ...base, personId: PersonId, role: Role, scope: RoleScope },
}).annotate({ identifier: "TerritoryEvent" })
export type TerritoryEvent = typeof TerritoryEvent.Type
/** The tag of each territory event. */
export type TerritoryEventTag = TerritoryEvent["_tag"]
/** The territory event with tag `T`. */
export type TerritoryEventOf<T extends TerritoryEventTag> = Extract<TerritoryEvent, { readonly _tag: T }>
/** The stored type name of every territory event: what the codec reads and stores filter by. */
export const TERRITORY_EVENT_TYPES = Object.keys(TerritoryEvent.cases) as ReadonlyArray<TerritoryEventTag>
