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

describe("my work (我的待办 / 已办)", () => {
  it("follows a case from hand to hand: whoever the rules give its next step has it to do", async () => {
    const step = (person: string, body: Record<string, unknown>) => {
      service.clock.advance(10 * 60_000)
      return api("cases/w-1/commands", person, body)
    }
    await api("cases", "worker-001", {
      caseId: "w-1",
      source: "patrol",
      category: "sanitation",
      urgency: "normal",
      description: "垃圾堆放",
      location: { gridId: "huoju-road-grid-01" },
      level: "grid",
    })
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
