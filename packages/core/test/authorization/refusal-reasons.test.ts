import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { Authorization, type Case } from "../../src/index.ts"

/**
 * What a refusal tells the person refused (`Forbidden.reason`, shown in the app and the API
 * answer): every clause of the rule that could have granted the command — the roles over the
 * target's area, the roles on site, the relation to the target — and every role the actor holds,
 * so they know whom to ask. `authorize` is pure, so the actors and targets here are written by
 * hand. Found by `pnpm mutate authorization` (docs/mutation.md): the tests read the wording of
 * rules with roles alone.
 */
const actor = (
  id: string,
  ...roles: ReadonlyArray<Authorization.Actor["roles"][number]>
): Authorization.Actor => ({
  id,
  roles,
})
const area = (areaId: string) => ({ _tag: "area", areaId }) as const
const department = (departmentId: string) => ({ _tag: "department", departmentId }) as const

const decide = (who: Authorization.Actor, _tag: Case.Command["_tag"], target: Authorization.Target) =>
  Authorization.authorize(who, { _tag, by: who.id }, target)
const reason = (who: Authorization.Actor, tag: Case.Command["_tag"], target: Authorization.Target) => {
  const decided = decide(who, tag, target)
  return Result.isFailure(decided) ? decided.failure.reason : "granted"
}

/** A case escalated to Nanshan community that lies in Nanshan's grid 1. */
const escalated: Authorization.Target = {
  area: ["nanshan", "minxin", "kunqu"],
  site: ["nanshan-g1", "nanshan", "minxin", "kunqu"],
  reporter: "resident-7",
}
const fieldRoles = Authorization.CASE_RULES.VerifyCase.onSite?.join("/")

describe("a refusal names every way the command could have been granted, and what the actor holds", () => {
  it("roles over the area, roles on site at the case's grid, and being its reporter; each role held", () => {
    const twoRoles = actor(
      "worker-ma",
      { role: "gridWorker", scope: area("nanshan-g2") },
      {
        role: "volunteer",
        scope: area("tianhong"),
      },
    )
    expect(reason(twoRoles, "VerifyCase", escalated)).toBe(
      `needs supervisor/hotlineOperator over nanshan or ${fieldRoles} on site at nanshan-g1 or to be its reporter; holds gridWorker@nanshan-g2, volunteer@tianhong`,
    )
  })

  it("a rule with no role asks only for the relation; an actor without roles holds none", () => {
    expect(reason(actor("hotline-he"), "ResolveCase", escalated)).toBe(
      "needs to be its assignee; holds no role",
    )
  })

  it("a target the territory does not know is named as such", () => {
    expect(reason(actor("resident-7"), "SuperviseCase", { area: [] })).toBe(
      "needs supervisor over an area the territory does not know; holds no role",
    )
    expect(reason(actor("resident-7"), "VerifyCase", { area: [] })).toBe(
      `needs supervisor/hotlineOperator over an area the territory does not know or ${fieldRoles} on site at an area the territory does not know or to be its reporter; holds no role`,
    )
  })
})

describe("a case dispatched to a department (部门)", () => {
  const toWater: Authorization.Target = {
    ...escalated,
    assignee: { _tag: "department", departmentId: "water" },
  }

  it("is acted on by the department's handlers, whatever else they hold", () => {
    expect(
      decide(
        actor("plumber-liu", { role: "departmentHandler", scope: department("water") }),
        "ResolveCase",
        toWater,
      ),
    ).toEqual(Result.succeed(undefined))
    const alsoVolunteer = actor(
      "plumber-liu",
      { role: "volunteer", scope: area("tianhong") },
      { role: "departmentHandler", scope: department("water") },
    )
    expect(reason(alsoVolunteer, "ResolveCase", toWater)).toBe("granted")
  })

  it("not by another department's handlers", () => {
    const electrician = actor("electrician-wu", { role: "departmentHandler", scope: department("power") })
    expect(reason(electrician, "ResolveCase", toWater)).toBe(
      "needs to be its assignee; holds departmentHandler@department:power",
    )
  })
})
