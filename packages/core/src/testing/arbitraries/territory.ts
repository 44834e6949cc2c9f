import fc from "fast-check"
import type { Actor } from "../../authorization/actor.ts"
import type { Target } from "../../authorization/target.ts"
import type { Assignee } from "../../case/vocabulary.ts"
import type { Instant } from "../../shared/instant.ts"
import { type Level, levelAbove } from "../../shared/level.ts"
import type { TerritoryCommand } from "../../territory/commands.ts"
import type { TerritoryEvent } from "../../territory/events.ts"
import { ROLE_SCOPES, ROLES, type Role, type RoleScope, type ScopedRole } from "../../territory/roles.ts"
import type { AreaId, DepartmentId, HouseholdId, PersonId, TerritoryId } from "../../territory/vocabulary.ts"

/** When generated territories come into being: 2026-01-05 09:00 in Shanghai. */
export const TERRITORY_GENERATED_AT: Instant = Date.UTC(2026, 0, 5, 1, 0)

/** The people generated territories employ: few, so that one person often holds several roles. */
export const TERRITORY_PEOPLE: ReadonlyArray<PersonId> = ["zhou", "zhao", "li", "wang", "chen", "sun"]

/** One area of a generated territory as a plain record, for tests that check the read side against it. */
export interface GeneratedArea {
  readonly areaId: AreaId
  readonly level: Level
  readonly parentId?: AreaId
}

/**
 * A generated territory: its events (in order, all valid) and, for tests that need an
 * independent view of it, the plain lists they were made from.
 */
export interface GeneratedTerritory {
  readonly territoryId: TerritoryId
  readonly areas: ReadonlyArray<GeneratedArea>
  readonly departments: ReadonlyArray<{ readonly departmentId: DepartmentId; readonly areaId: AreaId }>
  readonly households: ReadonlyArray<{ readonly householdId: HouseholdId; readonly areaId: AreaId }>
  readonly staff: ReadonlyArray<{ readonly personId: PersonId } & ScopedRole>
  readonly events: ReadonlyArray<TerritoryEvent>
}

const few = (max: number) => fc.nat(max)
const shape = fc.array(
  fc.record({
    departments: few(2),
    communities: fc.array(
      fc.array(fc.record({ households: few(2), microGrids: fc.array(few(2), { maxLength: 2 }) }), {
        minLength: 1,
        maxLength: 3,
      }),
      { minLength: 1, maxLength: 3 },
    ),
  }),
  { minLength: 1, maxLength: 2 },
)

/** The scopes a role can be held in, in this territory. */
const scopesFor = (
  territory: Pick<GeneratedTerritory, "areas" | "departments">,
  role: Role,
): ReadonlyArray<RoleScope> => {
  const allowed = ROLE_SCOPES[role]
  return allowed === "department"
    ? territory.departments.map(({ departmentId }) => ({ _tag: "department", departmentId }))
    : territory.areas
        .filter((area) => allowed.includes(area.level))
        .map(({ areaId }) => ({ _tag: "area", areaId }))
}

/** A role this territory can hold, with one of its possible scopes. */
export const arbitraryScopedRole = (
  territory: Pick<GeneratedTerritory, "areas" | "departments">,
): fc.Arbitrary<ScopedRole> => {
  const holdable = ROLES.filter((role) => scopesFor(territory, role).length > 0)
  return fc
    .constantFrom(...holdable)
    .chain((role) => fc.constantFrom(...scopesFor(territory, role)).map((scope) => ({ role, scope })))
}

const sameHold = (
  a: { readonly personId: string } & ScopedRole,
  b: { readonly personId: string } & ScopedRole,
) => a.personId === b.personId && a.role === b.role && JSON.stringify(a.scope) === JSON.stringify(b.scope)

/**
 * A territory of 1–2 streets, 1–3 communities each, 1–3 grids each with 0–2 micro-grids, 0–2
 * departments per street, 0–2 households per grid and micro-grid, and 0–10 role grants to
 * `TERRITORY_PEOPLE`. Ids read as paths ("s1-c2-g1-m2") so a failing example is easy to follow.
 */
export const arbitraryTerritory: fc.Arbitrary<GeneratedTerritory> = shape.chain((streets) => {
  const territoryId = "d"
  const areas: Array<GeneratedArea> = [{ areaId: territoryId, level: "district" }]
  const departments: Array<{ departmentId: string; areaId: string }> = []
  const households: Array<{ householdId: string; areaId: string }> = []
  const house = (areaId: string, count: number) => {
    for (let h = 1; h <= count; h++) households.push({ householdId: `${areaId}-h${h}`, areaId })
  }
  streets.forEach((street, s) => {
    const streetId = `s${s + 1}`
    areas.push({ areaId: streetId, level: "street", parentId: territoryId })
    for (let d = 1; d <= street.departments; d++)
      departments.push({ departmentId: `${streetId}-dept${d}`, areaId: streetId })
    street.communities.forEach((grids, c) => {
      const communityId = `${streetId}-c${c + 1}`
      areas.push({ areaId: communityId, level: "community", parentId: streetId })
      grids.forEach((grid, g) => {
        const gridId = `${communityId}-g${g + 1}`
        areas.push({ areaId: gridId, level: "grid", parentId: communityId })
        house(gridId, grid.households)
        grid.microGrids.forEach((count, m) => {
          const microId = `${gridId}-m${m + 1}`
          areas.push({ areaId: microId, level: "microGrid", parentId: gridId })
          house(microId, count)
        })
      })
    })
  })
  const hold = fc.record({
    personId: fc.constantFrom(...TERRITORY_PEOPLE),
    held: arbitraryScopedRole({ areas, departments }),
  })
  return fc.array(hold, { maxLength: 10 }).map((holds) => {
    const staff: Array<{ personId: string } & ScopedRole> = []
    for (const { personId, held } of holds) {
      const entry = { personId, ...held }
      if (!staff.some((other) => sameHold(other, entry))) staff.push(entry)
    }
    const stamp = { territoryId, at: TERRITORY_GENERATED_AT, by: "generator" }
    const events: Array<TerritoryEvent> = [
      ...areas.map(
        (area): TerritoryEvent => ({
          _tag: "AreaCreated",
          ...stamp,
          areaId: area.areaId,
          name: area.areaId,
          level: area.level,
          ...(area.parentId === undefined ? {} : { parentId: area.parentId }),
          ...(area.level === "grid" ? { kind: { _tag: "comprehensive" } } : {}),
        }),
      ),
      ...departments.map(
        (department): TerritoryEvent => ({
          _tag: "DepartmentCreated",
          ...stamp,
          name: department.departmentId,
          ...department,
        }),
      ),
      ...households.map((household): TerritoryEvent => ({ _tag: "HouseholdPlaced", ...stamp, ...household })),
      ...staff.map((held): TerritoryEvent => ({ _tag: "RoleGranted", ...stamp, ...held })),
    ]
    return { territoryId, areas, departments, households, staff, events }
  })
})

/** Someone with 0–3 roles of the territory (not necessarily granted in it), or a resident with none. */
export const arbitraryActor = (territory: GeneratedTerritory): fc.Arbitrary<Actor> =>
  fc.record({
    id: fc.constantFrom(...TERRITORY_PEOPLE, "resident-1"),
    roles: fc.uniqueArray(arbitraryScopedRole(territory), {
      maxLength: 3,
      selector: (held) => JSON.stringify(held),
    }),
  })

/** The area and its ancestors from the generated lists (innermost first). */
export const generatedAncestry = (territory: GeneratedTerritory, areaId: AreaId): ReadonlyArray<AreaId> => {
  const byId = new Map(territory.areas.map((area) => [area.areaId, area]))
  const path: Array<AreaId> = []
  for (
    let area = byId.get(areaId);
    area !== undefined;
    area = area.parentId === undefined ? undefined : byId.get(area.parentId)
  ) {
    path.push(area.areaId)
  }
  return path
}

const arbitraryAssignee = (territory: GeneratedTerritory): fc.Arbitrary<Assignee | undefined> => {
  const options: Array<fc.Arbitrary<Assignee | undefined>> = [
    fc.constant(undefined),
    fc.constantFrom(...TERRITORY_PEOPLE).map((personId) => ({ _tag: "person", personId })),
    fc.constantFrom(...territory.areas).map(({ areaId, level }) => ({ _tag: "unit", level, unitId: areaId })),
  ]
  if (territory.departments.length > 0) {
    options.push(
      fc
        .constantFrom(...territory.departments)
        .map(({ departmentId }) => ({ _tag: "department", departmentId })),
    )
  }
  return fc.oneof(...options)
}

/**
 * A target somewhere in the territory: an owning area, a site at or under it, an assignee and
 * a reporter — or, now and then, an area the territory does not know (an empty path).
 */
export const arbitraryTarget = (territory: GeneratedTerritory): fc.Arbitrary<Target> =>
  fc
    .record({
      area: fc.option(fc.constantFrom(...territory.areas), { freq: 8, nil: undefined }),
      site: fc.option(fc.constantFrom(...territory.areas), { nil: undefined }),
      assignee: arbitraryAssignee(territory),
      reporter: fc.option(fc.constantFrom(...TERRITORY_PEOPLE, "resident-1"), { nil: undefined }),
    })
    .map(({ area, site, assignee, reporter }) => {
      const areaPath = area === undefined ? [] : generatedAncestry(territory, area.areaId)
      // A site lies at or under the owning area, as a case's grid lies under its owner.
      const sitePath = site === undefined ? undefined : generatedAncestry(territory, site.areaId)
      return {
        area: areaPath,
        ...(sitePath !== undefined && areaPath[0] !== undefined && sitePath.includes(areaPath[0])
          ? { site: sitePath }
          : {}),
        ...(assignee === undefined ? {} : { assignee }),
        ...(reporter === undefined ? {} : { reporter }),
      }
    })

const levelBelow = (level: Level): Level | undefined =>
  (["microGrid", "grid", "community", "street"] as const).find((below) => levelAbove(below) === level)

/**
 * Any territory command over a generated territory, issued by `by` at `at`: mostly about areas,
 * departments, households and people that exist, sometimes about ones that do not (refused).
 */
export const arbitraryTerritoryCommand = (
  territory: GeneratedTerritory,
  { at, by }: { readonly at: Instant; readonly by: string },
): fc.Arbitrary<TerritoryCommand> => {
  const base = { territoryId: territory.territoryId, at, by }
  const areaIds = territory.areas.map((area) => area.areaId)
  const area = fc.constantFrom(...areaIds, "nowhere")
  const grids = territory.areas
    .filter((a) => a.level === "grid" || a.level === "microGrid")
    .map((a) => a.areaId)
  const grid = fc.constantFrom(...grids)
  const department = fc.constantFrom(...territory.departments.map((d) => d.departmentId), "no-department")
  const household = fc.constantFrom(...territory.households.map((h) => h.householdId), "new-household")
  const fresh = fc.constantFrom("new-1", "new-2")
  const name = fc.constantFrom("东区", "西区")
  const householdsOf = (gridId: string) =>
    territory.households.filter((h) => h.areaId === gridId).map((h) => h.householdId)
  return fc.oneof(
    fc
      .record({
        area: fc.constantFrom(...territory.areas),
        id: fresh,
        name,
        level: fc.constantFrom<Level>("street", "community", "grid", "microGrid"),
      })
      .map(
        ({ area: parent, id, name, level }): TerritoryCommand => ({
          _tag: "CreateArea",
          ...base,
          areaId: id,
          name,
          // Mostly the level right under the parent (accepted), otherwise whatever was drawn.
          level: levelBelow(parent.level) ?? level,
          parentId: parent.areaId,
        }),
      ),
    fc.record({ areaId: area, name }).map((f): TerritoryCommand => ({ _tag: "RenameArea", ...base, ...f })),
    area.map((areaId): TerritoryCommand => ({ _tag: "RedrawBoundary", ...base, areaId })),
    area.map((areaId): TerritoryCommand => ({ _tag: "RetireArea", ...base, areaId })),
    fc.record({ gridId: grid, cut: fc.nat() }).map(({ gridId, cut }): TerritoryCommand => {
      const inGrid = householdsOf(gridId)
      const split = cut % (inGrid.length + 1)
      return {
        _tag: "SplitGrid",
        ...base,
        gridId,
        parts: [
          { areaId: "new-1", name: "甲", households: inGrid.slice(0, split) },
          { areaId: "new-2", name: "乙", households: inGrid.slice(split) },
        ],
      }
    }),
    // "no-grid" keeps two distinct ids drawable in a territory with a single grid: without it,
    // uniqueArray could never reach its minimum length and generation would never end.
    fc.uniqueArray(fc.constantFrom(...grids, "no-grid"), { minLength: 2, maxLength: 3 }).map(
      (gridIds): TerritoryCommand => ({
        _tag: "MergeGrids",
        ...base,
        gridIds,
        into: { areaId: "new-1", name: "合并网格" },
      }),
    ),
    fc
      .record({ areaId: area, name })
      .map((f): TerritoryCommand => ({ _tag: "CreateDepartment", ...base, departmentId: "new-dept", ...f })),
    fc
      .record({ departmentId: department, name })
      .map((f): TerritoryCommand => ({ _tag: "RenameDepartment", ...base, ...f })),
    department.map((departmentId): TerritoryCommand => ({ _tag: "RetireDepartment", ...base, departmentId })),
    fc
      .record({ householdId: household, areaId: grid })
      .map((f): TerritoryCommand => ({ _tag: "PlaceHousehold", ...base, ...f })),
    fc
      .record({ householdId: household, toAreaId: grid })
      .map((f): TerritoryCommand => ({ _tag: "MoveHousehold", ...base, ...f })),
    household.map((householdId): TerritoryCommand => ({ _tag: "RemoveHousehold", ...base, householdId })),
    fc
      .record({ personId: fc.constantFrom(...TERRITORY_PEOPLE), held: arbitraryScopedRole(territory) })
      .map(({ personId, held }): TerritoryCommand => ({ _tag: "GrantRole", ...base, personId, ...held })),
    (territory.staff.length > 0
      ? fc.constantFrom(...territory.staff)
      : fc
          .record({ personId: fc.constantFrom(...TERRITORY_PEOPLE), held: arbitraryScopedRole(territory) })
          .map(({ personId, held }) => ({ personId, ...held }))
    ).map((held): TerritoryCommand => ({ _tag: "RevokeRole", ...base, ...held })),
  )
}
