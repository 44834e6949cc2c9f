import { Instant, Territory } from "@gridcase/core"
import { HashMap } from "effect"
import type { Exploration } from "./explore.ts"

/** Tuesday 2026-03-10 09:30 in Shanghai. */
const START = Date.UTC(2026, 2, 10, 1, 30)
/** The district's id is the territory's. */
const DISTRICT = "district-1"
const OFFICER = "officer-1"
const HOUSEHOLD = "household-1"
const DEPARTMENT = "department-1"

/**
 * A fixed cast of areas: a street, a community, two sibling grids and a micro-grid. Fixed ids
 * bound the exploration (a taken id is refused), and each is created once its parent exists.
 */
const AREAS = [
  { areaId: "street-1", level: "street", parentId: DISTRICT },
  { areaId: "community-1", level: "community", parentId: "street-1" },
  { areaId: "grid-1", level: "grid", parentId: "community-1" },
  { areaId: "grid-2", level: "grid", parentId: "community-1" },
  { areaId: "micro-1", level: "microGrid", parentId: "grid-2" },
] as const

/** Re-gridding with fixed ids too: grid-1 splits in two, and the halves (or the original grids) merge. */
const MERGES: ReadonlyArray<readonly [ReadonlyArray<Territory.AreaId>, Territory.AreaId]> = [
  [["grid-1a", "grid-1b"], "grid-1c"],
  [["grid-1", "grid-2"], "grid-12"],
]

type Examples = {
  readonly [T in Territory.CommandTag]: (
    t: Territory.EstablishedTerritory,
  ) => ReadonlyArray<Territory.CommandOf<T>>
}

const stamp = (t: Territory.EstablishedTerritory) => ({
  territoryId: t.territoryId,
  at: t.lastAt + Instant.MINUTE,
  by: OFFICER,
})

/** The active grids (not micro-grids) under the community, in id order. */
const activeGrids = (t: Territory.EstablishedTerritory): ReadonlyArray<Territory.AreaId> =>
  HashMap.toValues(t.areas)
    .filter((area) => area.level === "grid" && Territory.isActive(area))
    .map((area) => area.areaId)
    .sort()

/**
 * Example commands for an established territory, one entry per command so that a new command
 * fails to typecheck here until it has examples. A split hands over the households really in the
 * grid; grid-2 merges only once its micro-grid is retired.
 */
const EXAMPLES: Examples = {
  CreateArea: (t) =>
    AREAS.map((area) => ({ ...stamp(t), _tag: "CreateArea", ...area, name: `${area.areaId} name` })),
  RenameArea: (t) => [{ ...stamp(t), _tag: "RenameArea", areaId: "grid-1", name: "网格一" }],
  RedrawBoundary: (t) => [{ ...stamp(t), _tag: "RedrawBoundary", areaId: "grid-1" }],
  RetireArea: (t) => [{ ...stamp(t), _tag: "RetireArea", areaId: "micro-1" }],
  SplitGrid: (t) => [
    {
      ...stamp(t),
      _tag: "SplitGrid",
      gridId: "grid-1",
      parts: [
        { areaId: "grid-1a", name: "north", households: Territory.householdsIn(t, "grid-1") },
        { areaId: "grid-1b", name: "south", households: [] },
      ],
    },
  ],
  MergeGrids: (t) =>
    MERGES.map(([gridIds, into]) => ({
      ...stamp(t),
      _tag: "MergeGrids",
      gridIds,
      into: { areaId: into, name: into },
    })),
  CreateDepartment: (t) => [
    { ...stamp(t), _tag: "CreateDepartment", departmentId: DEPARTMENT, name: "城管", areaId: "street-1" },
  ],
  RenameDepartment: (t) => [
    { ...stamp(t), _tag: "RenameDepartment", departmentId: DEPARTMENT, name: "城市管理局" },
  ],
  RetireDepartment: (t) => [{ ...stamp(t), _tag: "RetireDepartment", departmentId: DEPARTMENT }],
  PlaceHousehold: (t) =>
    activeGrids(t)
      .slice(0, 1)
      .map((areaId) => ({ ...stamp(t), _tag: "PlaceHousehold", householdId: HOUSEHOLD, areaId })),
  MoveHousehold: (t) =>
    activeGrids(t)
      .filter((areaId) => areaId !== Territory.currentAreaOf(t, HOUSEHOLD))
      .slice(0, 1)
      .map((toAreaId) => ({ ...stamp(t), _tag: "MoveHousehold", householdId: HOUSEHOLD, toAreaId })),
  RemoveHousehold: (t) => [{ ...stamp(t), _tag: "RemoveHousehold", householdId: HOUSEHOLD }],
  // Roles in a grid, a micro-grid and the department, so that retiring any of them revokes them too.
  GrantRole: (t) => [
    {
      ...stamp(t),
      _tag: "GrantRole",
      personId: "volunteer-1",
      role: "volunteer",
      scope: { _tag: "area", areaId: "micro-1" },
    },
    {
      ...stamp(t),
      _tag: "GrantRole",
      personId: "worker-1",
      role: "gridWorker",
      scope: { _tag: "area", areaId: "grid-1" },
    },
    {
      ...stamp(t),
      _tag: "GrantRole",
      personId: "handler-1",
      role: "departmentHandler",
      scope: { _tag: "department", departmentId: DEPARTMENT },
    },
  ],
  RevokeRole: (t) => [
    {
      ...stamp(t),
      _tag: "RevokeRole",
      personId: "worker-1",
      role: "gridWorker",
      scope: { _tag: "area", areaId: "grid-1" },
    },
  ],
}

const OPENING: ReadonlyArray<Territory.Command> = [
  {
    _tag: "CreateArea",
    territoryId: DISTRICT,
    at: START,
    by: OFFICER,
    areaId: DISTRICT,
    name: "district",
    level: "district",
  },
]

/**
 * What decides which examples are accepted: the areas (active or not, named how), the
 * department, where the household sits and who holds which role. Not the times, nor the
 * household's placement history, which grows with every move.
 */
const keyOf = (t: Territory.EstablishedTerritory): string =>
  JSON.stringify([
    HashMap.toValues(t.areas)
      .map((area) => [area.areaId, area.name, Territory.isActive(area), area.boundary !== undefined])
      .sort(),
    HashMap.toValues(t.departments).map((department) => [department.name, Territory.isActive(department)]),
    Territory.currentAreaOf(t, HOUSEHOLD) ?? null,
    HashMap.toEntries(t.staff)
      .map(([personId, roles]) => [personId, roles.length])
      .sort(),
  ])

/** The territory aggregate: its areas, re-gridding, departments, households and roles. */
export const territoryExploration: Exploration<Territory.Command, Territory.Event, Territory.State> = {
  decider: Territory.makeDecider(),
  statusOf: (state) => (state.exists ? "established" : "none"),
  keyOf: (state) => (state.exists ? keyOf(state) : "none"),
  examples: (state) =>
    state.exists
      ? (
          Object.values(EXAMPLES) as ReadonlyArray<
            (t: Territory.EstablishedTerritory) => ReadonlyArray<Territory.Command>
          >
        ).flatMap((make) => make(state))
      : OPENING,
}
