import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { Territory } from "../../src/index.ts"
import { cmd, polygon, rectangle, run, sample, T1 } from "./fixture.ts"

const { state } = sample()

const routed = (result: Result.Result<Territory.GridRoute, Territory.NoGridFound>): Territory.GridRoute => {
  if (Result.isFailure(result)) throw result.failure
  return result.success
}
const failure = (
  result: Result.Result<Territory.GridRoute, Territory.NoGridFound>,
): Territory.NoGridFound => {
  if (Result.isSuccess(result)) throw new Error(`routed to ${result.success.areaId}`)
  return result.failure
}

describe("routing a new case to its grid", () => {
  it("by coordinates: the grid whose boundary contains the point", () => {
    expect(routed(Territory.routeByCoordinates(state, { long: 105, lat: 35 }))).toEqual({
      areaId: "nanshan-g1",
      gridId: "nanshan-g1",
      by: "coordinates",
    })
    expect(routed(Territory.routeByCoordinates(state, { long: 103, lat: 42 })).areaId).toBe("nanshan-mall")
  })

  it("by coordinates: a micro-grid wins over its grid, and names the grid it lies in", () => {
    expect(routed(Territory.routeByCoordinates(state, { long: 92, lat: 32 }))).toEqual({
      areaId: "tianhong-g3-m1",
      gridId: "tianhong-g3",
      by: "coordinates",
    })
  })

  it("by coordinates: a point on a shared border goes to the smaller id, a point in a hole nowhere", () => {
    expect(routed(Territory.routeByCoordinates(state, { long: 110, lat: 35 })).areaId).toBe("nanshan-g1")
    expect(failure(Territory.routeByCoordinates(state, { long: 105.5, lat: 41.5 }))).toBeInstanceOf(
      Territory.NoGridFound,
    )
    expect(failure(Territory.routeByCoordinates(state, { long: 0, lat: 0 })).tried).toEqual(["coordinates"])
  })

  it("by coordinates: retired grids no longer catch points, their successors do", () => {
    const after = run(
      [
        cmd(
          {
            _tag: "SplitGrid",
            gridId: "nanshan-g1",
            parts: [
              {
                areaId: "g1-west",
                name: "西",
                households: ["h1", "h2"],
                boundary: polygon(rectangle(100, 30, 105, 40)),
              },
              {
                areaId: "g1-east",
                name: "东",
                households: ["h3", "h4"],
                boundary: polygon(rectangle(105, 30, 110, 40)),
              },
            ],
          },
          T1,
        ),
      ],
      state,
    ).state
    expect(routed(Territory.routeByCoordinates(after, { long: 107, lat: 35 })).areaId).toBe("g1-east")
    expect(routed(Territory.routeByCoordinates(after, { long: 101, lat: 35 })).areaId).toBe("g1-west")
  })

  it("by household: where it sits now", () => {
    expect(routed(Territory.routeByHousehold(state, "h6"))).toEqual({
      areaId: "tianhong-g3-m1",
      gridId: "tianhong-g3",
      by: "household",
    })
    expect(failure(Territory.routeByHousehold(state, "h404")).detail).toContain("h404")
  })

  it("by address: exact after normalising, through a directory the caller keeps", () => {
    const directory = Territory.makeAddressDirectory([
      ["南山社区 5栋-2单元 301", "h1"],
      ["南山社区5栋2单元302", "h5"],
      ["天鸿小区 1栋", "h6"],
      ["天鸿小区1栋", "h1"],
      ["南山社区 8栋", "h2"],
      ["南山社区８栋", "h3"],
    ])
    expect(routed(Territory.routeByAddress(state, directory, "南山社区５栋２单元３０１"))).toEqual({
      areaId: "nanshan-g1",
      gridId: "nanshan-g1",
      by: "address",
    })
    // h2 and h3 share a building entrance and a grid: still routable.
    expect(routed(Territory.routeByAddress(state, directory, "南山社区8栋")).areaId).toBe("nanshan-g1")
    // h6 and h1 share an address but not a grid: ambiguous, refused rather than guessed.
    expect(failure(Territory.routeByAddress(state, directory, "天鸿小区1栋")).detail).toContain(
      "do not sit in one grid",
    )
    expect(failure(Territory.routeByAddress(state, directory, "南山社区5栋2单元303")).tried).toEqual([
      "address",
    ])
  })

  it("routeCase tries household, then address, then coordinates, and says what it tried", () => {
    const directory = Territory.makeAddressDirectory([["南山社区5栋2单元302", "h5"]])
    expect(
      routed(Territory.routeCase(state, { householdId: "h6", point: { long: 105, lat: 35 } }, directory)).by,
    ).toBe("household")
    expect(
      routed(
        Territory.routeCase(
          state,
          { householdId: "h404", address: "南山社区5栋2单元302", point: { long: 105, lat: 35 } },
          directory,
        ),
      ),
    ).toEqual({ areaId: "nanshan-g2", gridId: "nanshan-g2", by: "address" })
    expect(
      routed(Territory.routeCase(state, { householdId: "h404", point: { long: 105, lat: 35 } })).by,
    ).toBe("coordinates")
    const none = failure(
      Territory.routeCase(
        state,
        { householdId: "h404", address: "nowhere", point: { long: 0, lat: 0 } },
        directory,
      ),
    )
    expect(none.tried).toEqual(["household", "address", "coordinates"])
    expect(none.message).toContain("h404")
    expect(failure(Territory.routeCase(state, {})).tried).toEqual([])
  })

  it("normalises width, case, spaces and separators, nothing more", () => {
    expect(Territory.normaliseAddress(" 南山社区 ５栋－2单元，301室 ")).toBe("南山社区5栋2单元301室")
    expect(Territory.normaliseAddress("Block A, Unit 3")).toBe(Territory.normaliseAddress("block a unit 3"))
    expect(Territory.normaliseAddress("5-2-301")).not.toBe(Territory.normaliseAddress("5栋2单元301"))
  })
})
