import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { Territory } from "../../src/index.ts"
import { DeciderSpecification } from "../../src/testing/index.ts"
import { ADMIN, cmd, DISTRICT, polygon, rectangle, run, SAMPLE_COMMANDS, sample, T0, T1 } from "./fixture.ts"

const spec = DeciderSpecification.for(Territory.makeDecider())
const { state, events: history } = sample()

/** The rule a command breaks on the sample territory. */
const broken = (command: Territory.Command): Territory.Rule => {
  const decided = Territory.decide(command, state)
  if (Result.isSuccess(decided)) throw new Error(`${command._tag} was accepted`)
  return (decided.failure as Territory.Error).rule
}

const stamp = (at = T1, by = ADMIN) => ({ territoryId: DISTRICT, at, by })

describe("territory: the hierarchy", () => {
  it("starts with its district, whose id is the territory's", () => {
    spec
      .given([])
      .when(cmd({ _tag: "CreateArea", areaId: DISTRICT, name: "昆都仑区", level: "district" }))
      .then({ _tag: "AreaCreated", ...stamp(T0), areaId: DISTRICT, name: "昆都仑区", level: "district" })
    const refusal = spec
      .given([])
      .when(
        cmd({
          _tag: "CreateArea",
          areaId: "minxin",
          name: "民馨路街道",
          level: "street",
          parentId: DISTRICT,
        }),
      )
      .thenFails("TerritoryRuleViolated")
    expect(refusal.rule).toBe("rootMustBeDistrict")
    expect(
      spec
        .given([])
        .when(cmd({ _tag: "PlaceHousehold", householdId: "h1", areaId: "g" }))
        .thenFails().rule,
    ).toBe("territoryNotEstablished")
  })

  it("places each area one level under its parent; grids default to comprehensive", () => {
    spec
      .given(history)
      .when(
        cmd(
          {
            _tag: "CreateArea",
            areaId: "tianhong-g4",
            name: "天鸿第4网格",
            level: "grid",
            parentId: "tianhong",
          },
          T1,
        ),
      )
      .then({
        _tag: "AreaCreated",
        ...stamp(),
        areaId: "tianhong-g4",
        name: "天鸿第4网格",
        level: "grid",
        parentId: "tianhong",
        kind: { _tag: "comprehensive" },
      })
    expect(Territory.areaOf(state, "nanshan-mall")?.kind).toEqual({
      _tag: "dedicated",
      purpose: "commercialZone",
    })
    expect(
      broken(cmd({ _tag: "CreateArea", areaId: "x", name: "x", level: "grid", parentId: "minxin" }, T1)),
    ).toBe("wrongParentLevel")
    expect(broken(cmd({ _tag: "CreateArea", areaId: "x", name: "x", level: "street" }, T1))).toBe(
      "parentRequired",
    )
    expect(
      broken(
        cmd({ _tag: "CreateArea", areaId: "nanshan", name: "x", level: "community", parentId: "minxin" }, T1),
      ),
    ).toBe("idTaken")
    expect(
      broken(
        cmd({
          _tag: "CreateArea",
          areaId: "x",
          name: "x",
          level: "community",
          parentId: "minxin",
          kind: { _tag: "comprehensive" },
        }),
      ),
    ).toBe("kindOnlyForGrids")
    expect(
      broken(
        cmd({
          _tag: "CreateArea",
          areaId: "x",
          name: "x",
          level: "community",
          parentId: "minxin",
          boundary: polygon(rectangle(0, 0, 1, 1)),
        }),
      ),
    ).toBe("boundaryOnlyForGrids")
  })

  it("renames (and does nothing for the same name), refuses commands dated before the last event", () => {
    spec
      .given(history)
      .when(cmd({ _tag: "RenameArea", areaId: "nanshan", name: "南山社区（新）" }, T1))
      .then({ _tag: "AreaRenamed", ...stamp(), areaId: "nanshan", name: "南山社区（新）" })
    spec
      .given(history)
      .when(cmd({ _tag: "RenameArea", areaId: "nanshan", name: "南山社区" }, T1))
      .then([])
    expect(broken(cmd({ _tag: "RenameArea", areaId: "nanshan", name: "x" }, T0 - 1))).toBe(
      "clockWentBackwards",
    )
    expect(broken(cmd({ _tag: "RenameArea", areaId: "nowhere", name: "x" }, T1))).toBe("unknownArea")
  })

  it("retires only empty areas, never the district, and ends the roles scoped to them", () => {
    expect(broken(cmd({ _tag: "RetireArea", areaId: "nanshan-g1" }, T1))).toBe("areaNotEmpty")
    expect(broken(cmd({ _tag: "RetireArea", areaId: "tianhong-g3" }, T1))).toBe("areaNotEmpty")
    expect(broken(cmd({ _tag: "RetireArea", areaId: "minxin" }, T1))).toBe("areaNotEmpty")
    expect(broken(cmd({ _tag: "RetireArea", areaId: DISTRICT }, T1))).toBe("cannotRetireDistrict")
    const emptied = run([cmd({ _tag: "RemoveHousehold", householdId: "h6" }, T1)], state).state
    const retired = run([cmd({ _tag: "RetireArea", areaId: "tianhong-g3-m1" }, T1)], emptied)
    expect(retired.events).toEqual([
      { _tag: "AreaRetired", ...stamp(), areaId: "tianhong-g3-m1" },
      {
        _tag: "RoleRevoked",
        ...stamp(),
        personId: "mg-chen",
        role: "microGridWorker",
        scope: { _tag: "area", areaId: "tianhong-g3-m1" },
      },
    ])
    expect(Territory.rolesOf(retired.state, "mg-chen")).toEqual([])
    expect(Territory.areaOf(retired.state, "tianhong-g3-m1")?.retiredAt).toBe(T1)
    const again = Territory.decide(
      cmd({ _tag: "PlaceHousehold", householdId: "h9", areaId: "tianhong-g3-m1" }, T1),
      retired.state,
    )
    expect(Result.isFailure(again) && again.failure.rule).toBe("areaRetired")
  })

  it("keeps departments beside a street or the district", () => {
    expect(
      broken(cmd({ _tag: "CreateDepartment", departmentId: "gas", name: "燃气公司", areaId: "nanshan" }, T1)),
    ).toBe("departmentMisplaced")
    expect(
      broken(cmd({ _tag: "CreateDepartment", departmentId: "water", name: "x", areaId: "minxin" }, T1)),
    ).toBe("idTaken")
    spec
      .given(history)
      .when(cmd({ _tag: "RetireDepartment", departmentId: "water" }, T1))
      .then([
        { _tag: "DepartmentRetired", ...stamp(), departmentId: "water" },
        {
          _tag: "RoleRevoked",
          ...stamp(),
          personId: "plumber-liu",
          role: "departmentHandler",
          scope: { _tag: "department", departmentId: "water" },
        },
      ])
  })
})

describe("territory: households and re-gridding", () => {
  const split = cmd(
    {
      _tag: "SplitGrid",
      gridId: "nanshan-g1",
      parts: [
        {
          areaId: "nanshan-g1a",
          name: "南山1A",
          households: ["h1", "h3"],
          boundary: polygon(rectangle(100, 30, 105, 40)),
        },
        { areaId: "nanshan-g1b", name: "南山1B", households: ["h2", "h4"] },
      ],
    },
    T1,
  )

  it("splits a grid: every household to one part, the grid's roles end, parts inherit its kind", () => {
    spec
      .given(history)
      .when(split)
      .then([
        {
          _tag: "GridSplit",
          ...stamp(),
          gridId: "nanshan-g1",
          parts: [
            {
              areaId: "nanshan-g1a",
              name: "南山1A",
              kind: { _tag: "comprehensive" },
              boundary: polygon(rectangle(100, 30, 105, 40)),
            },
            { areaId: "nanshan-g1b", name: "南山1B", kind: { _tag: "comprehensive" } },
          ],
          moves: [
            { householdId: "h1", from: "nanshan-g1", to: "nanshan-g1a" },
            { householdId: "h3", from: "nanshan-g1", to: "nanshan-g1a" },
            { householdId: "h2", from: "nanshan-g1", to: "nanshan-g1b" },
            { householdId: "h4", from: "nanshan-g1", to: "nanshan-g1b" },
          ],
        },
        {
          _tag: "RoleRevoked",
          ...stamp(),
          personId: "leader-li",
          role: "gridLeader",
          scope: { _tag: "area", areaId: "nanshan-g1" },
        },
        {
          _tag: "RoleRevoked",
          ...stamp(),
          personId: "worker-wang",
          role: "gridWorker",
          scope: { _tag: "area", areaId: "nanshan-g1" },
        },
      ])
  })

  it("keeps history: before the split a household counts for the old grid, after it for its part", () => {
    const after = run([split], state).state
    expect(Territory.gridAt(after, "h3", T0)).toBe("nanshan-g1")
    expect(Territory.gridAt(after, "h3", T1 - 1)).toBe("nanshan-g1")
    expect(Territory.gridAt(after, "h3", T1)).toBe("nanshan-g1a")
    expect(Territory.gridAt(after, "h3", T0 - 1)).toBeUndefined()
    expect(Territory.areaOf(after, "nanshan-g1")).toMatchObject({
      retiredAt: T1,
      replacedBy: ["nanshan-g1a", "nanshan-g1b"],
    })
    expect(Territory.householdsIn(after, "nanshan-g1")).toEqual([])
    expect(new Set(Territory.householdsIn(after, "nanshan-g1b"))).toEqual(new Set(["h2", "h4"]))
  })

  it("refuses a split that loses, invents or doubles a household", () => {
    /** A split of `gridId` into parts given as `[areaId, households]`, each named after its id. */
    const splitInto = (gridId: string, ...parts: ReadonlyArray<readonly [string, ReadonlyArray<string>]>) =>
      cmd(
        {
          _tag: "SplitGrid",
          gridId,
          parts: parts.map(([areaId, households]) => ({ areaId, name: areaId, households })),
        },
        T1,
      )
    const parts = (first: ReadonlyArray<string>, second: ReadonlyArray<string>) =>
      splitInto("nanshan-g1", ["a", first], ["b", second])
    expect(broken(parts(["h1", "h2"], ["h3"]))).toBe("householdsNotPartitioned")
    expect(broken(parts(["h1", "h2"], ["h3", "h4", "h5"]))).toBe("householdsNotPartitioned")
    expect(broken(parts(["h1", "h2"], ["h2", "h3", "h4"]))).toBe("householdsNotPartitioned")
    expect(broken(splitInto("tianhong-g3", ["a", []], ["b", []]))).toBe("hasMicroGrids")
    expect(broken(splitInto("nanshan", ["a", []], ["b", []]))).toBe("notAGrid")
    expect(broken(splitInto("nanshan-g1", ["a", ["h1", "h2", "h3", "h4"]], ["a", []]))).toBe("duplicateIds")
    expect(broken(splitInto("nanshan-g1", ["nanshan-g2", ["h1", "h2", "h3", "h4"]], ["b", []]))).toBe(
      "idTaken",
    )
  })

  it("merges sibling grids into a new one; gridAt answers across two re-griddings", () => {
    const T2 = T1 + 1000
    const merged = run(
      [
        split,
        cmd(
          {
            _tag: "MergeGrids",
            gridIds: ["nanshan-g1b", "nanshan-g2"],
            into: { areaId: "nanshan-east", name: "南山东" },
          },
          T2,
        ),
      ],
      state,
    )
    const mergedEvent = merged.events.find((event) => event._tag === "GridsMerged")
    expect(mergedEvent).toEqual({
      _tag: "GridsMerged",
      ...stamp(T2),
      gridIds: ["nanshan-g1b", "nanshan-g2"],
      into: { areaId: "nanshan-east", name: "南山东", kind: { _tag: "comprehensive" } },
      moves: expect.arrayContaining([
        { householdId: "h2", from: "nanshan-g1b", to: "nanshan-east" },
        { householdId: "h4", from: "nanshan-g1b", to: "nanshan-east" },
        { householdId: "h5", from: "nanshan-g2", to: "nanshan-east" },
      ]),
    })
    expect(mergedEvent?._tag === "GridsMerged" && mergedEvent.moves).toHaveLength(3)
    expect(
      merged.events
        .slice(merged.events.findIndex((event) => event._tag === "GridsMerged"))
        .filter((event) => event._tag === "RoleRevoked")
        .map((event) => event.personId),
    ).toEqual(["worker-ma"])
    const t = merged.state
    expect([
      Territory.gridAt(t, "h2", T0),
      Territory.gridAt(t, "h2", T1),
      Territory.gridAt(t, "h2", T2),
    ]).toEqual(["nanshan-g1", "nanshan-g1b", "nanshan-east"])
    expect([Territory.gridAt(t, "h5", T1), Territory.gridAt(t, "h5", T2)]).toEqual([
      "nanshan-g2",
      "nanshan-east",
    ])
    expect(Territory.areaOf(t, "nanshan-east")).toMatchObject({ level: "grid", parentId: "nanshan" })
  })

  it("merges only active sibling grids without micro-grids", () => {
    const merge = (gridIds: ReadonlyArray<string>) =>
      cmd({ _tag: "MergeGrids", gridIds, into: { areaId: "m", name: "m" } }, T1)
    expect(broken(merge(["nanshan-g1", "tianhong-g3"]))).toBe("hasMicroGrids")
    expect(broken(merge(["nanshan-g1", "tianhong-g3-m1"]))).toBe("notSiblings")
    expect(broken(merge(["nanshan-g1", "nanshan-g1"]))).toBe("duplicateIds")
    expect(broken(merge(["nanshan-g1", "nowhere"]))).toBe("unknownArea")
  })

  it("places, moves and removes households, keeping every placement", () => {
    const T2 = T1 + 1000
    const t = run(
      [
        cmd({ _tag: "MoveHousehold", householdId: "h1", toAreaId: "tianhong-g3-m2" }, T1),
        cmd({ _tag: "RemoveHousehold", householdId: "h1" }, T2),
        cmd({ _tag: "PlaceHousehold", householdId: "h1", areaId: "nanshan-g2" }, T2 + 1),
      ],
      state,
    ).state
    expect([
      Territory.gridAt(t, "h1", T0),
      Territory.gridAt(t, "h1", T1),
      Territory.gridAt(t, "h1", T2),
      Territory.gridAt(t, "h1", T2 + 1),
    ]).toEqual(["nanshan-g1", "tianhong-g3-m2", undefined, "nanshan-g2"])
    expect(broken(cmd({ _tag: "PlaceHousehold", householdId: "h1", areaId: "nanshan-g2" }, T1))).toBe(
      "householdAlreadyPlaced",
    )
    expect(broken(cmd({ _tag: "PlaceHousehold", householdId: "h9", areaId: "nanshan" }, T1))).toBe("notAGrid")
    expect(broken(cmd({ _tag: "MoveHousehold", householdId: "h1", toAreaId: "nanshan-g1" }, T1))).toBe(
      "alreadyThere",
    )
    expect(broken(cmd({ _tag: "MoveHousehold", householdId: "h9", toAreaId: "nanshan-g1" }, T1))).toBe(
      "householdNotPlaced",
    )
    expect(broken(cmd({ _tag: "RemoveHousehold", householdId: "h9" }, T1))).toBe("householdNotPlaced")
  })
})

describe("territory: roles", () => {
  it("grants a role only at the levels it is held at, once", () => {
    const grant = (role: "gridWorker" | "stationHead" | "departmentHandler", scope: object) =>
      cmd({ _tag: "GrantRole", personId: "p", role, scope } as never, T1)
    expect(broken(grant("gridWorker", { _tag: "area", areaId: "nanshan" }))).toBe("roleScopeMismatch")
    expect(broken(grant("stationHead", { _tag: "department", departmentId: "water" }))).toBe(
      "roleScopeMismatch",
    )
    expect(broken(grant("departmentHandler", { _tag: "area", areaId: "minxin" }))).toBe("roleScopeMismatch")
    expect(broken(grant("departmentHandler", { _tag: "department", departmentId: "gas" }))).toBe(
      "unknownDepartment",
    )
    expect(
      broken(
        cmd(
          {
            _tag: "GrantRole",
            personId: "worker-wang",
            role: "gridWorker",
            scope: { _tag: "area", areaId: "nanshan-g1" },
          },
          T1,
        ),
      ),
    ).toBe("roleAlreadyHeld")
    expect(
      broken(
        cmd(
          {
            _tag: "RevokeRole",
            personId: "worker-wang",
            role: "gridWorker",
            scope: { _tag: "area", areaId: "nanshan-g2" },
          },
          T1,
        ),
      ),
    ).toBe("roleNotHeld")
  })

  it("lets one person hold several roles and lose one of them", () => {
    expect(Territory.rolesOf(state, "worker-wang")).toEqual([
      { role: "gridWorker", scope: { _tag: "area", areaId: "nanshan-g1" } },
      { role: "volunteer", scope: { _tag: "area", areaId: "tianhong" } },
    ])
    const t = run(
      [
        cmd(
          {
            _tag: "RevokeRole",
            personId: "worker-wang",
            role: "gridWorker",
            scope: { _tag: "area", areaId: "nanshan-g1" },
          },
          T1,
        ),
      ],
      state,
    ).state
    expect(Territory.rolesOf(t, "worker-wang")).toEqual([
      { role: "volunteer", scope: { _tag: "area", areaId: "tianhong" } },
    ])
  })

  it("the sample fixture replays from its own events", () => {
    expect(run(SAMPLE_COMMANDS).events).toEqual(history)
  })
})
