/**
 * The territory (辖区, docs/domain.md#levels): a district's areas down to grids and micro-grids,
 * with their boundaries, functional departments, households and who holds which role where.
 * Re-gridding (split, merge) keeps history: where a household sat at any moment stays answerable.
 * One stream per district. Routing places a report in a grid by household, address or
 * coordinates.
 *
 * @module
 */
export {
  type GuardedTerritoryHandler as GuardedHandler,
  makeGuardedTerritoryHandler as makeGuardedHandler,
} from "./authorization/guarded-territory-handler.ts"
export { type AddressDirectory, makeAddressDirectory, normaliseAddress } from "./territory/address.ts"
export { Boundary, type GeoPoint, LinearRing, MultiPolygon, Polygon, Position } from "./territory/boundary.ts"
export {
  TERRITORY_STREAM_PREFIX as STREAM_PREFIX,
  territoryEventCodec as eventCodec,
  territoryStreamId as streamId,
} from "./territory/codec.ts"
export {
  NewGrid,
  SplitPart,
  TerritoryCommand as Command,
  type TerritoryCommandOf as CommandOf,
  type TerritoryCommandTag as CommandTag,
} from "./territory/commands.ts"
export { decideTerritory as decide, makeTerritoryDecider as makeDecider } from "./territory/decide.ts"
export {
  NoGridFound,
  RouteMethod,
  type TerritoryError as Error,
  TerritoryRule as Rule,
  TerritoryRuleViolated,
} from "./territory/errors.ts"
export {
  GridDrawn,
  HouseholdTransfer,
  TERRITORY_EVENT_TYPES as EVENT_TYPES,
  TerritoryEvent as Event,
  type TerritoryEventOf as EventOf,
  type TerritoryEventTag as EventTag,
} from "./territory/events.ts"
export { evolveTerritory as evolve } from "./territory/evolve.ts"
export { ancestry, areaAtLevel, childrenOf, commonAncestry, isWithin } from "./territory/hierarchy.ts"
export { buildingOf, currentAreaOf, gridAt, householdsIn } from "./territory/households.ts"
export {
  HELPER_ROLES,
  ROLE_SCOPES,
  ROLES,
  Role,
  RoleScope,
  ScopedRole,
  showScopedRole,
} from "./territory/roles.ts"
export {
  type GridRoute,
  type RouteRequest,
  routeByAddress,
  routeByCoordinates,
  routeByHousehold,
  routeCase,
} from "./territory/routing.ts"
export { holdersOf, type RoleHolder, unstaffedGrids } from "./territory/staffing.ts"
export {
  type Area,
  areaOf,
  type Department,
  departmentOf,
  type EstablishedTerritory,
  initialTerritoryState as initialState,
  isActive,
  isGridLevel,
  type NoTerritory,
  type Placement,
  placementsOf,
  rolesOf,
  type TerritoryState as State,
} from "./territory/state.ts"
export {
  decodeTerritoryCommand as decodeCommand,
  makeTerritoryHandler as makeHandler,
  type TerritoryHandler as Handler,
} from "./territory/territory-handler.ts"
export {
  AreaId,
  BuildingId,
  COMPREHENSIVE,
  DepartmentId,
  GridKind,
  GridPurpose,
  HouseholdId,
  PersonId,
  TerritoryId as Id,
  UnitName,
} from "./territory/vocabulary.ts"
