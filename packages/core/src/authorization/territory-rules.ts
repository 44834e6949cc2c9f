import type { TerritoryCommand, TerritoryCommandTag } from "../territory/commands.ts"
import { ancestry, commonAncestry } from "../territory/hierarchy.ts"
import { currentAreaOf } from "../territory/households.ts"
import type { RoleScope } from "../territory/roles.ts"
import { departmentOf, type EstablishedTerritory, type TerritoryState } from "../territory/state.ts"
import type { AreaId } from "../territory/vocabulary.ts"
import type { RuleTable } from "./rules.ts"
import type { Target } from "./target.ts"

/** Who keeps the household register: the grid's people, the community, the command centre. */
const REGISTRARS = ["microGridWorker", "gridWorker", "gridLeader", "stationHead", "dispatcher"] as const

/**
 * Who may shape the territory. The map itself (areas, re-gridding, departments) and
 * appointments are the command centre's (指挥中心 / 网格化服务管理中心); a station head may
 * rename and redraw within the community; households are registered by whoever works the grid.
 */
export const TERRITORY_RULES: RuleTable<TerritoryCommandTag> = {
  CreateArea: { roles: ["dispatcher"] },
  RenameArea: { roles: ["dispatcher", "stationHead"] },
  RedrawBoundary: { roles: ["dispatcher", "stationHead"] },
  RetireArea: { roles: ["dispatcher"] },
  SplitGrid: { roles: ["dispatcher"] },
  MergeGrids: { roles: ["dispatcher"] },
  CreateDepartment: { roles: ["dispatcher"] },
  RenameDepartment: { roles: ["dispatcher"] },
  RetireDepartment: { roles: ["dispatcher"] },
  PlaceHousehold: { roles: REGISTRARS },
  MoveHousehold: { roles: REGISTRARS },
  RemoveHousehold: { roles: REGISTRARS },
  GrantRole: { roles: ["dispatcher"] },
  RevokeRole: { roles: ["dispatcher"] },
}

const departmentArea = (t: EstablishedTerritory, departmentId: string): ReadonlyArray<AreaId> => {
  const department = departmentOf(t, departmentId)
  return department === undefined ? [] : ancestry(t, department.areaId)
}

const scopeArea = (t: EstablishedTerritory, scope: RoleScope): ReadonlyArray<AreaId> =>
  scope._tag === "area" ? ancestry(t, scope.areaId) : departmentArea(t, scope.departmentId)

const householdArea = (t: EstablishedTerritory, householdId: string): ReadonlyArray<AreaId> => {
  const current = currentAreaOf(t, householdId)
  return current === undefined ? [] : ancestry(t, current)
}

/**
 * Places a territory command: the area it changes, or — when it changes several (a move between
 * grids, a merge) — the lowest area containing them all, so the actor must cover every one. A
 * new area is placed under its parent. Before the territory exists nothing is placed, so only
 * the unguarded handler can create its district.
 */
export const territoryTarget = (territory: TerritoryState, command: TerritoryCommand): Target => {
  if (!territory.exists) return { area: [] }
  const t = territory
  switch (command._tag) {
    case "CreateArea":
      return { area: command.parentId === undefined ? [] : ancestry(t, command.parentId) }
    case "RenameArea":
    case "RedrawBoundary":
    case "RetireArea":
    case "CreateDepartment":
    case "PlaceHousehold":
      return { area: ancestry(t, command.areaId) }
    case "SplitGrid":
      return { area: ancestry(t, command.gridId) }
    case "MergeGrids":
      return { area: commonAncestry(t, command.gridIds) }
    case "RenameDepartment":
    case "RetireDepartment":
      return { area: departmentArea(t, command.departmentId) }
    case "MoveHousehold": {
      const from = currentAreaOf(t, command.householdId)
      return { area: from === undefined ? [] : commonAncestry(t, [from, command.toAreaId]) }
    }
    case "RemoveHousehold":
      return { area: householdArea(t, command.householdId) }
    case "GrantRole":
    case "RevokeRole":
      return { area: scopeArea(t, command.scope) }
  }
}
