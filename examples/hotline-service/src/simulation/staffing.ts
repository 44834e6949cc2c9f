import type { Level } from "@gridcase/core"
import type { DistrictPlan } from "../district/district-plan.ts"

/** Who does what where in a planned district: the lookups the simulated people act by. */
export interface Staffing {
  readonly grids: ReadonlyArray<string>
  readonly workerOf: (gridId: string) => string
  /** Who owns a case at a level (registers, dispatches, closes): 网格长, 站长, the command centre. */
  readonly ownerOf: (gridId: string, level: Level.Level) => string
  readonly supervisor: string
  readonly hotlineOperator: string
  readonly departments: ReadonlyArray<string>
  readonly handlerOf: (departmentId: string) => string
}

/** The first grant of each key, as `find` over the roles would give it, looked up in a map. */
const firstBy = (
  roles: DistrictPlan["roles"],
  keyOf: (grant: DistrictPlan["roles"][number]) => string | undefined,
): ReadonlyMap<string, string> => {
  const first = new Map<string, string>()
  for (const grant of roles) {
    const key = keyOf(grant)
    if (key !== undefined && !first.has(key)) first.set(key, grant.personId)
  }
  return first
}

/**
 * Who does what where, indexed once: every simulated step asks who owns its case, so a scan of
 * the district's grants per question (thousands in a district of 1,000 grids) cost time that
 * grew with the district (bench/findings.md, finding 16).
 */
export const staffingOf = (plan: DistrictPlan): Staffing => {
  const byRoleAndArea = firstBy(plan.roles, (grant) => JSON.stringify([grant.role, grant.areaId]))
  const byDepartment = firstBy(plan.roles, (grant) => grant.departmentId)
  const holder = (role: string, areaId: string) => byRoleAndArea.get(JSON.stringify([role, areaId]))
  const parentOf = new Map(plan.areas.map((area) => [area.areaId, area.parentId]))
  const grids = plan.areas.filter((area) => area.level === "grid").map((area) => area.areaId)
  const street = plan.areas.find((area) => area.level === "street")!.areaId
  const need = (person: string | undefined, what: string) => {
    if (person === undefined) throw new Error(`the plan has no ${what}`)
    return person
  }
  return {
    grids,
    workerOf: (gridId) => need(holder("gridWorker", gridId), `grid worker for ${gridId}`),
    ownerOf: (gridId, level) => {
      switch (level) {
        case "microGrid":
        case "grid":
          return need(holder("gridLeader", gridId), `grid leader for ${gridId}`)
        case "community":
          return need(holder("stationHead", parentOf.get(gridId) ?? ""), `station head above ${gridId}`)
        case "street":
          return need(holder("dispatcher", street), "street dispatcher")
        case "district":
          return need(holder("dispatcher", plan.territoryId), "district dispatcher")
      }
    },
    supervisor: need(holder("supervisor", street), "street supervisor"),
    hotlineOperator: need(holder("hotlineOperator", street), "12345 operator"),
    departments: plan.departments.map((department) => department.departmentId),
    handlerOf: (departmentId) => need(byDepartment.get(departmentId), `handler of ${departmentId}`),
  }
}
