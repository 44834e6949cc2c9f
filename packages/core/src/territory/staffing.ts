import { HashMap } from "effect"
import { type Role, type RoleScope, sameScope } from "./roles.ts"
import { type Area, type EstablishedTerritory, isActive } from "./state.ts"
import type { PersonId } from "./vocabulary.ts"

/** One person's hold on one role in one scope. */
export interface RoleHolder {
  readonly personId: PersonId
  readonly role: Role
  readonly scope: RoleScope
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Everyone holding a role scoped exactly to `scope` (any role, or only `role`), by person. */
export const holdersOf = (
  t: EstablishedTerritory,
  scope: RoleScope,
  role?: Role,
): ReadonlyArray<RoleHolder> => {
  const found: Array<RoleHolder> = []
  for (const [personId, roles] of t.staff) {
    for (const held of roles) {
      if (sameScope(held.scope, scope) && (role === undefined || held.role === role)) {
        found.push({ personId, role: held.role, scope: held.scope })
      }
    }
  }
  return found.sort((a, b) => compare(a.personId, b.personId) || compare(a.role, b.role))
}

/** The worker a grid-level area needs: a grid worker (网格员) per grid, a micro-grid worker (微网格员) per micro-grid. */
const WORKER_FOR: Partial<Record<Area["level"], Role>> = { grid: "gridWorker", microGrid: "microGridWorker" }

/**
 * Active grids and micro-grids with nobody in their worker role — Minxin Road has 45 grid
 * workers for 100 grids, and this list is where the gap shows. A grid counts as staffed by a
 * grid worker only; its leader or volunteers do not patrol it full-time.
 */
export const unstaffedGrids = (t: EstablishedTerritory): ReadonlyArray<Area> => {
  const staffed = new Set<string>()
  for (const roles of HashMap.values(t.staff)) {
    for (const { role, scope } of roles) if (scope._tag === "area") staffed.add(`${role}@${scope.areaId}`)
  }
  const needsWorker = (area: Area): boolean => {
    const worker = WORKER_FOR[area.level]
    return worker !== undefined && !staffed.has(`${worker}@${area.areaId}`)
  }
  return HashMap.toValues(HashMap.filter(t.areas, (area) => isActive(area) && needsWorker(area))).sort(
    (a, b) => (a.areaId < b.areaId ? -1 : a.areaId > b.areaId ? 1 : 0),
  )
}
