import { describe, expect, it } from "vitest"
import { ReadModelStore, Residents } from "../../src/index.ts"
import { projectStorable, query } from "../support/cases.ts"
import {
  DAY,
  FEB_2,
  register,
  residentCommand,
  residentEvents,
  residentStorable,
  territoryAfter,
  territoryCommand,
} from "../support/residents.ts"

/** Days from 2 February 2026, 09:00 to `date` 2026 at 09:00 (Shanghai). */
const on = (month: number, date: number) => (Date.UTC(2026, month - 1, date, 1, 0) - FEB_2) / DAY
/** Midnight in Shanghai starting that date. */
const midnight = (month: number, date: number) => Date.UTC(2026, month - 1, date) - 8 * 3_600_000

const visit = (residentId: string, visitId: string, day: number) =>
  residentCommand("RecordVisit", residentId, day, { visitId, findings: "身体状况良好" })

// Haikou's blind couple: visited monthly, and helped to apply for subsidies.
const blindCommands = [
  register("r-blind", "h-101"),
  residentCommand("TagResident", "r-blind", 1, { tag: "disabled" }),
  residentCommand("SetCarePlan", "r-blind", 10, { tag: "disabled", cadence: { visits: 1, per: "month" } }),
  visit("r-blind", "v1", on(3, 10)),
  // Nobody came in April.
  visit("r-blind", "v2", on(5, 5)),
  visit("r-blind", "v3", on(5, 20)),
]
const blind = residentEvents(blindCommands)
const elder = residentEvents([
  register("r-elder", "h-201"),
  residentCommand("TagResident", "r-elder", 1, { tag: "elderlyAlone" }),
  residentCommand("SetCarePlan", "r-elder", 2, { tag: "elderlyAlone", cadence: { visits: 1, per: "month" } }),
  visit("r-elder", "e1", on(3, 2)),
  visit("r-elder", "e2", on(4, 2)),
  visit("r-elder", "e3", on(5, 2)),
])
const plain = residentEvents([register("r-plain", "h-102")])

const SPRING = { from: midnight(3, 1), to: midnight(6, 1) }
const project = (...groups: ReadonlyArray<ReadonlyArray<Parameters<typeof residentStorable>[0][number]>>) =>
  projectStorable(residentStorable(groups.flat()), [Residents.projection])

describe("care-visit compliance", () => {
  it("counts, per special-care resident, the calendar periods that had the visits their plan asks for", async () => {
    const readModels = await project(blind, elder, plain)
    expect(await query(readModels, Residents.careComplianceOf("r-blind", SPRING))).toEqual({
      plans: [
        {
          residentId: "r-blind",
          householdId: "h-101",
          tag: "disabled",
          cadence: { visits: 1, per: "month" },
          due: 3,
          met: 2,
          missed: [midnight(4, 1)],
        },
      ],
      due: 3,
      met: 2,
      rate: 2 / 3,
    })
    expect(await query(readModels, Residents.careComplianceOf("r-plain", SPRING))).toEqual({
      plans: [],
      due: 0,
      met: 0,
      rate: undefined,
    })
    expect(await query(readModels, Residents.careComplianceOf("r-unknown", SPRING))).toMatchObject({ due: 0 })
  })

  it("lists the residents of one scope or several, sorted, without personal details", async () => {
    const readModels = await project(blind, elder, plain)
    const territory = territoryAfter()
    const ids = (records: ReadonlyArray<Residents.Record>) => records.map((record) => record.residentId)
    expect(ids(await query(readModels, Residents.recordsIn()))).toEqual(["r-blind", "r-elder", "r-plain"])
    expect(ids(await query(readModels, Residents.recordsIn([{ territory, areaId: "nanshan" }])))).toEqual([
      "r-blind",
      "r-plain",
    ])
    expect(
      ids(
        await query(
          readModels,
          Residents.recordsIn([
            { territory, areaId: "nanshan" },
            { territory, areaId: "minxin" },
          ]),
        ),
      ),
    ).toEqual(["r-blind", "r-elder", "r-plain"])
    expect(await query(readModels, Residents.recordsIn([]))).toEqual([])
    for (const record of await query(readModels, Residents.recordsIn()))
      expect(record).not.toHaveProperty("person")
  })

  it("adds up every special-care resident of the territory, a community or a grid", async () => {
    const readModels = await project(blind, elder, plain)
    const territory = territoryAfter()
    const overall = await query(readModels, Residents.careCompliance(SPRING))
    expect(overall.plans.map((plan) => [plan.residentId, plan.met, plan.due])).toEqual([
      ["r-blind", 2, 3],
      ["r-elder", 3, 3],
    ])
    expect(overall).toMatchObject({ due: 6, met: 5, rate: 5 / 6 })
    expect(
      await query(readModels, Residents.careCompliance(SPRING, { territory, areaId: "minxin" })),
    ).toEqual(overall)
    const nanshan = await query(
      readModels,
      Residents.careCompliance(SPRING, { territory, areaId: "nanshan" }),
    )
    expect(nanshan.plans.map((plan) => plan.residentId)).toEqual(["r-blind"])
    expect(await query(readModels, Residents.careCompliance(SPRING, { territory, areaId: "g2" }))).toEqual({
      plans: [],
      due: 0,
      met: 0,
      rate: undefined,
    })
  })

  it("counts a resident where their household sits now: after a move, and after re-gridding", async () => {
    const moved = residentEvents([
      ...blindCommands,
      residentCommand("MoveResident", "r-blind", on(5, 21), { householdId: "h-201" }),
    ])
    const readModels = await project(moved, elder)
    const before = territoryAfter()
    const tianhong = await query(
      readModels,
      Residents.careCompliance(SPRING, { territory: before, areaId: "tianhong" }),
    )
    expect(tianhong.plans.map((plan) => plan.residentId)).toEqual(["r-blind", "r-elder"])
    // The street office moves household h-201 into Nanshan's grid g2.
    const after = territoryAfter([
      territoryCommand({ _tag: "MoveHousehold", householdId: "h-201", toAreaId: "g2" }, 30),
    ])
    const nanshan = await query(
      readModels,
      Residents.careCompliance(SPRING, { territory: after, areaId: "nanshan" }),
    )
    expect(nanshan.plans.map((plan) => plan.residentId)).toEqual(["r-blind", "r-elder"])
    expect(
      await query(readModels, Residents.careCompliance(SPRING, { territory: after, areaId: "t1" })),
    ).toMatchObject({
      plans: [],
    })
  })

  it("keeps no personal details in the read model", async () => {
    const readModels = await project(blind)
    const record = (await query(readModels, Residents.careComplianceOf("r-blind", SPRING))).plans[0]
    expect(record?.residentId).toBe("r-blind")
    const stored = await query(
      readModels,
      ReadModelStore.ReadModelStore.use((store) => store.get(Residents.NAME, "r-blind")),
    )
    expect(stored).not.toHaveProperty("person")
    expect((stored as Residents.Record).visits).toHaveLength(3)
  })
})
