import { Schema } from "effect"

/**
 * A territory (辖区): one district (区 / 高新区) with everything under it. Its id is the
 * district area's id, and it names the territory's event stream.
 */
export const TerritoryId = Schema.NonEmptyString.annotate({ identifier: "TerritoryId" })
export type TerritoryId = typeof TerritoryId.Type

/**
 * An area of the hierarchy: the district, a street office or town (街道 / 镇), a community or
 * village (社区 / 村), a grid (网格) or a micro-grid (微网格). Never reused, not even after the
 * area is retired, so history that names it stays unambiguous.
 */
export const AreaId = Schema.NonEmptyString.annotate({ identifier: "AreaId" })
export type AreaId = typeof AreaId.Type

/** A functional department (职能部门: water, gas, housing, civil affairs, police station…). */
export const DepartmentId = Schema.NonEmptyString.annotate({ identifier: "DepartmentId" })
export type DepartmentId = typeof DepartmentId.Type

/**
 * A household (户): a reference only. Who lives there, and the dwelling's address, are personal
 * data kept (encrypted) with the residents; the territory only knows which grid the household
 * sits in, and since when.
 */
export const HouseholdId = Schema.NonEmptyString.annotate({ identifier: "HouseholdId" })
export type HouseholdId = typeof HouseholdId.Type

/**
 * A building (楼栋): the unit a building head (楼栋长) looks after and staff list residents by.
 * A reference, like a household's: the street address stays with the residents' sealed details.
 */
export const BuildingId = Schema.NonEmptyString.annotate({ identifier: "BuildingId" })
export type BuildingId = typeof BuildingId.Type

/** A member of staff or a volunteer: a reference only, as for households. */
export const PersonId = Schema.NonEmptyString.annotate({ identifier: "PersonId" })
export type PersonId = typeof PersonId.Type

/** An area's or department's display name ("南山社区第3网格"). */
export const UnitName = Schema.String.check(Schema.isBetweenLength(1, 200))

/** What a dedicated grid (专属网格) is dedicated to. */
export const GridPurpose = Schema.Literals([
  "commercialZone",
  "school",
  "hospital",
  "industrialPark",
]).annotate({ identifier: "GridPurpose" })
export type GridPurpose = typeof GridPurpose.Type

/**
 * A grid's kind: comprehensive (综合网格, the residential default) or dedicated (专属网格:
 * Nanshan's commercial-zone grid, a school, a hospital, an industrial park).
 */
export const GridKind = Schema.Union([
  Schema.TaggedStruct("comprehensive", {}),
  Schema.TaggedStruct("dedicated", { purpose: GridPurpose }),
]).annotate({ identifier: "GridKind" })
export type GridKind = typeof GridKind.Type

/** The comprehensive grid (综合网格): the kind of a grid that names none. */
export const COMPREHENSIVE: GridKind = { _tag: "comprehensive" }
