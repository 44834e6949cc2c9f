import { HashMap, Result } from "effect"
import { type Decisions, dispatch, emit, misaddressed, refuser, stamper } from "../internal/decision.ts"
import type { Decider } from "../shared/decider.ts"
import { type Level, levelAbove } from "../shared/level.ts"
import type { Boundary } from "./boundary.ts"
import type { TerritoryCommand, TerritoryCommandOf } from "./commands.ts"
import { type TerritoryError, type TerritoryRule, TerritoryRuleViolated } from "./errors.ts"
import type { GridDrawn, HouseholdTransfer, TerritoryEvent } from "./events.ts"
import { evolveTerritory } from "./evolve.ts"
import { childrenOf } from "./hierarchy.ts"
import { currentAreaOf, householdsIn } from "./households.ts"
import { ROLE_SCOPES, type RoleScope, sameScopedRole } from "./roles.ts"
import { holdersOf } from "./staffing.ts"
import {
  type Area,
  areaOf,
  type Department,
  departmentOf,
  type EstablishedTerritory,
  initialTerritoryState,
  isActive,
  isGridLevel,
  rolesOf,
  type TerritoryState,
} from "./state.ts"
import { type AreaId, COMPREHENSIVE, type GridKind } from "./vocabulary.ts"

type Decision = Result.Result<ReadonlyArray<TerritoryEvent>, TerritoryError>
type Checked<A> = Result.Result<A, TerritoryError>

const refuse = refuser(
  (command: TerritoryCommand, rule: TerritoryRule, detail: string) =>
    new TerritoryRuleViolated({ territoryId: command.territoryId, command: command._tag, rule, detail }),
)

/** The fields every event copies from its command. */
const stamp = stamper("territoryId")

const activeArea = (command: TerritoryCommand, t: EstablishedTerritory, areaId: AreaId): Checked<Area> => {
  const area = areaOf(t, areaId)
  if (area === undefined) return refuse(command, "unknownArea", `no area ${areaId} in this territory`)
  if (!isActive(area)) return refuse(command, "areaRetired", `${areaId} was retired`)
  return Result.succeed(area)
}

/** An active grid or micro-grid: where households sit. */
const gridArea = (command: TerritoryCommand, t: EstablishedTerritory, areaId: AreaId): Checked<Area> =>
  Result.flatMap(activeArea(command, t, areaId), (area) =>
    isGridLevel(area.level)
      ? Result.succeed(area)
      : refuse(command, "notAGrid", `${areaId} is a ${area.level}, not a grid or micro-grid`),
  )

/** A grid or micro-grid that re-gridding may retire: active and without micro-grids of its own. */
const regriddable = (command: TerritoryCommand, t: EstablishedTerritory, areaId: AreaId): Checked<Area> =>
  Result.flatMap(gridArea(command, t, areaId), (area) => {
    const children = childrenOf(t, areaId)
    return children.length === 0
      ? Result.succeed(area)
      : refuse(
          command,
          "hasMicroGrids",
          `${areaId} still has micro-grids ${children.map((child) => child.areaId).join(", ")}`,
        )
  })

const activeDepartment = (
  command: TerritoryCommand,
  t: EstablishedTerritory,
  departmentId: string,
): Checked<Department> => {
  const department = departmentOf(t, departmentId)
  if (department === undefined) return refuse(command, "unknownDepartment", `no department ${departmentId}`)
  if (!isActive(department)) return refuse(command, "departmentRetired", `${departmentId} was retired`)
  return Result.succeed(department)
}

/** Kinds belong to grids, boundaries to grids and micro-grids; a grid without a kind is comprehensive. */
const settledKind = (
  command: TerritoryCommand,
  level: Level,
  kind: GridKind | undefined,
  boundary: Boundary | undefined,
  inherited: GridKind | undefined,
): Checked<GridKind | undefined> => {
  if (kind !== undefined && level !== "grid") {
    return refuse(command, "kindOnlyForGrids", `a ${level} has no grid kind`)
  }
  if (boundary !== undefined && !isGridLevel(level)) {
    return refuse(
      command,
      "boundaryOnlyForGrids",
      `boundaries are drawn for grids and micro-grids, not a ${level}`,
    )
  }
  return Result.succeed(level === "grid" ? (kind ?? inherited ?? COMPREHENSIVE) : undefined)
}

const idsFree = (
  command: TerritoryCommand,
  t: EstablishedTerritory,
  ids: ReadonlyArray<AreaId>,
): Checked<void> => {
  if (new Set(ids).size !== ids.length)
    return refuse(command, "duplicateIds", `ids repeat in ${ids.join(", ")}`)
  const taken = ids.filter((id) => HashMap.has(t.areas, id))
  return taken.length === 0
    ? Result.succeed(undefined)
    : refuse(command, "idTaken", `area id(s) ${taken.join(", ")} already used`)
}

/** The roles that end with a retiring area or department, one `RoleRevoked` each. */
const revocations = (
  t: EstablishedTerritory,
  command: TerritoryCommand,
  scopes: ReadonlyArray<RoleScope>,
): ReadonlyArray<TerritoryEvent> =>
  scopes.flatMap((scope) =>
    holdersOf(t, scope).map(
      (holder): TerritoryEvent => ({ _tag: "RoleRevoked", ...stamp(command), ...holder }),
    ),
  )

const areaScopes = (areaIds: ReadonlyArray<AreaId>): ReadonlyArray<RoleScope> =>
  areaIds.map((areaId) => ({ _tag: "area", areaId }))

/** Every household of the grid goes to exactly one part, and only households of the grid. */
const partition = (
  command: TerritoryCommandOf<"SplitGrid">,
  t: EstablishedTerritory,
): Checked<ReadonlyArray<HouseholdTransfer>> => {
  const inGrid = new Set(householdsIn(t, command.gridId))
  const seen = new Set<string>()
  const moves: Array<HouseholdTransfer> = []
  for (const part of command.parts) {
    for (const householdId of part.households) {
      if (seen.has(householdId))
        return refuse(command, "householdsNotPartitioned", `${householdId} is in two parts`)
      if (!inGrid.has(householdId)) {
        return refuse(command, "householdsNotPartitioned", `${householdId} is not in ${command.gridId}`)
      }
      seen.add(householdId)
      moves.push({ householdId, from: command.gridId, to: part.areaId })
    }
  }
  const missing = [...inGrid].filter((householdId) => !seen.has(householdId))
  return missing.length === 0
    ? Result.succeed(moves)
    : refuse(command, "householdsNotPartitioned", `no part takes ${missing.join(", ")}`)
}

const splitGrid = (command: TerritoryCommandOf<"SplitGrid">, t: EstablishedTerritory): Decision =>
  Result.flatMap(regriddable(command, t, command.gridId), (grid) =>
    Result.flatMap(
      idsFree(
        command,
        t,
        command.parts.map((part) => part.areaId),
      ),
      () => {
        const parts: Array<GridDrawn> = []
        for (const { households: _, ...part } of command.parts) {
          const kind = settledKind(command, grid.level, part.kind, part.boundary, grid.kind)
          if (Result.isFailure(kind)) return Result.fail(kind.failure)
          parts.push({ ...part, kind: kind.success })
        }
        return Result.flatMap(partition(command, t), (moves) =>
          emit(
            { _tag: "GridSplit", ...stamp(command), gridId: command.gridId, parts, moves },
            ...revocations(t, command, areaScopes([command.gridId])),
          ),
        )
      },
    ),
  )

const mergeGrids = (command: TerritoryCommandOf<"MergeGrids">, t: EstablishedTerritory): Decision => {
  const grids: Array<Area> = []
  for (const gridId of command.gridIds) {
    const grid = regriddable(command, t, gridId)
    if (Result.isFailure(grid)) return Result.fail(grid.failure)
    grids.push(grid.success)
  }
  const [first] = grids
  if (first === undefined || new Set(command.gridIds).size !== command.gridIds.length) {
    return refuse(command, "duplicateIds", `merge names ${command.gridIds.join(", ")}`)
  }
  if (grids.some((grid) => grid.parentId !== first.parentId)) {
    return refuse(command, "notSiblings", "merged grids share one parent")
  }
  const { into } = command
  return Result.flatMap(idsFree(command, t, [into.areaId]), () =>
    Result.flatMap(settledKind(command, first.level, into.kind, into.boundary, first.kind), (kind) => {
      const moves = command.gridIds.flatMap((from) =>
        householdsIn(t, from).map((householdId) => ({ householdId, from, to: into.areaId })),
      )
      return emit(
        { _tag: "GridsMerged", ...stamp(command), gridIds: command.gridIds, into: { ...into, kind }, moves },
        ...revocations(t, command, areaScopes(command.gridIds)),
      )
    }),
  )
}

const createArea = (command: TerritoryCommandOf<"CreateArea">, t: EstablishedTerritory): Decision => {
  if (command.parentId === undefined) {
    return refuse(command, "parentRequired", `the territory's district is ${t.territoryId}; name a parent`)
  }
  return Result.flatMap(idsFree(command, t, [command.areaId]), () =>
    Result.flatMap(activeArea(command, t, command.parentId as AreaId), (parent) => {
      if (levelAbove(command.level) !== parent.level) {
        return refuse(command, "wrongParentLevel", `a ${command.level} does not sit under a ${parent.level}`)
      }
      return Result.flatMap(
        settledKind(command, command.level, command.kind, command.boundary, undefined),
        (kind) => emit({ ...command, _tag: "AreaCreated", kind }),
      )
    }),
  )
}

const retireArea = (command: TerritoryCommandOf<"RetireArea">, t: EstablishedTerritory): Decision =>
  Result.flatMap(activeArea(command, t, command.areaId), (area) => {
    if (area.parentId === undefined)
      return refuse(command, "cannotRetireDistrict", "the district is the territory")
    const left = [
      ...childrenOf(t, area.areaId).map((child) => `${child.level} ${child.areaId}`),
      ...householdsIn(t, area.areaId).map((householdId) => `household ${householdId}`),
      ...HashMap.toValues(t.departments)
        .filter((department) => department.areaId === area.areaId && isActive(department))
        .map((department) => `department ${department.departmentId}`),
    ]
    if (left.length > 0) return refuse(command, "areaNotEmpty", `still holds ${left.slice(0, 5).join(", ")}`)
    return emit(
      { _tag: "AreaRetired", ...stamp(command), areaId: area.areaId },
      ...revocations(t, command, areaScopes([area.areaId])),
    )
  })

const grantable = (command: TerritoryCommandOf<"GrantRole">, t: EstablishedTerritory): Checked<void> => {
  const allowed = ROLE_SCOPES[command.role]
  const { scope } = command
  if (allowed === "department") {
    if (scope._tag !== "department") {
      return refuse(command, "roleScopeMismatch", `a ${command.role} belongs to a department`)
    }
    return Result.map(activeDepartment(command, t, scope.departmentId), () => undefined)
  }
  if (scope._tag !== "area")
    return refuse(command, "roleScopeMismatch", `a ${command.role} belongs to an area`)
  return Result.flatMap(activeArea(command, t, scope.areaId), (area) =>
    allowed.includes(area.level)
      ? Result.succeed(undefined)
      : refuse(
          command,
          "roleScopeMismatch",
          `a ${command.role} is held at ${allowed.join(" or ")}, not a ${area.level}`,
        ),
  )
}

const renameArea = (command: TerritoryCommandOf<"RenameArea">, t: EstablishedTerritory): Decision =>
  Result.flatMap(activeArea(command, t, command.areaId), (area) =>
    area.name === command.name
      ? emit()
      : emit({ _tag: "AreaRenamed", ...stamp(command), areaId: area.areaId, name: command.name }),
  )

const redrawBoundary = (command: TerritoryCommandOf<"RedrawBoundary">, t: EstablishedTerritory): Decision =>
  Result.flatMap(gridArea(command, t, command.areaId), (area) =>
    emit({ _tag: "BoundaryRedrawn", ...stamp(command), areaId: area.areaId, boundary: command.boundary }),
  )

/** Functional departments (职能部门) sit beside the hierarchy, at a street office or the district. */
const createDepartment = (
  command: TerritoryCommandOf<"CreateDepartment">,
  t: EstablishedTerritory,
): Decision => {
  if (HashMap.has(t.departments, command.departmentId)) {
    return refuse(command, "idTaken", `department id ${command.departmentId} already used`)
  }
  return Result.flatMap(activeArea(command, t, command.areaId), (area) =>
    area.level === "street" || area.level === "district"
      ? emit({ ...command, _tag: "DepartmentCreated" })
      : refuse(
          command,
          "departmentMisplaced",
          `departments sit at a street or the district, not a ${area.level}`,
        ),
  )
}

const renameDepartment = (
  command: TerritoryCommandOf<"RenameDepartment">,
  t: EstablishedTerritory,
): Decision =>
  Result.flatMap(activeDepartment(command, t, command.departmentId), (department) =>
    department.name === command.name ? emit() : emit({ ...command, _tag: "DepartmentRenamed" }),
  )

/** A retired department takes its staff's roles with it. */
const retireDepartment = (
  command: TerritoryCommandOf<"RetireDepartment">,
  t: EstablishedTerritory,
): Decision =>
  Result.flatMap(activeDepartment(command, t, command.departmentId), () =>
    emit(
      { ...command, _tag: "DepartmentRetired" },
      ...revocations(t, command, [{ _tag: "department", departmentId: command.departmentId }]),
    ),
  )

/** A household sits in exactly one grid or micro-grid at a time: placed once, then moved. */
const placeHousehold = (command: TerritoryCommandOf<"PlaceHousehold">, t: EstablishedTerritory): Decision => {
  const current = currentAreaOf(t, command.householdId)
  if (current !== undefined) {
    return refuse(command, "householdAlreadyPlaced", `${command.householdId} sits in ${current}; move it`)
  }
  return Result.flatMap(gridArea(command, t, command.areaId), () =>
    emit({ ...command, _tag: "HouseholdPlaced" }),
  )
}

const moveHousehold = (command: TerritoryCommandOf<"MoveHousehold">, t: EstablishedTerritory): Decision => {
  const from = currentAreaOf(t, command.householdId)
  if (from === undefined)
    return refuse(command, "householdNotPlaced", `${command.householdId} sits in no grid`)
  if (from === command.toAreaId)
    return refuse(command, "alreadyThere", `${command.householdId} sits in ${from}`)
  return Result.flatMap(gridArea(command, t, command.toAreaId), (to) =>
    emit({
      _tag: "HouseholdMoved",
      ...stamp(command),
      householdId: command.householdId,
      from,
      to: to.areaId,
      ...(command.toBuildingId === undefined ? {} : { buildingId: command.toBuildingId }),
    }),
  )
}

const removeHousehold = (
  command: TerritoryCommandOf<"RemoveHousehold">,
  t: EstablishedTerritory,
): Decision => {
  const from = currentAreaOf(t, command.householdId)
  if (from === undefined)
    return refuse(command, "householdNotPlaced", `${command.householdId} sits in no grid`)
  return emit({ _tag: "HouseholdRemoved", ...stamp(command), householdId: command.householdId, from })
}

const grantRole = (command: TerritoryCommandOf<"GrantRole">, t: EstablishedTerritory): Decision => {
  if (rolesOf(t, command.personId).some((held) => sameScopedRole(held, command))) {
    return refuse(command, "roleAlreadyHeld", `${command.personId} already holds that role`)
  }
  return Result.flatMap(grantable(command, t), () => emit({ ...command, _tag: "RoleGranted" }))
}

const revokeRole = (command: TerritoryCommandOf<"RevokeRole">, t: EstablishedTerritory): Decision =>
  rolesOf(t, command.personId).some((held) => sameScopedRole(held, command))
    ? emit({ ...command, _tag: "RoleRevoked" })
    : refuse(command, "roleNotHeld", `${command.personId} does not hold that role`)

/** Each command's decision on an established territory. */
const DECISIONS: Decisions<TerritoryCommand, [EstablishedTerritory], Decision> = {
  CreateArea: createArea,
  RenameArea: renameArea,
  RedrawBoundary: redrawBoundary,
  RetireArea: retireArea,
  SplitGrid: splitGrid,
  MergeGrids: mergeGrids,
  CreateDepartment: createDepartment,
  RenameDepartment: renameDepartment,
  RetireDepartment: retireDepartment,
  PlaceHousehold: placeHousehold,
  MoveHousehold: moveHousehold,
  RemoveHousehold: removeHousehold,
  GrantRole: grantRole,
  RevokeRole: revokeRole,
}

/** The first command of a territory: its district, whose id is the territory's. */
const establish = (command: TerritoryCommand): Decision => {
  if (command._tag !== "CreateArea") {
    return refuse(command, "territoryNotEstablished", `create district ${command.territoryId} first`)
  }
  if (
    command.level !== "district" ||
    command.parentId !== undefined ||
    command.areaId !== command.territoryId
  ) {
    return refuse(
      command,
      "rootMustBeDistrict",
      `the first area is the district ${command.territoryId}, with no parent`,
    )
  }
  return Result.flatMap(settledKind(command, "district", command.kind, command.boundary, undefined), () =>
    emit({ ...command, _tag: "AreaCreated" }),
  )
}

/**
 * Decides a territory command. Checks, in order: the territory exists (only its district may be
 * created first), the command addresses this territory and is not dated before its last event,
 * then the command's own rules (`TerritoryRuleViolated`).
 */
export const decideTerritory = (command: TerritoryCommand, state: TerritoryState): Decision => {
  if (!state.exists) return establish(command)
  const wrong = misaddressed(
    command,
    command.territoryId,
    { id: state.territoryId, lastAt: state.lastAt },
    "territory",
    "territoryIdMismatch",
  )
  return wrong === undefined ? dispatch(DECISIONS, command, state) : refuse(command, wrong.rule, wrong.detail)
}

/** The territory decider. */
export const makeTerritoryDecider = (): Decider<
  TerritoryCommand,
  TerritoryEvent,
  TerritoryState,
  TerritoryError
> => ({
  decide: decideTerritory,
  evolve: evolveTerritory,
  initialState: initialTerritoryState,
})
