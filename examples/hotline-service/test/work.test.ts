import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { readJson, staffApi, startService, type TestService } from "./support/harness.ts"

let service: TestService
beforeAll(async () => {
  service = await startService()
})
afterAll(() => service.close())

const api = (path: string, person: string, body?: unknown) => staffApi(service)(path, person, body)

/** The case ids in someone's to-do and done lists, with what each waits for. */
const work = async (person: string) => {
  const { todo, done } = await readJson(await api("me/work", person))
  return {
    todo: todo.map((row: { caseId: string; waitingFor: string }) => `${row.caseId}:${row.waitingFor}`),
    done: done.map((row: { caseId: string }) => row.caseId),
  }
}

/** Worker 001 reports a case found on patrol in grid 01 of Huoju Road. */
const reportOnPatrol = (caseId: string, category: string, description: string) =>
  api("cases", "worker-001", {
    caseId,
    source: "patrol",
    category,
    urgency: "normal",
    description,
    location: { gridId: "huoju-road-grid-01" },
    level: "grid",
  })

describe("my work (我的待办 / 已办)", () => {
  it("follows a case from hand to hand: whoever the rules give its next step has it to do", async () => {
    const step = (person: string, body: Record<string, unknown>) => {
      service.clock.advance(10 * 60_000)
      return api("cases/w-1/commands", person, body)
    }
    await reportOnPatrol("w-1", "sanitation", "垃圾堆放")
    expect((await work("huoju-road-leader")).todo).toContain("w-1:register")
    expect(await work("worker-001")).toMatchObject({ todo: [], done: ["w-1"] })
    expect((await work("shengtang-road-leader")).todo).not.toContain("w-1:register")

    await step("huoju-road-leader", { _tag: "RegisterCase" })
    expect((await work("huoju-road-leader")).todo).toContain("w-1:dispatch")
    await step("huoju-road-leader", {
      _tag: "DispatchCase",
      assignee: { _tag: "person", personId: "worker-001" },
    })
    expect((await work("worker-001")).todo).toEqual(["w-1:acknowledge"])
    expect((await work("huoju-road-leader")).todo).not.toContain("w-1:acknowledge")
    expect((await work("huoju-road-leader")).done).toContain("w-1")

    await step("worker-001", { _tag: "AcknowledgeCase" })
    await step("worker-001", { _tag: "StartHandling" })
    const asked = await step("worker-001", {
      _tag: "RequestExtension",
      minutes: 120,
      reason: "等配件 — waiting for a part",
    })
    expect(await readJson(asked)).toMatchObject({ events: ["ExtensionRequested"] })
    // The extension waits for a supervisor over the case's area.
    const supervisors = await work("huoju-road-head")
    expect(supervisors.todo).toContain("w-1:approval")
    expect((await work("worker-001")).todo).not.toContain("w-1:approval")
    const row = (await readJson(await api("cases?q=垃圾", "worker-001"))).items.find(
      (item: { caseId: string }) => item.caseId === "w-1",
    )
    expect(row).toMatchObject({
      status: "inProgress",
      pending: { kind: "extension" },
      waitingFor: "approval",
    })
    expect(row.lights.map((light: { step: string }) => light.step)).toContain("whole")
  })

  it("puts an open supervision notice (督办单) in its responder's to-do, with its answer due, until answered", async () => {
    const handler = "minxin-road-water-handler"
    const step = async (person: string, body: Record<string, unknown>) => {
      service.clock.advance(10 * 60_000)
      expect((await api("cases/w-2/commands", person, body)).status).toBe(200)
    }
    await reportOnPatrol("w-2", "utilities", "水管漏水 — burst pipe")
    await step("huoju-road-leader", { _tag: "RegisterCase" })
    await step("huoju-road-leader", {
      _tag: "DispatchCase",
      assignee: { _tag: "department", departmentId: "minxin-road-water" },
    })
    await step(handler, { _tag: "AcknowledgeCase" })
    await step(handler, { _tag: "StartHandling" })
    await step(handler, { _tag: "ResolveCase", result: "已更换水管 — pipe replaced" })
    // Resolved, the case waits for a supervisor's check: nothing of it is the department's.
    expect((await work(handler)).todo).not.toContain("w-2:verify")
    const todoRow = async (person: string) =>
      (await readJson(await api("me/work", person))).todo.find(
        (row: { caseId: string }) => row.caseId === "w-2",
      )
    expect(await todoRow(handler)).toBeUndefined()

    await step("supervisor-1", {
      _tag: "SuperviseCase",
      reason: "sensitive",
      note: "群众反映强烈 — residents insist",
    })
    // The notice goes to the party the case is with — the department — whose handler must answer it.
    const row = await todoRow(handler)
    expect(row).toMatchObject({
      waitingFor: "verify",
      due: ["answerSupervision"],
      supervision: {
        reason: "sensitive",
        responder: { _tag: "department", departmentId: "minxin-road-water" },
        by: "supervisor-1",
        light: "green",
      },
    })
    const timer = row.lights.find((light: { step: string }) => light.step === "supervision")
    expect(row.supervision.dueAt).toBe(timer.dueAt)
    // Another department's handler owes nothing; the supervisor's own to-do is the check, not the answer.
    expect(await todoRow("minxin-road-gas-handler")).toBeUndefined()
    expect((await todoRow("supervisor-1"))?.due ?? []).not.toContain("answerSupervision")

    await step(handler, { _tag: "AnswerSupervision", note: "已办结，待核查 — resolved, awaiting the check" })
    expect(await todoRow(handler)).toBeUndefined()
    const searched = (await readJson(await api("cases?q=水管", handler))).items.find(
      (item: { caseId: string }) => item.caseId === "w-2",
    )
    expect(searched).toMatchObject({ supervision: null, waitingFor: "verify" })
  })

  it("gives a notice to a unit — before dispatch, the owner level's — to everyone staffing it", async () => {
    const send = async (person: string, body: Record<string, unknown>) => {
      service.clock.advance(10 * 60_000)
      expect((await api("cases/w-3/commands", person, body)).status).toBe(200)
    }
    await reportOnPatrol("w-3", "sanitation", "占道经营 — stalls on the pavement")
    await send("huoju-road-leader", { _tag: "RegisterCase" })
    const due = async (person: string) =>
      (await readJson(await api("me/work", person))).todo.find(
        (row: { caseId: string }) => row.caseId === "w-3",
      )?.due ?? []
    expect(await due("worker-001")).toEqual([])
    await send("supervisor-1", {
      _tag: "SuperviseCase",
      reason: "sensitive",
      note: "媒体关注 — in the news",
      responder: { _tag: "unit", level: "grid", unitId: "huoju-road-grid-01" },
    })
    // The grid's worker and its leader staff the unit; the leader still has the dispatch to do.
    expect(await due("worker-001")).toEqual(["answerSupervision"])
    expect(await due("huoju-road-leader")).toEqual(["dispatch", "answerSupervision"])
    expect(await due("shengtang-road-leader")).toEqual([])
    await send("worker-001", { _tag: "AnswerSupervision", note: "已劝离 — moved on" })
    expect(await due("worker-001")).toEqual([])
    expect(await due("huoju-road-leader")).toEqual(["dispatch"])
  })

  it("asks the holder of a reminded, overdue step for the delay's reason (报告说明理由) until one is given", async () => {
    const send = async (person: string, body: Record<string, unknown>) =>
      expect((await api("cases/w-4/commands", person, body)).status).toBe(200)
    await reportOnPatrol("w-4", "sanitation", "井盖缺失 — a manhole without its cover")
    await send("huoju-road-leader", { _tag: "RegisterCase" })
    await send("huoju-road-leader", {
      _tag: "DispatchCase",
      assignee: { _tag: "person", personId: "worker-001" },
    })
    const due = async (person: string) =>
      (await readJson(await api("me/work", person))).todo.find(
        (row: { caseId: string }) => row.caseId === "w-4",
      )?.due ?? []
    // Acceptance (签收) is due within the hour; two hours on it is late, but not yet reminded.
    service.clock.advance(2 * 60 * 60_000)
    expect(await due("worker-001")).toEqual(["acknowledge"])
    await send("supervisor-1", { _tag: "RemindCase", step: "acknowledge", note: "请尽快签收 — accept it" })
    expect(await due("worker-001")).toEqual(["acknowledge", "explainDelay"])
    // Only the step's holder owes the reason.
    expect(await due("huoju-road-leader")).not.toContain("explainDelay")
    await send("worker-001", {
      _tag: "ExplainDelay",
      step: "acknowledge",
      reason: "巡查途中未见派单 — on patrol",
    })
    expect(await due("worker-001")).toEqual(["acknowledge"])
  })

  it("shows a resident's details only on a recorded reveal, to the register's keepers", async () => {
    await api("residents", "worker-002", {
      residentId: "r-reveal",
      householdId: "huoju-road-grid-02-h001",
      person: { name: "周大爷", phone: "13800000000" },
    })
    const listed = (await readJson(await api("residents", "worker-002"))).items
    expect(listed.find((row: { residentId: string }) => row.residentId === "r-reveal")).toMatchObject({
      householdId: "huoju-road-grid-02-h001",
      areaId: "huoju-road-grid-02-m1",
    })
    expect(JSON.stringify(listed)).not.toContain("周大爷")
    expect((await api("residents/r-reveal/reveal", "shengtang-road-leader", { reason: "核对" })).status).toBe(
      403,
    )
    const shown = await readJson(await api("residents/r-reveal/reveal", "worker-002", { reason: "联系家属" }))
    expect(shown).toMatchObject({ residentId: "r-reveal", person: { name: "周大爷", phone: "13800000000" } })
    const [recorded] = (await service.office.residents.history("r-reveal")).slice(-1)
    expect(recorded).toMatchObject({
      type: "PersonalDetailsRevealed",
      data: { by: "worker-002", reason: "联系家属" },
    })
    expect(JSON.stringify(await service.office.residents.history("r-reveal"))).not.toContain("周大爷")
  })
})
