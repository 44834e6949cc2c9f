import { Territory } from "@gridcase/core"
import { HashMap } from "effect"
import { ROLE_LABELS } from "../vocabulary.ts"

/** Which role names a person best, highest responsibility first (a leader who also works a grid is its leader). */
const ROLE_ORDER: ReadonlyArray<Territory.Role> = [
  "dispatcher",
  "supervisor",
  "stationHead",
  "gridLeader",
  "departmentHandler",
  "hotlineOperator",
  "gridWorker",
  "microGridWorker",
  "partyGroupLeader",
  "buildingHead",
  "volunteer",
]

/** "供水所 — water works" → "供水所": a unit's name as the screen shows it. */
const chinesePart = (name: string) => name.split(" — ")[0] ?? name

/** The name of where a role applies: the area or department; several areas under one parent are named by it. */
const scopeName = (territory: Territory.EstablishedTerritory, scopes: ReadonlyArray<Territory.RoleScope>) => {
  const names = scopes.map((scope) =>
    scope._tag === "department"
      ? chinesePart(Territory.departmentOf(territory, scope.departmentId)?.name ?? scope.departmentId)
      : (Territory.areaOf(territory, scope.areaId)?.name ?? scope.areaId),
  )
  if (names.length <= 1) return names[0] ?? ""
  const parents = new Set(
    scopes.map((scope) =>
      scope._tag === "area" ? Territory.areaOf(territory, scope.areaId)?.parentId : undefined,
    ),
  )
  const [parent] = parents
  const shared = parents.size === 1 && parent !== undefined ? Territory.areaOf(territory, parent) : undefined
  return shared !== undefined ? shared.name : `${names[0]}等${names.length}处`
}

/**
 * How the screen names a person (人员称谓): their main role where it applies — "盛唐路社区 网格长",
 * "供水所 部门处置人员" — for staff ids are no names (the territory keeps roles, not personal
 * names). Unknown people keep their id.
 */
export const staffName = (territory: Territory.EstablishedTerritory, personId: string): string => {
  const roles = Territory.rolesOf(territory, personId)
  const main = ROLE_ORDER.find((role) => roles.some((held) => held.role === role))
  if (main === undefined) return personId
  const scopes = roles.filter((held) => held.role === main).map((held) => held.scope)
  return `${scopeName(territory, scopes)} ${ROLE_LABELS[main].zh}`
}

/**
 * Every id the screen may show, with the name to show instead (名称): areas, departments,
 * staff. Residents are not here: their names are sealed personal data.
 */
export const namesOf = (territory: Territory.State): Readonly<Record<string, string>> => {
  if (!territory.exists) return {}
  const names: Record<string, string> = {}
  for (const area of HashMap.values(territory.areas)) names[area.areaId] = area.name
  for (const department of HashMap.values(territory.departments)) {
    names[department.departmentId] = chinesePart(department.name)
  }
  for (const personId of HashMap.keys(territory.staff)) names[personId] = staffName(territory, personId)
  return names
}
