import { Schema } from "effect"

/** The rules a territory command can break. */
export const TerritoryRule = Schema.Literals([
  /** Only the district may be created before the territory exists. */
  "territoryNotEstablished",
  /** The territory's first area is its district, with the territory's id and no parent. */
  "rootMustBeDistrict",
  /** A territory has one district; every later area names its parent. */
  "parentRequired",
  "territoryIdMismatch",
  "clockWentBackwards",
  /** Ids are never reused, retired ones included, so history stays unambiguous. */
  "idTaken",
  "unknownArea",
  "areaRetired",
  /** An area's parent sits exactly one level up (a grid's parent is a community). */
  "wrongParentLevel",
  "kindOnlyForGrids",
  "boundaryOnlyForGrids",
  /** The district is the territory itself. */
  "cannotRetireDistrict",
  /** Sub-areas, households or departments still in the area. */
  "areaNotEmpty",
  /** Re-gridding and household placement work on grids and micro-grids only. */
  "notAGrid",
  /** Re-grid a grid's micro-grids first: areas never change parent. */
  "hasMicroGrids",
  "duplicateIds",
  "notSiblings",
  /** Every household of the split grid goes to exactly one part. */
  "householdsNotPartitioned",
  "unknownDepartment",
  "departmentRetired",
  /** Departments sit beside a street or the district. */
  "departmentMisplaced",
  "householdAlreadyPlaced",
  "householdNotPlaced",
  "alreadyThere",
  /** The role cannot be held at that level (a grid worker at a street, say). */
  "roleScopeMismatch",
  "roleAlreadyHeld",
  "roleNotHeld",
])
export type TerritoryRule = typeof TerritoryRule.Type

/** A territory command refused by a rule; `detail` says what was expected. */
export class TerritoryRuleViolated extends Schema.TaggedError<TerritoryRuleViolated>()(
  "TerritoryRuleViolated",
  {
    territoryId: Schema.String,
    command: Schema.String,
    rule: TerritoryRule,
    detail: Schema.String,
  },
) {
  override get message(): string {
    return `${this.command} in territory ${this.territoryId} refused (${this.rule}): ${this.detail}`
  }
}

/** Every refusal a territory command can meet. */
export type TerritoryError = TerritoryRuleViolated

/** How a new case can be placed in a grid. */
export const RouteMethod = Schema.Literals(["household", "address", "coordinates"])
export type RouteMethod = typeof RouteMethod.Type

/**
 * No grid could be found for a new case by any of the means tried: the household is unknown
 * or gone, the address is not in the directory (or names households in different grids), or
 * no active grid's boundary contains the point.
 */
export class NoGridFound extends Schema.TaggedError<NoGridFound>()("NoGridFound", {
  territoryId: Schema.String,
  tried: Schema.Array(RouteMethod),
  detail: Schema.String,
}) {
  override get message(): string {
    return `no grid found in territory ${this.territoryId} (tried ${this.tried.join(", ") || "nothing"}): ${this.detail}`
  }
}
