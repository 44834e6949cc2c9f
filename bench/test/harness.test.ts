import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { centreOf, demoPlan } from "../../examples/hotline-service/src/district/demo-district.ts"
import { ReportBody } from "../../examples/hotline-service/src/office-api/command-bodies.ts"
import { type CityFigures, cityTable } from "../src/report/city-table.ts"
import { loadRequests } from "../src/workloads/http.ts"

const grids = ["huoju-road-grid-01", "shengtang-road-grid-02"].map((gridId) => ({
  gridId,
  ...centreOf(demoPlan, gridId),
}))
const credentials = { apiKey: "key-1", staffToken: "token-1" }

describe("the HTTP load", () => {
  it("posts one GeoReport v2 form per grid, with the api_key and a point inside the grid", () => {
    const requests = loadRequests("open311", grids, credentials)
    expect(requests.map((request) => request.path)).toEqual([
      "/open311/v2/requests.json",
      "/open311/v2/requests.json",
    ])
    const forms = requests.map((request) => new URLSearchParams(request.body))
    expect(forms.map((form) => form.get("api_key"))).toEqual(["key-1", "key-1"])
    expect(forms.map((form) => Number(form.get("lat")))).toEqual(grids.map((grid) => grid.lat))
  })

  it("sends a grid worker's report the office API accepts, with their staff token", () => {
    for (const [index, request] of loadRequests("staff", grids, credentials).entries()) {
      expect(request.headers.authorization).toBe("Bearer token-1")
      const body = Schema.decodeUnknownSync(ReportBody)(JSON.parse(request.body))
      expect(body.location.gridId).toBe(grids[index]!.gridId)
    }
  })
})

describe("the city table", () => {
  const figures = (size: CityFigures["size"], scale: number): CityFigures => ({
    size,
    grids: 100 * scale,
    residents: 34_000 * scale,
    days: 1,
    cases: 30 * scale,
    commands: 100 * scale,
    events: 1_000 * scale,
    wallSeconds: 10 * scale * 1.5,
    peakRssMb: 200,
    storeMb: 1 * scale,
    rebuildSeconds: 2 * scale,
    rebuildPeakRssMb: 150,
  })

  it("shows each size's growth against the first", () => {
    const table = cityTable([figures("street", 1), figures("district", 10)]).split("\n")
    expect(table).toHaveLength(4)
    expect(table[3]).toContain("10,000 (10.0×)")
    expect(table[3]).toContain("150 (10.0×)")
    expect(table[3]).toContain("200 (1.0×)")
  })
})
