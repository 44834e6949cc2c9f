import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  type Actor,
  type AuthorizedCommandTag,
  actorIn,
  authorize,
  COMMAND_RULES,
  decideTerritory,
  evolveTerritory,
  fold,
  HELPER_ROLES,
  type Role,
  type ScopedRole,
  type Target,
  TERRITORY_RULES,
  type TerritoryEvent,
  type TerritoryState,
  territoryDecider,
  territoryTarget,
} from "../../src/index.ts"
import {
  arbitraryActor,
  arbitraryTarget,
  arbitraryTerritory,
  arbitraryTerritoryCommand,
  type GeneratedTerritory,
  generatedAncestry,
  TERRITORY_GENERATED_AT,
  TERRITORY_PEOPLE,
} from "../../src/testing/index.ts"

const TAGS = Object.keys(COMMAND_RULES) as ReadonlyArray<AuthorizedCommandTag>

/** Whether `outer` is `inner` or one of its ancestors, walking the generated parent links. */
const contains = (territory: GeneratedTerritory, outer: string, inner: string | undefined): boolean =>
  inner !== undefined && generatedAncestry(territory, inner).includes(outer)

/** An actor's area roles among `roles` whose area contains `areaId`. */
const coveringRoles = (
  territory: GeneratedTerritory,
  actor: Actor,
  roles: ReadonlyArray<Role>,
  areaId: string | undefined,
): ReadonlyArray<ScopedRole> =>
  actor.roles.filter(
    (held) =>
      roles.includes(held.role) &&
      held.scope._tag === "area" &&
      contains(territory, held.scope.areaId, areaId),
  )

/** The target is handed to the actor: in person, to a department they handle for, to a unit they staff. */
const receives = (actor: Actor, target: Target): boolean => {
  const to = target.assignee
  if (to === undefined) return false
  if (to._tag === "person") return to.personId === actor.id
  return actor.roles.some((held) =>
    to._tag === "department"
      ? held.role === "departmentHandler" &&
        held.scope._tag === "department" &&
        held.scope.departmentId === to.departmentId
      : !HELPER_ROLES.has(held.role) && held.scope._tag === "area" && held.scope.areaId === to.unitId,
  )
}

/** Why the rule should let the actor act on the target, computed without `authorize`'s code paths. */
const justified = (
  territory: GeneratedTerritory,
  tag: AuthorizedCommandTag,
  actor: Actor,
  target: Target,
): boolean => {
  const rule = COMMAND_RULES[tag]
  const self = rule.self ?? []
  return (
    rule.anyone === true ||
    (self.includes("reporter") && target.reporter === actor.id) ||
    (self.includes("assignee") && receives(actor, target)) ||
    coveringRoles(territory, actor, rule.roles, target.area[0]).length > 0 ||
    coveringRoles(territory, actor, rule.onSite ?? [], (target.site ?? target.area)[0]).length > 0
  )
}

describe("authorization properties", () => {
  it("property: authorize passes exactly when a role the rule names covers the target (or an open or self clause holds)", () => {
    fc.assert(
      fc.property(
        arbitraryTerritory.chain((territory) =>
          fc.record({
            territory: fc.constant(territory),
            actor: arbitraryActor(territory),
            target: arbitraryTarget(territory),
            tag: fc.constantFrom(...TAGS),
          }),
        ),
        ({ territory, actor, target, tag }) => {
          const passed = Result.isSuccess(authorize(actor, { _tag: tag, by: actor.id }, target))
          expect(passed).toBe(justified(territory, tag, actor, target))
        },
      ),
    )
  })

  it("property: a command issued in someone else's name is always refused", () => {
    fc.assert(
      fc.property(
        arbitraryTerritory.chain((territory) =>
          fc.record({
            actor: arbitraryActor(territory),
            target: arbitraryTarget(territory),
            tag: fc.constantFrom(...TAGS),
          }),
        ),
        ({ actor, target, tag }) => {
          const refused = authorize(actor, { _tag: tag, by: `not-${actor.id}` }, target)
          expect(Result.isFailure(refused) && refused.failure._tag).toBe("Forbidden")
        },
      ),
    )
  })

  /** A territory, a person from the generated staff, and a territory command in that person's name. */
  const attempts = arbitraryTerritory.chain((territory) =>
    fc.constantFrom(...TERRITORY_PEOPLE).chain((person) =>
      fc.record({
        territory: fc.constant(territory),
        person: fc.constant(person),
        command: arbitraryTerritoryCommand(territory, { at: TERRITORY_GENERATED_AT + 60_000, by: person }),
      }),
    ),
  )

  it("property: no generated actor ever changes the territory outside its scope", () => {
    /** The existing areas an event changes, with the area a department or role scope stands for. */
    const touched = (
      territory: GeneratedTerritory,
      event: TerritoryEvent,
    ): ReadonlyArray<string | undefined> => {
      const departmentArea = (departmentId: string) =>
        territory.departments.find((department) => department.departmentId === departmentId)?.areaId
      switch (event._tag) {
        case "AreaCreated":
          return [event.parentId]
        case "AreaRenamed":
        case "BoundaryRedrawn":
        case "AreaRetired":
        case "HouseholdPlaced":
        case "DepartmentCreated":
          return [event.areaId]
        case "GridSplit":
          return [event.gridId]
        case "GridsMerged":
          return event.gridIds
        case "DepartmentRenamed":
        case "DepartmentRetired":
          return [departmentArea(event.departmentId)]
        case "HouseholdMoved":
          return [event.from, event.to]
        case "HouseholdRemoved":
          return [event.from]
        case "RoleGranted":
        case "RoleRevoked":
          return [event.scope._tag === "area" ? event.scope.areaId : departmentArea(event.scope.departmentId)]
      }
    }
    fc.assert(
      fc.property(attempts, ({ territory, person, command }) => {
        const state: TerritoryState = fold(territoryDecider, territory.events)
        const actor = actorIn(state, person)
        if (Result.isFailure(authorize(actor, command, territoryTarget(state, command)))) return
        const decided = decideTerritory(command, state)
        if (Result.isFailure(decided)) return
        const named = TERRITORY_RULES[command._tag].roles
        for (const event of decided.success) {
          for (const areaId of touched(territory, event)) {
            expect(
              coveringRoles(territory, actor, named, areaId),
              `${event._tag} touches ${areaId}`,
            ).not.toEqual([])
          }
        }
        // And the events still fold: authorization never lets through what replay cannot take.
        expect(decided.success.reduce(evolveTerritory, state).exists).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it("the scope property's generator yields authorized changes, so the property is not vacuous", () => {
    // Checked on a fixed seed: the property above runs on a fresh seed each time, and how many
    // of its attempts are authorized (a few percent) varies too much run to run for a threshold there.
    let authorizedChanges = 0
    fc.assert(
      fc.property(attempts, ({ territory, person, command }) => {
        const state: TerritoryState = fold(territoryDecider, territory.events)
        if (Result.isFailure(authorize(actorIn(state, person), command, territoryTarget(state, command))))
          return
        const decided = decideTerritory(command, state)
        if (Result.isSuccess(decided) && decided.success.length > 0) authorizedChanges++
      }),
      { numRuns: 1000, seed: 20261125 },
    )
    expect(authorizedChanges).toBeGreaterThan(20)
  })
})
