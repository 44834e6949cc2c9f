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

/** Every territory command names its territory, when it was issued and who issued it. */
const base = { territoryId: TerritoryId, at: Instant, by: ActorId }

/**
 * A grid or micro-grid that re-gridding brings into being. `kind` is for grids only and defaults
 * to the kind of the grid it comes from (or comprehensive when created afresh).
 */
export const NewGrid = Schema.Struct({
  areaId: AreaId,
  name: UnitName,
  kind: Schema.optional(GridKind),
  boundary: Schema.optional(Boundary),
}).annotate({ identifier: "NewGrid" })
export type NewGrid = typeof NewGrid.Type

/** One part of a split: the new grid and the households that go to it. */
export const SplitPart = Schema.Struct({
  ...NewGrid.fields,
  households: Schema.Array(HouseholdId),
}).annotate({ identifier: "SplitPart" })
export type SplitPart = typeof SplitPart.Type

/**
 * The commands that shape a territory (docs/domain.md#levels): its areas, departments, households' grids
 * and who holds which role where. The Chinese term of each is on the event it produces.
 */
export const TerritoryCommand = Schema.TaggedUnion({
  /**
   * The first command of a territory creates its district (no parent, `areaId` equal to the
   * territory id); every later area names a parent one level up.
   */
  CreateArea: {
    ...base,
    areaId: AreaId,
    name: UnitName,
    level: Level,
    parentId: Schema.optional(AreaId),
    kind: Schema.optional(GridKind),
    boundary: Schema.optional(Boundary),
  },
  RenameArea: { ...base, areaId: AreaId, name: UnitName },
  /** Draws, redraws or (without `boundary`) erases a grid's or micro-grid's boundary. */
  RedrawBoundary: { ...base, areaId: AreaId, boundary: Schema.optional(Boundary) },
  /** Retires an empty area: no active sub-areas, households or departments left in it. */
  RetireArea: { ...base, areaId: AreaId },
  /** Re-gridding: one grid (or micro-grid) becomes several; every household goes to exactly one part. */
  SplitGrid: { ...base, gridId: AreaId, parts: Schema.Array(SplitPart).check(Schema.isMinLength(2)) },
  /** Re-gridding: sibling grids (or micro-grids) become one new area with all their households. */
  MergeGrids: { ...base, gridIds: Schema.Array(AreaId).check(Schema.isMinLength(2)), into: NewGrid },
  /** A department sits beside the hierarchy, at a street or the district. */
  CreateDepartment: { ...base, departmentId: DepartmentId, name: UnitName, areaId: AreaId },
  RenameDepartment: { ...base, departmentId: DepartmentId, name: UnitName },
  RetireDepartment: { ...base, departmentId: DepartmentId },
  /** A household takes its place in a grid or micro-grid (e.g. after a door-knocking visit), in its building. */
  PlaceHousehold: {
    ...base,
    householdId: HouseholdId,
    areaId: AreaId,
    buildingId: Schema.optional(BuildingId),
  },
  /** The household moves house to another grid: its new building, if known (the old one no longer holds). */
  MoveHousehold: {
    ...base,
    householdId: HouseholdId,
    toAreaId: AreaId,
    toBuildingId: Schema.optional(BuildingId),
  },
  /** The household leaves the territory (moved away, dissolved); its history stays. */
  RemoveHousehold: { ...base, householdId: HouseholdId },
  GrantRole: { ...base, personId: PersonId, role: Role, scope: RoleScope },
  RevokeRole: { ...base, personId: PersonId, role: Role, scope: RoleScope },
}).annotate({ identifier: "TerritoryCommand" })
export type TerritoryCommand = typeof TerritoryCommand.Type
/** The tag of each territory command. */
export type TerritoryCommandTag = TerritoryCommand["_tag"]
/** The territory command with tag `T`. */
export type TerritoryCommandOf<T extends TerritoryCommandTag> = Extract<
  TerritoryCommand,
  { readonly _tag: T }
>
