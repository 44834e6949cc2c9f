import { HashMap, Result } from "effect"
import { type AddressDirectory, normaliseAddress } from "./address.ts"
import type { GeoPoint } from "./boundary.ts"
import { NoGridFound, type RouteMethod } from "./errors.ts"
import { currentAreaOf } from "./households.ts"
import { boundaryContains } from "./point-in-polygon.ts"
import { areaOf, type EstablishedTerritory, isActive } from "./state.ts"
import type { AreaId, HouseholdId } from "./vocabulary.ts"

/**
 * Where a new case belongs. `areaId` is the finest area found — a micro-grid when there is one —
 * and is what goes into the case's `location.gridId`; `gridId` is the grid it lies in (the same
 * id when `areaId` is a grid).
 */
export interface GridRoute {
  readonly areaId: AreaId
  readonly gridId: AreaId
  readonly by: RouteMethod
}

/** What is known about where a problem is; any subset. */
export interface RouteRequest {
  readonly householdId?: HouseholdId
  readonly address?: string
  readonly point?: GeoPoint
}

type Routed = Result.Result<GridRoute, NoGridFound>

const notFound = (t: EstablishedTerritory, tried: ReadonlyArray<RouteMethod>, detail: string): Routed =>
  Result.fail(new NoGridFound({ territoryId: t.territoryId, tried, detail }))

const routeTo = (t: EstablishedTerritory, areaId: AreaId, by: RouteMethod): GridRoute => {
  const area = areaOf(t, areaId)
  const gridId = area?.level === "microGrid" && area.parentId !== undefined ? area.parentId : areaId
  return { areaId, gridId, by }
}

/** The grid of the household's current placement. */
export const routeByHousehold = (t: EstablishedTerritory, householdId: HouseholdId): Routed => {
  const areaId = currentAreaOf(t, householdId)
  return areaId === undefined
    ? notFound(t, ["household"], `household ${householdId} sits in no grid`)
    : Result.succeed(routeTo(t, areaId, "household"))
}

/**
 * Exact normalised address → household → its grid. Several households at one address (a
 * building's shared entrance) route only when they all sit in the same grid.
 */
export const routeByAddress = (
  t: EstablishedTerritory,
  directory: AddressDirectory,
  address: string,
): Routed => {
  const households = directory.get(normaliseAddress(address)) ?? []
  const areas = new Set(households.map((householdId) => currentAreaOf(t, householdId)))
  const [only] = areas
  if (households.length === 0) return notFound(t, ["address"], `no household at "${address}"`)
  if (areas.size > 1 || only === undefined) {
    return notFound(t, ["address"], `the households at "${address}" do not sit in one grid`)
  }
  return Result.succeed(routeTo(t, only, "address"))
}

/**
 * The active grid or micro-grid whose boundary contains the point. A micro-grid wins over a
 * grid (it is finer); between areas of one level — a point exactly on their shared border —
 * the smallest id wins, so the answer never depends on map iteration order.
 */
export const routeByCoordinates = (t: EstablishedTerritory, point: GeoPoint): Routed => {
  let best: { readonly areaId: AreaId; readonly micro: boolean } | undefined
  for (const area of HashMap.values(t.areas)) {
    if (!isActive(area) || area.boundary === undefined || !boundaryContains(area.boundary, point)) continue
    const micro = area.level === "microGrid"
    if (best === undefined || (micro && !best.micro) || (micro === best.micro && area.areaId < best.areaId)) {
      best = { areaId: area.areaId, micro }
    }
  }
  return best === undefined
    ? notFound(t, ["coordinates"], `no grid boundary contains (${point.lat}, ${point.long})`)
    : Result.succeed(routeTo(t, best.areaId, "coordinates"))
}

/**
 * Routes a new case by what is known, most precise first: the household, then the address, then
 * the coordinates. The address is only tried with a directory (the territory holds no addresses).
 * `NoGridFound` lists every means tried and why each failed.
 */
export const routeCase = (
  t: EstablishedTerritory,
  request: RouteRequest,
  directory?: AddressDirectory,
): Routed => {
  const attempts: Array<() => Routed> = []
  if (request.householdId !== undefined) {
    const { householdId } = request
    attempts.push(() => routeByHousehold(t, householdId))
  }
  if (request.address !== undefined && directory !== undefined) {
    const { address } = request
    attempts.push(() => routeByAddress(t, directory, address))
  }
  if (request.point !== undefined) {
    const { point } = request
    attempts.push(() => routeByCoordinates(t, point))
  }
  const failures: Array<NoGridFound> = []
  for (const attempt of attempts) {
    const routed = attempt()
    if (Result.isSuccess(routed)) return routed
    failures.push(routed.failure)
  }
  return notFound(
    t,
    failures.flatMap((failure) => failure.tried),
    failures.length === 0
      ? "no household, address or coordinates given"
      : failures.map((f) => f.detail).join("; "),
  )
}
