import { HashMap } from "effect"
import type { Instant } from "../shared/instant.ts"
import type { GridDrawn, HouseholdTransfer, TerritoryEvent } from "./events.ts"
import { type ScopedRole, sameScopedRole } from "./roles.ts"
import {
  type Area,
  areaOf,
  type Department,
  departmentOf,
  type EstablishedTerritory,
  placementsOf,
  rolesOf,
  type TerritoryState,
} from "./state.ts"
import type { AreaId, BuildingId, HouseholdId, PersonId } from "./vocabulary.ts"

const withArea = (
  t: EstablishedTerritory,
  areaId: AreaId,
  change: (area: Area) => Area,
): EstablishedTerritory => {
  const area = areaOf(t, areaId)
  return area === undefined ? t : { ...t, areas: HashMap.set(t.areas, areaId, change(area)) }
}

const withDepartment = (
  t: EstablishedTerritory,
  departmentId: string,
  change: (department: Department) => Department,
): EstablishedTerritory => {
  const department = departmentOf(t, departmentId)
  return department === undefined
    ? t
    : { ...t, departments: HashMap.set(t.departments, departmentId, change(department)) }
}

/** Adds a placement; `building` is the household's building from now on (`keep`: the one it had). */
const place = (
  t: EstablishedTerritory,
  householdId: HouseholdId,
  areaId: AreaId | undefined,
  since: Instant,
  building: BuildingId | undefined | "keep",
): EstablishedTerritory => {
  const placements = placementsOf(t, householdId)
  const buildingId = building === "keep" ? placements.at(-1)?.buildingId : building
  const placement = buildingId === undefined ? { areaId, since } : { areaId, buildingId, since }
  return { ...t, households: HashMap.set(t.households, householdId, [...placements, placement]) }
}

const withRoles = (
  t: EstablishedTerritory,
  personId: PersonId,
  roles: ReadonlyArray<ScopedRole>,
): EstablishedTerritory => ({
  ...t,
  staff: roles.length === 0 ? HashMap.remove(t.staff, personId) : HashMap.set(t.staff, personId, roles),
})

/** Re-gridding: the old areas retire (pointing at their successors), the new ones appear, households move. */
const regrid = (
  t: EstablishedTerritory,
  retired: ReadonlyArray<AreaId>,
  drawn: ReadonlyArray<GridDrawn>,
  moves: ReadonlyArray<HouseholdTransfer>,
  at: Instant,
): EstablishedTerritory => {
  const template = areaOf(t, retired[0] as AreaId)
  if (template === undefined) return t
  const successors = drawn.map((grid) => grid.areaId)
  let next = t
  for (const areaId of retired) {
    next = withArea(next, areaId, (area) => ({ ...area, retiredAt: at, replacedBy: successors }))
  }
  let areas = next.areas
  for (const grid of drawn) {
    areas = HashMap.set(areas, grid.areaId, {
      areaId: grid.areaId,
      name: grid.name,
      level: template.level,
      parentId: template.parentId,
      kind: grid.kind,
      boundary: grid.boundary,
      createdAt: at,
    })
  }
  next = { ...next, areas }
  for (const move of moves) next = place(next, move.householdId, move.to, at, "keep")
  return next
}

/**
 * Folds one event into a territory. Total and pure: an event the state cannot take (which
 * `decide` never produces) leaves the state as it was, so replay never crashes.
 */
export const evolveTerritory = (state: TerritoryState, event: TerritoryEvent): TerritoryState => {
  if (!state.exists) {
    if (event._tag !== "AreaCreated") return state
    const district: Area = {
      areaId: event.areaId,
      name: event.name,
      level: event.level,
      createdAt: event.at,
    }
    return {
      exists: true,
      territoryId: event.territoryId,
      lastAt: event.at,
      areas: HashMap.make([event.areaId, district]),
      departments: HashMap.empty(),
      households: HashMap.empty(),
      staff: HashMap.empty(),
    }
  }
  const at = event.at
  const t: EstablishedTerritory = state.lastAt === at ? state : { ...state, lastAt: at }
  switch (event._tag) {
    case "AreaCreated":
      return {
        ...t,
        areas: HashMap.set(t.areas, event.areaId, {
          areaId: event.areaId,
          name: event.name,
          level: event.level,
          parentId: event.parentId,
          kind: event.kind,
          boundary: event.boundary,
          createdAt: at,
        }),
      }
    case "AreaRenamed":
      return withArea(t, event.areaId, (area) => ({ ...area, name: event.name }))
    case "BoundaryRedrawn":
      return withArea(t, event.areaId, (area) => ({ ...area, boundary: event.boundary }))
    case "AreaRetired":
      return withArea(t, event.areaId, (area) => ({ ...area, retiredAt: at }))
    case "GridSplit":
      return regrid(t, [event.gridId], event.parts, event.moves, at)
    case "GridsMerged":
      return regrid(t, event.gridIds, [event.into], event.moves, at)
    case "DepartmentCreated":
      return {
        ...t,
        departments: HashMap.set(t.departments, event.departmentId, {
          departmentId: event.departmentId,
          name: event.name,
          areaId: event.areaId,
          createdAt: at,
        }),
      }
    case "DepartmentRenamed":
      return withDepartment(t, event.departmentId, (department) => ({ ...department, name: event.name }))
    case "DepartmentRetired":
      return withDepartment(t, event.departmentId, (department) => ({ ...department, retiredAt: at }))
    case "HouseholdPlaced":
      return place(t, event.householdId, event.areaId, at, event.buildingId)
    case "HouseholdMoved":
      return place(t, event.householdId, event.to, at, event.buildingId)
    case "HouseholdRemoved":
      return place(t, event.householdId, undefined, at, undefined)
    case "RoleGranted": {
      const granted: ScopedRole = { role: event.role, scope: event.scope }
      return withRoles(t, event.personId, [...rolesOf(t, event.personId), granted])
    }
    case "RoleRevoked": {
      const revoked: ScopedRole = { role: event.role, scope: event.scope }
      return withRoles(
        t,
        event.personId,
        rolesOf(t, event.personId).filter((held) => !sameScopedRole(held, revoked)),
      )
    }
  }
}
