import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { CaseIndex } from "../../src/index.ts"
import { at, command, eventsOf, fullLoop, projectHistory, query, report } from "../support/cases.ts"

const toWorker = (personId: string) => ({ assignee: { _tag: "person" as const, personId } })

const history = eventsOf([
  report("a1", 0, { category: "sanitation", description: "楼道堆物 — clutter" }),
  report("a2", 1, {
    category: "utilities",
    description: "水管破裂 — burst pipe",
    by: "resident-7",
    source: "residentReport",
  }),
  report("b1", 2, { location: { gridId: "grid-b" }, description: "路灯不亮 — street light out" }),
  command("RegisterCase", "a1", 3, {}),
  command("DispatchCase", "a1", 4, toWorker("worker-zhang")),
  command("AcknowledgeCase", "a1", 5, { by: "worker-zhang" }),
  command("RegisterCase", "a2", 5, {}),
  command("DispatchCase", "a2", 6, { assignee: { _tag: "department", departmentId: "water" } }),
  ...fullLoop("b1", 7),
])

const ids = (entries: ReadonlyArray<CaseIndex.Entry>) => entries.map((entry) => entry.case.caseId).sort()

describe("the case index (案件检索, 我的待办/已办)", () => {
  it("finds cases by grid, assignee, reporter and the people who acted, each once", async () => {
    const readModels = await projectHistory(history, [CaseIndex.projection])
    const find = (lookups: CaseIndex.Lookups | undefined, filter?: CaseIndex.Filter) =>
      query(readModels, CaseIndex.find(lookups, filter))
    expect(ids(await find(undefined))).toEqual(["a1", "a2", "b1"])
    expect(ids(await find({ gridIds: ["grid-a"] }))).toEqual(["a1", "a2"])
    expect(ids(await find({ assignees: ["person:worker-zhang"] }))).toEqual(["a1"])
    expect(ids(await find({ assignees: ["department:water"] }))).toEqual(["a2"])
    expect(ids(await find({ reporters: ["resident-7"] }))).toEqual(["a2"])
    // worker-zhang acted on a1 (acknowledged it); the grid leader on all three.
    expect(ids(await find({ actors: ["worker-zhang"] }))).toEqual(["a1"])
    expect(
      ids(
        await find({ gridIds: ["grid-b"], assignees: ["person:worker-zhang"], actors: ["grid-leader-li"] }),
      ),
    ).toEqual(["a1", "a2", "b1"])
    expect(ids(await find({}))).toEqual([])
    const a1 = await query(readModels, CaseIndex.one("a1"))
    expect(a1).toMatchObject({ description: "楼道堆物 — clutter", case: { status: "acknowledged" } })
    expect(a1?.actors).toEqual({ "grid-worker-wang": at(0), "grid-leader-li": at(4), "worker-zhang": at(5) })
  })

  it("filters by status, category, source, time and words of the description", async () => {
    const readModels = await projectHistory(history, [CaseIndex.projection])
    const find = (filter: CaseIndex.Filter) => query(readModels, CaseIndex.find(undefined, filter))
    expect(ids(await find({ statuses: ["closed"] }))).toEqual(["b1"])
    expect(ids(await find({ categories: ["utilities"] }))).toEqual(["a2"])
    expect(ids(await find({ sources: ["residentReport"] }))).toEqual(["a2"])
    expect(ids(await find({ from: at(1), to: at(1.5) }))).toEqual(["a2"])
    expect(ids(await find({ text: "PIPE" }))).toEqual(["a2"])
    expect(ids(await find({ keep: (entry) => entry.case.assignee?._tag === "department" }))).toEqual(["a2"])
  })

  it("property: a lookup by grid finds exactly the cases located there", async () => {
    const readModels = await projectHistory(history, [CaseIndex.projection])
    const all = await query(readModels, CaseIndex.find(undefined))
    await fc.assert(
      fc.asyncProperty(fc.subarray(["grid-a", "grid-b", "grid-c"]), async (grids) => {
        const found = await query(readModels, CaseIndex.find({ gridIds: grids }))
        expect(ids(found)).toEqual(ids(all.filter((entry) => grids.includes(entry.case.location.gridId))))
      }),
      { numRuns: 20 },
    )
  })
})
