import { describe, expect, it } from "vitest"
import { OpenCases } from "../../src/index.ts"
import { command, eventsOf, fullLoop, projectHistory, query, report } from "../support/cases.ts"

const toWorker = (personId: string) => ({ assignee: { _tag: "person" as const, personId } })

const history = eventsOf([
  report("a1", 0, { category: "sanitation" }),
  report("a2", 0.5, { category: "safetyHazard", level: "microGrid" }),
  report("b1", 1, { location: { gridId: "grid-b" } }),
  command("RegisterCase", "a1", 1, {}),
  command("DispatchCase", "a1", 2, toWorker("worker-zhang")),
  command("RegisterCase", "a2", 2, {}),
  command("DispatchCase", "a2", 3, { assignee: { _tag: "department", departmentId: "gas-company" } }),
  // The micro-grid worker asks the grid leader for help: the case climbs to grid level.
  command("EscalateCase", "a2", 3.5, { fromLevel: "microGrid", reason: "requested" }),
  report("b2", 4, { location: { gridId: "grid-b" } }),
  ...fullLoop("b2", 5),
  report("a3", 6),
  command("RejectCase", "a3", 7, { reason: "notAProblem" }),
  report("b3", 8, { location: { gridId: "grid-b" } }),
  command("RegisterCase", "b3", 9, {}),
  command("DispatchCase", "b3", 10, toWorker("worker-zhang")),
  command("SendBackCase", "b3", 11, { reason: "不属本网格 — not this grid", by: "worker-zhang" }),
  command("DispatchCase", "b3", 12, toWorker("worker-liu")),
])

describe("open cases per grid", () => {
  it("counts every case not yet closed, rejected, voided or merged, by grid, level and category", async () => {
    const readModels = await projectHistory(history, [OpenCases.projection])
    expect(await query(readModels, OpenCases.inGrid("grid-a"))).toEqual({
      gridId: "grid-a",
      total: 2,
      byLevel: { microGrid: 0, grid: 2, community: 0, street: 0, district: 0 },
      byCategory: { safetyHazard: 1, sanitation: 1 },
    })
    expect(await query(readModels, OpenCases.perGrid)).toEqual([
      { gridId: "grid-a", openCases: 2 },
      { gridId: "grid-b", openCases: 2 },
    ])
    expect(await query(readModels, OpenCases.inGrid("grid-z"))).toMatchObject({ total: 0, byCategory: {} })
  })

  it("lists the open cases of a grid, by level and category", async () => {
    const readModels = await projectHistory(history, [OpenCases.projection])
    expect(await query(readModels, OpenCases.ids({ gridId: "grid-a" }))).toEqual(["a1", "a2"])
    expect(await query(readModels, OpenCases.ids({ gridId: "grid-a", category: "safetyHazard" }))).toEqual([
      "a2",
    ])
    expect(
      await query(readModels, OpenCases.ids({ gridId: "grid-a", level: "grid", category: "sanitation" })),
    ).toEqual(["a1"])
    expect(await query(readModels, OpenCases.ids({ gridId: "grid-b", level: "community" }))).toEqual([])
  })
})

describe("worker workload", () => {
  it("counts the open cases dispatched to each person; a case sent back leaves its worker", async () => {
    const readModels = await projectHistory(history, [OpenCases.projection])
    expect(await query(readModels, OpenCases.workloads)).toEqual([
      { personId: "worker-liu", openCases: 1 },
      { personId: "worker-zhang", openCases: 1 },
    ])
    expect(await query(readModels, OpenCases.workloadOf("grid-worker-wang"))).toEqual({
      personId: "grid-worker-wang",
      openCases: 0,
    })
  })
})
