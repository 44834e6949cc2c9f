import type { Case, Territory } from "@gridcase/core"
import { Territory as T } from "@gridcase/core"

/**
 * What a member of staff may see (可见范围), from the roles they hold, exactly as commands are
 * authorized: an area role covers the area and everything under it (a grid worker their grid, a
 * community leader their community, a dispatcher their street); a department role covers the
 * cases dispatched to that department. A person also sees what is theirs: cases they reported
 * or that are dispatched to them.
 */
export interface Scope {
  readonly personId: string
  readonly areas: ReadonlyArray<Territory.AreaId>
  readonly departments: ReadonlyArray<Territory.DepartmentId>
}

export const scopeOf = (territory: Territory.State, personId: string): Scope => {
  const roles = territory.exists ? T.rolesOf(territory, personId) : []
  return {
    personId,
    areas: roles.flatMap(({ scope }) => (scope._tag === "area" ? [scope.areaId] : [])),
    departments: roles.flatMap(({ scope }) => (scope._tag === "department" ? [scope.departmentId] : [])),
  }
}

/** Whether a place (a grid, a community…) lies within one of the scope's areas. */
export const coversPlace = (territory: Territory.State, scope: Scope, placeId: string): boolean =>
  territory.exists && scope.areas.some((areaId) => T.isWithin(territory, placeId, areaId))

/** Whether a case is the caller's to see: its grid is in their areas, or it is theirs or their department's. */
export const coversCase = (territory: Territory.State, scope: Scope, c: Case.OpenedCase): boolean =>
  coversPlace(territory, scope, c.location.gridId) ||
  c.reportedBy === scope.personId ||
  (c.assignee?._tag === "person" && c.assignee.personId === scope.personId) ||
  (c.assignee?._tag === "department" && scope.departments.includes(c.assignee.departmentId))
