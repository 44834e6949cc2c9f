import { describe, expect, it } from "vitest"
import { Territory } from "../../src/index.ts"
import { cmd, run, SAMPLE_COMMANDS, T0 } from "./fixture.ts"

const HOUR = 3_600_000
const { state: sample } = run(SAMPLE_COMMANDS)

/** Places `h-b5` in building 5 of Nanshan's first grid and `h-none` with no building, an hour after the sample. */
const placed = run(
  [
    cmd(
      { _tag: "PlaceHousehold", householdId: "h-b5", areaId: "nanshan-g1", buildingId: "nanshan-b5" },
      T0 + HOUR,
    ),
    cmd({ _tag: "PlaceHousehold", householdId: "h-none", areaId: "nanshan-g1" }, T0 + HOUR),
  ],
  sample,
)

describe("territory: the building (楼栋) a household lives in", () => {
  it("is the one it was placed in, and none when none was given", () => {
    expect(Territory.buildingOf(placed.state, "h-b5")).toBe("nanshan-b5")
    expect(Territory.buildingOf(placed.state, "h-none")).toBeUndefined()
    expect(placed.events[0]).toMatchObject({ _tag: "HouseholdPlaced", buildingId: "nanshan-b5" })
  })

  it("stays through re-gridding: the grid is redrawn around the building, nobody moved house", () => {
    const { state } = run(
      [
        cmd(
          {
            _tag: "SplitGrid",
            gridId: "nanshan-g1",
            parts: [
              { areaId: "nanshan-g1a", name: "南山1A", households: ["h-b5", "h1", "h3"] },
              { areaId: "nanshan-g1b", name: "南山1B", households: ["h-none", "h2", "h4"] },
            ],
          },
          T0 + 2 * HOUR,
        ),
      ],
      placed.state,
    )
    expect(Territory.currentAreaOf(state, "h-b5")).toBe("nanshan-g1a")
    expect(Territory.buildingOf(state, "h-b5")).toBe("nanshan-b5")
  })

  it("is the new one after a move, none when the move names none, and none once the household has left", () => {
    const moved = run(
      [
        cmd(
          { _tag: "MoveHousehold", householdId: "h-b5", toAreaId: "nanshan-g2", toBuildingId: "nanshan-b9" },
          T0 + 2 * HOUR,
        ),
      ],
      placed.state,
    )
    expect(moved.events[0]).toMatchObject({
      _tag: "HouseholdMoved",
      to: "nanshan-g2",
      buildingId: "nanshan-b9",
    })
    expect(Territory.buildingOf(moved.state, "h-b5")).toBe("nanshan-b9")

    const unknown = run(
      [cmd({ _tag: "MoveHousehold", householdId: "h-b5", toAreaId: "nanshan-g2" }, T0 + 2 * HOUR)],
      placed.state,
    )
    expect(Territory.buildingOf(unknown.state, "h-b5")).toBeUndefined()

    const gone = run([cmd({ _tag: "RemoveHousehold", householdId: "h-b5" }, T0 + 3 * HOUR)], moved.state)
    expect(Territory.buildingOf(gone.state, "h-b5")).toBeUndefined()
  })
})
