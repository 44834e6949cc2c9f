import { describe, expect, it } from "vitest"
import { Territory } from "../../src/index.ts"
import { cmd, run, sample, T1 } from "./fixture.ts"

const { state } = sample()
const ids = (areas: ReadonlyArray<{ readonly areaId: string }>) => areas.map((area) => area.areaId)

describe("staffing queries", () => {
  it("lists the grids and micro-grids nobody works, and only those", () => {
    expect(ids(Territory.unstaffedGrids(state))).toEqual(["nanshan-mall", "tianhong-g3", "tianhong-g3-m2"])
  })

  it("a grid leader or a volunteer does not staff a grid; a grid worker does", () => {
    const t = run(
      [
        cmd(
          {
            _tag: "GrantRole",
            personId: "p1",
            role: "gridLeader",
            scope: { _tag: "area", areaId: "tianhong-g3" },
          },
          T1,
        ),
        cmd(
          {
            _tag: "GrantRole",
            personId: "p2",
            role: "volunteer",
            scope: { _tag: "area", areaId: "tianhong-g3-m2" },
          },
          T1,
        ),
        cmd(
          {
            _tag: "GrantRole",
            personId: "p3",
            role: "gridWorker",
            scope: { _tag: "area", areaId: "nanshan-mall" },
          },
          T1,
        ),
      ],
      state,
    ).state
    expect(ids(Territory.unstaffedGrids(t))).toEqual(["tianhong-g3", "tianhong-g3-m2"])
  })

  it("grids born of a split start unstaffed, and the retired grid is no longer listed", () => {
    const t = run(
      [
        cmd(
          {
            _tag: "SplitGrid",
            gridId: "nanshan-g1",
            parts: [
              { areaId: "nanshan-g1a", name: "1A", households: ["h1", "h2", "h3", "h4"] },
              { areaId: "nanshan-g1b", name: "1B", households: [] },
            ],
          },
          T1,
        ),
      ],
      state,
    ).state
    expect(ids(Territory.unstaffedGrids(t))).toEqual([
      "nanshan-g1a",
      "nanshan-g1b",
      "nanshan-mall",
      "tianhong-g3",
      "tianhong-g3-m2",
    ])
  })

  it("holdersOf lists who holds what in one scope, by person", () => {
    const t = run(
      [
        cmd(
          {
            _tag: "GrantRole",
            personId: "a-first",
            role: "buildingHead",
            scope: { _tag: "area", areaId: "nanshan-g1" },
          },
          T1,
        ),
      ],
      state,
    ).state
    expect(Territory.holdersOf(t, { _tag: "area", areaId: "nanshan-g1" })).toEqual([
      { personId: "a-first", role: "buildingHead", scope: { _tag: "area", areaId: "nanshan-g1" } },
      { personId: "leader-li", role: "gridLeader", scope: { _tag: "area", areaId: "nanshan-g1" } },
      { personId: "worker-wang", role: "gridWorker", scope: { _tag: "area", areaId: "nanshan-g1" } },
    ])
    expect(
      Territory.holdersOf(t, { _tag: "area", areaId: "nanshan-g1" }, "gridWorker").map((h) => h.personId),
    ).toEqual(["worker-wang"])
    expect(
      Territory.holdersOf(t, { _tag: "department", departmentId: "water" }).map((h) => h.personId),
    ).toEqual(["plumber-liu"])
  })
})
