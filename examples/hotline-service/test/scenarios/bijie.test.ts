import { Campaign, Case, Territory } from "@gridcase/core"
import { describe, expect, it } from "vitest"
import { bijie, KNOCKS, OWNERS_COMMITTEES } from "../../src/scenarios/bijie.ts"
import { childAreas, eventsOf, holders, play, residentsOf, stored, territoryOf, timeline } from "./play.ts"

describe("bijie: what the article states (docs/domain.md#seed-bijie)", () => {
  it("asserts each fact through the territory, the door-knocking campaign, the residents and the case timelines", async () => {
    const told = await play(bijie, async (office) => {
      const t = await territoryOf(office)

      // bijie-6: 18 comprehensive grids and 1 commercial-zone grid.
      const grids = childAreas(t, "nanshan", "grid")
      expect(grids.filter((grid) => grid.kind?._tag === "comprehensive")).toHaveLength(18)
      expect(grids.filter((grid) => grid.kind?._tag === "dedicated").map((grid) => grid.kind)).toEqual([
        { _tag: "dedicated", purpose: "commercialZone" },
      ])
      // bijie-7: 19 community workers, all of them full-time grid workers in the grids: one each.
      const workers = grids.map((grid) => holders(t, grid.areaId, "gridWorker"))
      expect(workers.every((held) => held.length === 1)).toBe(true)
      expect(new Set(workers.flat()).size).toBe(19)

      // bijie-13: five owners' committees, each a unit a case can be sent to, with its chair.
      for (const committee of OWNERS_COMMITTEES) {
        expect(Territory.departmentOf(t, committee.departmentId)?.name).toContain("业主委员会")
        expect(
          Territory.holdersOf(
            t,
            { _tag: "department", departmentId: committee.departmentId },
            "departmentHandler",
          ),
        ).toHaveLength(1)
      }
      expect(OWNERS_COMMITTEES).toHaveLength(5)

      // bijie-8, bijie-9 (信息员): the grid workers knock on every listed door and record its basic facts.
      const drive = await office.campaigns.get(KNOCKS)
      if (!drive.exists) throw new Error("no door-knocking")
      expect(Campaign.progress(drive)).toMatchObject({ total: 8, visited: 8, outstanding: 0 })
      const knocks = (await stored(office.campaigns.history, KNOCKS)).filter(
        (event) => event._tag === "DoorKnocked",
      )
      for (const knock of knocks) {
        const grid = drive.households.get(knock.householdId as string)!.areaId
        expect(holders(t, grid, "gridWorker")).toEqual([knock.by])
      }
      // …and learn the special groups (掌握特殊群体情况): the lead becomes a tagged resident.
      const leads = [...drive.households].filter(([, household]) =>
        household.facts?.mayNeedCare.includes("elderlyAlone"),
      )
      expect(leads).toHaveLength(1)
      const [elder] = await residentsOf(office, leads[0]![0])
      expect(elder?.tags).toEqual(["elderlyAlone"])
      // bijie-1, bijie-9 (宣传员): a knock that explains the Family Education Promotion Law.
      expect([...drive.households.values()].some((h) => h.facts?.note?.includes("家庭教育促进法"))).toBe(true)
      // bijie-9 (调解员): a grid worker mediates a neighbours' quarrel in the grid.
      const quarrel = await timeline(office, "nanshan-stairwell-quarrel")
      expect(eventsOf(quarrel, "CaseReported")).toMatchObject([{ category: "neighbourDispute" }])
      const [mediated] = eventsOf(quarrel, "CaseResolved")
      expect(holders(t, "nanshan-grid-03", "gridWorker")).toEqual([mediated!.by])

      // bijie-14: parking, filed as 乱停乱放, goes to an owners' committee, which writes it into the covenant.
      expect(Case.CATEGORIES.disorderlyParking).toMatch(/^乱停乱放/)
      const parking = await timeline(office, "nanshan-parking")
      expect(eventsOf(parking, "CaseReported")).toMatchObject([{ category: "disorderlyParking" }])
      expect(eventsOf(parking, "CaseDispatched")).toMatchObject([
        { assignee: { _tag: "department", departmentId: OWNERS_COMMITTEES[0]!.departmentId } },
      ])
      expect(eventsOf(parking, "CaseResolved")[0]?.result).toContain("业主公约")
    })
    // Not in the article: a forgotten case in the commercial grid, to show the deadline process.
    expect(told).toContain("escalated nanshan-vending-rubbish: grid → community")
  })
})
