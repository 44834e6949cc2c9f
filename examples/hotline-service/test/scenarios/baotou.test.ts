import { Campaign, Territory } from "@gridcase/core"
import { PointsBalances } from "@gridcase/projections"
import { describe, expect, it } from "vitest"
import {
  BRANCH_COMPANIES,
  baotou,
  INSTRUCTOR,
  KNOCK_DRIVE,
  MINXIN_COMMUNITIES,
} from "../../src/scenarios/baotou.ts"
import { childAreas, eventsOf, holders, play, residentsOf, stored, territoryOf, timeline } from "./play.ts"

describe("baotou: what the article states (docs/domain.md#seed-baotou)", () => {
  it("asserts each fact through the territory, the knock drive, the case timelines, residents and points", async () => {
    await play(baotou, async (office) => {
      const t = await territoryOf(office)

      // baotou-1: one town and two street offices under the zone.
      expect(
        childAreas(t, "xitu-gaoxin", "street")
          .map((area) => area.name)
          .sort(),
      ).toEqual(["万水泉镇", "民馨路街道", "稀土路街道"].sort())

      // baotou-34, baotou-35: Minxin Road street, 100 grids and 45 grid workers, every grid staffed.
      const minxinGrids = MINXIN_COMMUNITIES.flatMap((community) => childAreas(t, community, "grid"))
      expect(minxinGrids).toHaveLength(100)
      const minxinWorkers = new Set(minxinGrids.flatMap((grid) => holders(t, grid.areaId, "gridWorker")))
      expect(minxinWorkers.size).toBe(45)
      const unstaffed = Territory.unstaffedGrids(t).map((area) => area.areaId)
      expect(minxinGrids.filter((grid) => unstaffed.includes(grid.areaId))).toEqual([])

      // baotou-6: more than 500 cadres (「500余名」), volunteers of the town's communities.
      const cadres = new Set(BRANCH_COMPANIES.flatMap((branch) => holders(t, branch.id, "volunteer")))
      expect(cadres.size).toBeGreaterThanOrEqual(500)

      // baotou-5: the knock drive ran end to end — every listed door visited, per grid, and closed.
      const drive = await office.campaigns.get(KNOCK_DRIVE)
      if (!drive.exists) throw new Error("no knock drive")
      expect(drive.closed).toBe(true)
      expect(drive.areaId).toBe("wanshuiquan")
      const progress = Campaign.progress(drive)
      expect(progress).toMatchObject({ total: 12, visited: 12, outstanding: 0 })
      expect(progress.byArea.map((grid) => grid.areaId)).toEqual(
        BRANCH_COMPANIES.map((b) => `${b.id}-grid-01`),
      )

      // baotou-7: each knock by a cadre, with the leader of the household's grid (机关工作人员+基层网格长).
      const knocks = (await stored(office.campaigns.history, KNOCK_DRIVE)).filter(
        (event) => event._tag === "DoorKnocked",
      )
      expect(knocks).toHaveLength(12)
      for (const knock of knocks) {
        expect(cadres.has(knock.by)).toBe(true)
        const grid = drive.households.get(knock.householdId as string)!.areaId
        expect(knock.companions).toEqual(holders(t, grid, "gridLeader"))
      }

      // baotou-8: the police station's instructor, a team member, finds her with no identity on record.
      expect(Territory.rolesOf(t, INSTRUCTOR)).toContainEqual({
        role: "departmentHandler",
        scope: { _tag: "department", departmentId: "wanshuiquan-police" },
      })
      expect(Territory.departmentOf(t, "wanshuiquan-police")?.areaId).toBe("wanshuiquan")
      const found = knocks.find(
        (knock) => knock.by === INSTRUCTOR && JSON.stringify(knock.outcome).includes("查不到身份信息"),
      )
      expect(found).toBeDefined()
      expect(await residentsOf(office, found!.householdId as string)).toMatchObject([
        { residentId: "baotou-hao-rong" },
      ])
      // baotou-11: his station finds the family who raised her.
      const family = await timeline(office, "baotou-hao-rong")
      expect(eventsOf(family, "CaseReported")).toMatchObject([{ by: INSTRUCTOR, source: "visit" }])
      expect(eventsOf(family, "CaseDispatched")).toMatchObject([
        { assignee: { _tag: "department", departmentId: "wanshuiquan-police" } },
      ])
      expect(eventsOf(family, "CaseResolved")).toMatchObject([{ by: INSTRUCTOR }])

      // baotou-16, -17, -18, -23: the moral bank — deposits collected by a grid worker (揽储员), approved by
      // the community's head (行长), from depositors who volunteer (储户); points exchanged for a gift.
      const worker = holders(t, "huoju-road-grid-01", "gridWorker")
      for (const depositor of ["baotou-liu-liansuo", "baotou-guo-jinglong"]) {
        const ledger = await stored(office.points.history, depositor)
        for (const award of ledger.filter((event) => event._tag === "PointsAwarded")) {
          expect(worker).toContain(award.by)
          expect(holders(t, "huoju-road", "stationHead")).toContain(award.approvedBy)
        }
      }
      expect(holders(t, "huoju-road", "volunteer").sort()).toEqual(["guo-jinglong", "liu-liansuo"])
      expect(await office.query(PointsBalances.balanceOf("baotou-liu-liansuo"))).toMatchObject({
        balance: 60 + 30 - 80,
      })
      expect(await office.query(PointsBalances.balanceOf("baotou-guo-jinglong"))).toMatchObject({
        balance: 60,
      })

      // baotou-26, -28, -29: at the 百姓说事点 the volunteer mediator takes up Ms Han's quarrel and calls again and again.
      expect(holders(t, "shengtang-road", "volunteer")).toContain("li-xifen")
      const quarrel = await timeline(office, "baotou-shengtang-quarrel")
      expect(eventsOf(quarrel, "CaseReported")).toMatchObject([
        { by: "li-xifen", source: "residentReport", category: "neighbourDispute" },
      ])
      const mediation = (await stored(office.residents.history, "baotou-shengtang-han")).filter(
        (event) => event._tag === "ResidentVisited" && event.by === "li-xifen",
      )
      expect(mediation.length).toBeGreaterThan(1)
      expect(eventsOf(quarrel, "ProgressNoted").some((note) => note.note.includes("律师"))).toBe(true)

      // baotou-37, -38: in Xitu Road street's Fulin Road a veteran helps an elder living alone.
      expect(Territory.ancestry(t, "fulin-road")).toContain("xitu-road")
      const [geng] = await residentsOf(office, "fulin-road-geng-home")
      expect(geng?.tags).toEqual(["elderlyAlone"])
      const [veteran] = await residentsOf(office, "fulin-road-veteran-home")
      expect(veteran?.tags).toEqual(["veteran"])
      const helped = (await stored(office.residents.history, "fulin-geng")).filter(
        (event) => event._tag === "ResidentVisited",
      )
      expect(helped).toMatchObject([{ by: "fulin-veteran" }])

      // baotou-39: Ms Wang's leak dispute, settled by community staff.
      const leak = await timeline(office, "baotou-fulin-leak")
      expect(eventsOf(leak, "CaseReported")).toMatchObject([
        { category: "neighbourDispute", source: "residentReport" },
      ])
      expect(eventsOf(leak, "CaseResolved")).toMatchObject([{ by: "fulin-road-worker" }])
    })
  })
})
