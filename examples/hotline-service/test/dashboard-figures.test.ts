import { Case } from "@gridcase/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { demoPlan } from "../src/district/demo-district.ts"
import { readJson, startService, type TestService } from "./support/harness.ts"

let service: TestService
beforeAll(async () => {
  service = await startService({ demoCases: true })
  await service.office.tick()
})
afterAll(() => service.close())

const as = (person: string) => ({ headers: { authorization: `Bearer token-${person}` } })
const get = async (path: string, person = "dispatcher-1") =>
  readJson(await fetch(`${service.baseUrl}${path}`, as(person)))

/** Worker 002 reports a utilities problem in Shengtang Road's second grid, at grid level. */
const reportInGrid02 = async (caseId: string, description: string) => {
  const reported = await fetch(`${service.baseUrl}/api/cases`, {
    method: "POST",
    headers: { authorization: "Bearer token-worker-002", "content-type": "application/json" },
    body: JSON.stringify({
      caseId,
      source: "patrol",
      category: "utilities",
      urgency: "normal",
      description,
      location: { gridId: "shengtang-road-grid-02", address: null },
      level: "grid",
    }),
  })
  expect(reported.status).toBe(201)
}

/** Ten minutes on, `person` sends a command on the case, which the office accepts. */
const accepted = async (caseId: string, person: string, body: Record<string, unknown>) => {
  service.clock.advance(10 * 60_000)
  const sent = await fetch(`${service.baseUrl}/api/cases/${caseId}/commands`, {
    method: "POST",
    headers: { authorization: `Bearer token-${person}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  })
  expect(sent.status).toBe(200)
}

const DEMO_GRIDS = demoPlan.areas.filter((area) => area.level === "grid").map((area) => area.areaId)

describe("the dashboard's figures and map (/api/dashboard)", () => {
  it("counts as overdue exactly the cases the case search finds overdue, by level and department", async () => {
    const figures = await get("/api/dashboard")
    const search = await get("/api/cases?overdue=true&limit=200")
    const onBoard = figures.overdue.flatMap((cell: { cases: ReadonlyArray<{ caseId: string }> }) =>
      cell.cases.map((c) => c.caseId),
    )
    expect(onBoard.sort()).toEqual(search.items.map((row: { caseId: string }) => row.caseId).sort())
    expect(figures.overdueTotal).toBe(onBoard.length)
    // The neglected pumps: unregistered, urgent, escalated to the community by the deadline process.
    const pumps = figures.overdue.find((cell: { level: string }) => cell.level === "community")
    expect(pumps).toMatchObject({
      departmentId: null,
      cases: [{ caseId: "demo-pumps", redSteps: ["register", "dispatch"] }],
    })
    expect(figures.escalations).toEqual([{ level: "community", reason: "overdue", escalations: 1, cases: 1 }])
    expect(figures.escalationTotal).toBe(1)
  })

  it("counts a department's send-back and the redispatch in the assessment panel (综合评价)", async () => {
    const command = (caseId: string, person: string, body: Record<string, unknown>) =>
      fetch(`${service.baseUrl}/api/cases/${caseId}/commands`, {
        method: "POST",
        headers: { authorization: `Bearer token-${person}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      })
    const before = await get("/api/dashboard")
    const housing = (figures: typeof before) =>
      figures.units.find((unit: { departmentId: string }) => unit.departmentId === "minxin-road-housing")
    const caseId = "assessed-leak"
    const leader = "shengtang-road-leader"
    await reportInGrid02(caseId, "楼道漏水 — leak in the stairwell")
    for (const [person, body] of [
      [leader, { _tag: "RegisterCase" }],
      [
        leader,
        { _tag: "DispatchCase", assignee: { _tag: "department", departmentId: "minxin-road-housing" } },
      ],
      ["minxin-road-housing-handler", { _tag: "SendBackCase", reason: "不属于本单位 — not ours" }],
      [leader, { _tag: "DispatchCase", assignee: { _tag: "person", personId: "worker-002" } }],
    ] as const) {
      service.clock.advance(10 * 60_000)
      expect((await command(caseId, person, body)).status).toBe(200)
    }
    const after = await get("/api/dashboard")
    expect(housing(after)).toMatchObject({
      returns: (housing(before)?.returns ?? 0) + 1,
      misdispatches: (housing(before)?.misdispatches ?? 0) + 1,
    })
    expect(after.assessment.totals.returns).toBe(before.assessment.totals.returns + 1)
    expect(after.assessment.totals.misdispatches).toBe(before.assessment.totals.misdispatches + 1)
  })

  it("counts 督办 against the notice's responder and 催办 against the holder, per unit, worker and grid", async () => {
    type Row = { id?: string; departmentId?: string; supervisions: number; reminders: number }
    const counts = (row: Row | undefined) => ({
      supervisions: row?.supervisions ?? 0,
      reminders: row?.reminders ?? 0,
    })
    const figuresOf = async () => {
      const figures = await get("/api/dashboard")
      return {
        housing: counts(figures.units.find((row: Row) => row.departmentId === "minxin-road-housing")),
        worker: counts(figures.assessment.workers.find((row: Row) => row.id === "worker-002")),
        grid: counts(figures.assessment.grids.find((row: Row) => row.id === "shengtang-road-grid-02")),
        totals: counts(figures.assessment.totals),
      }
    }
    const before = await figuresOf()
    const leader = "shengtang-road-leader"
    const assignees = {
      "pressed-housing": { _tag: "department", departmentId: "minxin-road-housing" },
      "pressed-worker": { _tag: "person", personId: "worker-002" },
    }
    for (const [caseId, assignee] of Object.entries(assignees)) {
      await reportInGrid02(caseId, "水压不足 — low water pressure")
      await accepted(caseId, leader, { _tag: "RegisterCase" })
      await accepted(caseId, leader, { _tag: "DispatchCase", assignee })
      await accepted(caseId, "supervisor-1", {
        _tag: "SuperviseCase",
        reason: "sensitive",
        note: "群众反映强烈 — residents insist",
      })
    }
    // 催办 presses a step past its limit: three days on, neither case is acknowledged yet (1 working hour).
    service.clock.advance(3 * 24 * 60 * 60_000)
    for (const caseId of Object.keys(assignees)) {
      await accepted(caseId, "dispatcher-1", { _tag: "RemindCase", note: "请尽快处理 — please hurry" })
    }
    const after = await figuresOf()
    const plus = (was: { supervisions: number; reminders: number }, n: number) => ({
      supervisions: was.supervisions + n,
      reminders: was.reminders + n,
    })
    // Each case's notice and reminder go to its own holder; both cases lie in the one grid.
    expect(after).toEqual({
      housing: plus(before.housing, 1),
      worker: plus(before.worker, 1),
      grid: plus(before.grid, 2),
      totals: plus(before.totals, 2),
    })
  })

  it("gives every grid its open and overdue cases, and each open case with coordinates its worst light", async () => {
    const figures = await get("/api/dashboard")
    expect(figures.grids.map((grid: { gridId: string }) => grid.gridId).sort()).toEqual(
      [...DEMO_GRIDS].sort(),
    )
    const open = figures.grids.reduce((sum: number, grid: { open: number }) => sum + grid.open, 0)
    expect(open).toBe(figures.open)
    expect(figures.points.find((point: { caseId: string }) => point.caseId === "demo-pumps")).toMatchObject({
      gridId: "huoju-road-grid-03",
      light: "red",
      overdue: true,
    })
    expect(figures.names["huoju-road-grid-03"]).toBe("火炬路社区第3网格")
    expect(figures.names["minxin-road-housing"]).toBe("房管所")
    expect(figures.names["shengtang-road-leader"]).toBe("盛唐路社区 网格长")
  })

  it("filters its panels to an area, and refuses an area the district does not have", async () => {
    const grid = await get("/api/dashboard?area=huoju-road-grid-03")
    expect(grid.focus).toEqual({ areaId: "huoju-road-grid-03", name: "火炬路社区第3网格", level: "grid" })
    expect(grid.recent.map((r: { caseId: string }) => r.caseId)).toEqual(["demo-pumps"])
    // The map stays whole: every grid is still there.
    expect(grid.grids).toHaveLength(DEMO_GRIDS.length)
    const community = await get("/api/dashboard?area=shengtang-road")
    for (const request of community.recent) expect(request.gridId.startsWith("shengtang-road")).toBe(true)
    expect(community.escalations).toEqual([])
    const refused = await fetch(`${service.baseUrl}/api/dashboard?area=nowhere`, as("dispatcher-1"))
    expect(refused.status).toBe(400)
    expect((await readJson(refused)).error).toContain("nowhere")
    expect((await fetch(`${service.baseUrl}/api/dashboard`)).status).toBe(401)
  })

  it("serves the grids as GeoJSON with their community, street and staff", async () => {
    const map = await get("/api/dashboard/map")
    expect(map.type).toBe("FeatureCollection")
    expect(map.features.map((f: { properties: { name: string } }) => f.properties.name).sort()).toEqual(
      [...DEMO_GRIDS].sort(),
    )
    const grid = map.features.find(
      (f: { properties: { name: string } }) => f.properties.name === "shengtang-road-grid-01",
    )
    expect(grid.geometry.type).toBe("Polygon")
    expect(grid.properties).toMatchObject({
      label: "盛唐路社区第1网格",
      communityId: "shengtang-road",
      communityName: "盛唐路社区",
      streetId: "minxin-road",
      leaders: ["shengtang-road-leader"],
    })
    expect((await fetch(`${service.baseUrl}/api/dashboard/map`)).status).toBe(401)
  })

  it("names every case event, role, escalation reason and acting process in the shared vocabulary", async () => {
    const words = await readJson(await fetch(`${service.baseUrl}/api/vocabulary`))
    expect(Object.keys(words.events).sort()).toEqual([...Case.EVENT_TYPES].sort())
    expect(words.events.CaseReported).toEqual({ zh: "上报", en: "reported" })
    expect(words.roles.gridLeader.zh).toBe("网格长")
    expect(words.escalationReasons.overdue.zh).toBe("超时自动上报")
    expect(words.actors["system:deadlines"].zh).toBe("超时监控")
    expect(words.events.CaseCriticized).toEqual({ zh: "通报批评", en: "criticised in writing" })
  })

  // Last: its tick moves the office's clock three weeks on and escalates what is overdue.
  it("shows the 通报批评 the deadline process issues against the unit that left a notice unanswered", async () => {
    const caseId = "criticised-gas"
    const gas = "minxin-road-gas"
    await reportInGrid02(caseId, "燃气味 — smell of gas")
    const leader = "shengtang-road-leader"
    await accepted(caseId, leader, { _tag: "RegisterCase" })
    await accepted(caseId, leader, {
      _tag: "DispatchCase",
      assignee: { _tag: "department", departmentId: gas },
    })
    await accepted(caseId, "supervisor-1", {
      _tag: "SuperviseCase",
      reason: "sensitive",
      note: "群众反映强烈 — residents insist",
    })
    const before = await get("/api/dashboard")
    const gasRow = (figures: typeof before) =>
      figures.units.find((row: { departmentId: string }) => row.departmentId === gas)
    expect(gasRow(before)).toMatchObject({ supervisions: 1, criticisms: 0 })
    // Three weeks on, the notice's two working days are long past: one tick reminds of the answer
    // and, five working days after its deadline, criticises the department it went to.
    service.clock.advance(21 * 24 * 60 * 60_000)
    const report = await service.office.tick()
    expect(report.criticized).toContainEqual({ caseId, step: "supervision" })
    const after = await get("/api/dashboard")
    expect(gasRow(after)).toMatchObject({ supervisions: 1, criticisms: 1 })
    expect(after.assessment.totals.criticisms).toBe(
      before.assessment.totals.criticisms + report.criticized.length,
    )
  })
})
