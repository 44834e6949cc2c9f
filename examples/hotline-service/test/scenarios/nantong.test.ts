import { Territory } from "@gridcase/core"
import { describe, expect, it } from "vitest"
import { nantong, PROPERTY_COMPANY, TIANHONG_GRIDS, YU_ZHIFENG } from "../../src/scenarios/nantong.ts"
import { childAreas, eventsOf, holders, play, territoryOf, timeline } from "./play.ts"

describe("nantong: what the article states (docs/domain.md#seed-nantong)", () => {
  it("asserts each fact through the territory and the case timelines", async () => {
    await play(nantong, async (office) => {
      const t = await territoryOf(office)

      // nantong-11, nantong-12: every grid is 网格长 + 党小组长 + 微网格员 + N名志愿者.
      expect(
        childAreas(t, "tianhong", "grid")
          .map((grid) => grid.areaId)
          .sort(),
      ).toEqual([...TIANHONG_GRIDS])
      for (const grid of TIANHONG_GRIDS) {
        expect(holders(t, grid, "gridLeader")).toHaveLength(1)
        expect(holders(t, grid, "partyGroupLeader")).toHaveLength(1)
        expect(holders(t, grid, "volunteer").length).toBeGreaterThan(0)
        for (const micro of childAreas(t, grid, "microGrid")) {
          expect(holders(t, micro.areaId, "microGridWorker")).toHaveLength(1)
        }
      }
      // A party-group leader is a helper: a case sent to the grid is not theirs to receive.
      expect(Territory.HELPER_ROLES.has("partyGroupLeader")).toBe(true)
      // nantong-13: the property company is a unit the community works with.
      expect(Territory.departmentOf(t, PROPERTY_COMPANY)?.name).toContain("物业")

      // nantong-1 – nantong-7: on his round in his own micro-grid, at 天虹苑12号楼904, a little after 10 a.m. on
      // 9 November, the micro-grid worker has the resident come home and turn the gas off — handled on the spot.
      const gas = await timeline(office, "tianhong-gas-904")
      const [reported] = eventsOf(gas, "CaseReported")
      expect(reported).toMatchObject({
        by: YU_ZHIFENG,
        level: "microGrid",
        category: "safetyHazard",
        location: { gridId: "tianhong-grid-02-m3", address: "天虹苑12号楼904室" },
      })
      expect(holders(t, "tianhong-grid-02-m3", "microGridWorker")).toEqual([YU_ZHIFENG])
      expect(new Date(reported!.at).toISOString()).toBe("2026-11-09T02:10:00.000Z")
      expect(eventsOf(gas, "CaseSelfHandled")).toHaveLength(1)
      expect(eventsOf(gas, "SelfHandlingAudited")).toMatchObject([{ passed: true }])

      // nantong-16: a grid leader finds the pumps on patrol; nantong-23 – nantong-25: what the leader cannot
      // solve goes to the community party branch — the owner of the community level, its `stationHead` in
      // the library (the branch is not a role) — which liaises with the departments.
      const pumps = await timeline(office, "tianhong-basement-pumps")
      expect(eventsOf(pumps, "CaseReported")).toMatchObject([{ by: "tianhong-leader", source: "patrol" }])
      expect(holders(t, "tianhong-grid-01", "gridLeader")).toEqual(["tianhong-leader"])
      expect(eventsOf(pumps, "CaseEscalated")).toMatchObject([
        { from: "grid", to: "community", reason: "requested" },
      ])
      const [dispatched] = eventsOf(pumps, "CaseDispatched")
      expect(holders(t, "tianhong", "stationHead")).toEqual([dispatched!.by])
      expect(dispatched!.assignee).toEqual({ _tag: "department", departmentId: "jinsha-housing" })
      // nantong-18: the consultation's members, as the dispatch records them.
      for (const member of ["网格长", "微网格员", "党小组长", "物业"])
        expect(dispatched!.note).toContain(member)
      // nantong-19: the dangerous parts now, the rest after a tender — parked (挂账) meanwhile.
      expect(eventsOf(pumps, "ProgressNoted").some((note) => note.note.includes("明显隐患部位"))).toBe(true)
      expect(eventsOf(pumps, "CaseShelved")).toHaveLength(1)
      expect(eventsOf(pumps, "CaseRestored")).toHaveLength(1)
    })
  })
})
