import { type BusinessClock, type EventStore, type Ids, Territory } from "@gridcase/core"
import { Effect } from "effect"
import type { DistrictPlan } from "./district-plan.ts"

/** Who sets a territory up: a trusted system process, before anyone could be authorized. */
export const SETUP_ACTOR = "system:district-setup"

/** The territory commands that create a planned district, in the order they must run. */
export const districtCommands = (plan: DistrictPlan, at: number): ReadonlyArray<Territory.Command> => {
  const base = { territoryId: plan.territoryId, at, by: SETUP_ACTOR }
  return [
    ...plan.areas.map(
      (area): Territory.Command => ({
        _tag: "CreateArea",
        ...base,
        areaId: area.areaId,
        name: area.name,
        level: area.level,
        ...(area.parentId === undefined ? {} : { parentId: area.parentId }),
        ...(area.kind === undefined ? {} : { kind: area.kind }),
        ...(area.boundary === undefined ? {} : { boundary: area.boundary }),
      }),
    ),
    ...plan.departments.map(
      (department): Territory.Command => ({ _tag: "CreateDepartment", ...base, ...department }),
    ),
    ...plan.households.map(
      (household): Territory.Command => ({
        _tag: "PlaceHousehold",
        ...base,
        householdId: household.householdId,
        areaId: household.areaId,
        ...(household.buildingId === undefined ? {} : { buildingId: household.buildingId }),
      }),
    ),
    ...plan.roles.map(
      (grant): Territory.Command => ({
        _tag: "GrantRole",
        ...base,
        personId: grant.personId,
        role: grant.role,
        scope:
          grant.departmentId === undefined
            ? { _tag: "area", areaId: grant.areaId ?? plan.territoryId }
            : { _tag: "department", departmentId: grant.departmentId },
      }),
    ),
  ]
}

/**
 * Creates a planned district through the territory's command handler (its setup form, without
 * authorization: nobody holds a role before this runs). Each command has a derived command id,
 * so running it again after a crash completes the district instead of failing half-way.
 */
export const buildDistrict = (plan: DistrictPlan, at: number) =>
  Effect.gen(function* () {
    const handler = Territory.makeHandler()
    const commands = districtCommands(plan, at)
    for (const [i, command] of commands.entries()) {
      yield* handler(command, { commandId: `district-setup:${plan.territoryId}:${i}`, actor: SETUP_ACTOR })
    }
    return commands.length
  }) satisfies Effect.Effect<number, unknown, EventStore.EventStore | BusinessClock.BusinessClock | Ids.Ids>
