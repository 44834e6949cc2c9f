import { Instant, Territory } from "@gridcase/core"
import { CaseOutcomes, Residents } from "@gridcase/projections"
import { describe, expect, it } from "vitest"
import { COUPLE, COUPLE_HOME, HAN_HOME, haikou, VOLUNTEER_TEAMS } from "../../src/scenarios/haikou.ts"
import { childAreas, eventsOf, holders, play, residentsOf, territoryOf, timeline } from "./play.ts"

const DAY = 24 * Instant.HOUR

describe("haikou: what the article states (docs/domain.md#seed-haikou)", () => {
  it("asserts each fact through the territory, the case timelines, the residents and the outcomes", async () => {
    const told = await play(haikou, async (office) => {
      const t = await territoryOf(office)

      // haikou-31: the community as one small grid, split into 19 micro-grids staffed 1:1.
      const [grid, ...otherGrids] = childAreas(t, "haikou-port", "grid")
      expect(otherGrids).toEqual([])
      const micro = childAreas(t, grid!.areaId, "microGrid")
      expect(micro).toHaveLength(19)
      const workers = micro.map((area) => holders(t, area.areaId, "microGridWorker"))
      expect(workers.every((held) => held.length === 1)).toBe(true)
      expect(new Set(workers.flat()).size).toBe(19)
      for (const [person] of workers) {
        expect(Territory.rolesOf(t, person!).filter((held) => held.role === "microGridWorker")).toHaveLength(
          1,
        )
      }
      expect(Territory.unstaffedGrids(t).filter((area) => area.level === "microGrid")).toEqual([])

      // haikou-30: 14 volunteer teams, each standing as its captain, a volunteer of the community.
      expect(holders(t, "haikou-port", "volunteer")).toHaveLength(VOLUNTEER_TEAMS.length)
      expect(VOLUNTEER_TEAMS).toHaveLength(14)

      // haikou-8, haikou-14, haikou-15: a station head; the two report to the station, which takes it on.
      expect(holders(t, "haikou-port", "stationHead")).toEqual(["haikou-port-head"])
      const family = await timeline(office, "haikou-han-family")
      const [reported] = eventsOf(family, "CaseReported")
      // haikou-10: found on a door-to-door visit by the grid worker.
      expect(reported).toMatchObject({ source: "visit", by: "worker-001", category: "vulnerablePerson" })
      expect(eventsOf(family, "CaseEscalated")).toMatchObject([
        { from: "grid", to: "community", reason: "requested" },
      ])
      expect(eventsOf(family, "CaseRegistered")).toMatchObject([{ by: "haikou-port-head" }])
      // haikou-12: Ms Han and her son share the household.
      expect((await residentsOf(office, HAN_HOME)).map((r) => r.residentId)).toEqual([
        "haikou-han",
        "haikou-han-son",
      ])
      // haikou-16: four talks by the civil-affairs officer.
      const talks = eventsOf(family, "ProgressNoted").filter((note) => note.note.includes("沟通劝导"))
      expect(talks).toHaveLength(4)
      expect(new Set(talks.map((note) => note.by))).toEqual(new Set(["haixiu-civil-affairs-handler"]))
      // haikou-17: a month of effort, from the visit to the result.
      const [resolved] = eventsOf(family, "CaseResolved")
      const effort = resolved!.at - reported!.at
      expect(effort).toBeGreaterThanOrEqual(28 * DAY)
      expect(effort).toBeLessThanOrEqual(31 * DAY)
      // A month outruns the default limits (5 working days at a community, one extension of 10): the handle
      // step fell due on 11 August and ended red. The story ran the deadline process on 10 August only.
      const handle = (await office.cases.timers("haikou-han-family")).find((timer) => timer.step === "handle")
      expect(handle).toMatchObject({ light: "red", dueAt: Date.parse("2026-08-11T12:00:00+08:00") })

      // haikou-23: both of the couple are special-care residents; haikou-24: visited every month.
      const couple = await residentsOf(office, COUPLE_HOME)
      expect(couple.map((r) => r.residentId)).toEqual([...COUPLE].sort())
      for (const record of couple) {
        expect(record.tags).toEqual(["disabled"])
        expect(record.carePlans).toMatchObject([{ tag: "disabled", cadence: { visits: 1, per: "month" } }])
      }
      const window = {
        from: Date.parse("2026-07-21T00:00:00+08:00"),
        to: Date.parse("2026-10-01T00:00:00+08:00"),
      }
      const compliance = await office.query(Residents.careCompliance(window))
      // August and September are the whole months the plans ran through: both met, for both.
      expect(compliance).toMatchObject({ due: 4, met: 4, rate: 1 })
      // haikou-25: a visit raises the subsidy application.
      const subsidy = await timeline(office, "haikou-huang-subsidy")
      expect(eventsOf(subsidy, "CaseReported")).toMatchObject([{ source: "visit" }])

      // haikou-4, haikou-28: the 12345 ticket is solved in the grid, the hotline relieved.
      const outcomes = CaseOutcomes.queries({ communityOf: new Map([[grid!.areaId, "haikou-port"]]) })
      expect(await office.query(outcomes.hotlineDiversion())).toMatchObject({ rate: 1 })
    })
    expect(told).toContain("deadline process      nothing overdue")
  })
})
