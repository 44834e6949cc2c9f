import { Campaign, Instant, Territory } from "@gridcase/core"
import { CaseOutcomes } from "@gridcase/projections"
import { describe, expect, it } from "vitest"
import { gujiao, HEKOU_COMMUNITIES, QUESTIONNAIRE, ZHAISHANG_ELDERS } from "../../src/scenarios/gujiao.ts"
import { childAreas, eventsOf, holders, play, stored, territoryOf, timeline } from "./play.ts"

describe("gujiao: what the article states (docs/domain.md#seed-gujiao)", () => {
  it("asserts each fact through the territory, the questionnaire campaign, the residents and the case timelines", async () => {
    await play(gujiao, async (office) => {
      const t = await territoryOf(office)

      // gujiao-3: a grid system to every edge — every grid of the town's villages and communities has its worker.
      const grids = HEKOU_COMMUNITIES.flatMap((community) => childAreas(t, community, "grid"))
      expect(grids.length).toBeGreaterThan(0)
      expect(Territory.unstaffedGrids(t)).toEqual([])

      // gujiao-1, gujiao-2: the grid workers take the civilised-city questionnaire to every listed household.
      const round = await office.campaigns.get(QUESTIONNAIRE)
      if (!round.exists) throw new Error("no questionnaire round")
      expect(round.areaId).toBe("hekou")
      expect(round.closed).toBe(true)
      const progress = Campaign.progress(round)
      expect(progress.outstanding).toBe(0)
      expect(progress.byArea.map((grid) => grid.areaId).sort()).toEqual(
        grids.map((grid) => grid.areaId).sort(),
      )
      for (const knock of (await stored(office.campaigns.history, QUESTIONNAIRE)).filter(
        (e) => e._tag === "DoorKnocked",
      )) {
        const grid = round.households.get(knock.householdId as string)!.areaId
        expect(holders(t, grid, "gridWorker")).toEqual([knock.by])
      }

      // gujiao-5, gujiao-6: Goudi's grid worker hears it on patrol and reports to the grid leader.
      const pipe = await timeline(office, "goudi-water-pipe")
      const [reported] = eventsOf(pipe, "CaseReported")
      expect(reported).toMatchObject({
        source: "patrol",
        category: "utilities",
        location: { gridId: "goudi-grid-01" },
      })
      expect(holders(t, "goudi-grid-01", "gridWorker")).toEqual([reported!.by])
      const [registered] = eventsOf(pipe, "CaseRegistered")
      expect(holders(t, "goudi-grid-01", "gridLeader")).toEqual([registered!.by])
      // gujiao-10, gujiao-11: he calls the professionals; under an hour from then to the pipe replaced.
      const [called] = eventsOf(pipe, "CaseDispatched")
      expect(called!.assignee).toEqual({ _tag: "department", departmentId: "hekou-water" })
      const [replaced] = eventsOf(pipe, "CaseResolved")
      expect(replaced!.at - called!.at).toBeLessThan(Instant.HOUR)
      // gujiao-13: 网格事网格了 — the town's cases closed in the grid.
      const communityOf = new Map(grids.map((grid) => [grid.areaId, grid.parentId!]))
      const outcomes = CaseOutcomes.queries({ communityOf })
      expect(await office.query(outcomes.selfResolutionRate())).toMatchObject({ rate: 1 })

      // gujiao-14 – gujiao-17: Zhaishang's left-behind elders, tagged, their blood pressure taken on a visit.
      const [zhaishang] = Territory.ancestry(t, "zhaishang-grid-01").filter(
        (areaId) => areaId === "zhaishang",
      )
      expect(Territory.areaOf(t, zhaishang!)?.name).toBe("寨上社区")
      for (const elder of ZHAISHANG_ELDERS) {
        const events = await stored(office.residents.history, elder)
        expect(events.filter((e) => e._tag === "ResidentTagged")).toMatchObject([{ tag: "emptyNestElderly" }])
        const visits = events.filter((e) => e._tag === "ResidentVisited")
        expect(visits).toHaveLength(1)
        expect(visits[0]!.findings).toContain("测血压")
        const home = Territory.currentAreaOf(t, events[0]!.householdId as string)
        expect(Territory.ancestry(t, home!)).toContain("zhaishang")
      }

      // gujiao-19 – gujiao-23: a grid volunteer at the testing point; the queue and registration sorted out.
      expect(holders(t, "zhaishang", "volunteer")).toHaveLength(1)
      const queue = await timeline(office, "zhaishang-testing-queue")
      expect(eventsOf(queue, "CaseReported")).toMatchObject([
        { category: "epidemic", by: "zhaishang-grid-volunteer" },
      ])
      expect(eventsOf(queue, "CaseResolved")[0]?.result).toContain("信息登记")
    })
  })
})
