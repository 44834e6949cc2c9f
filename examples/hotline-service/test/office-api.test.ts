import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { readJson, startService, type TestService } from "./support/harness.ts"

let service: TestService
beforeAll(async () => {
  service = await startService()
})
afterAll(() => service.close())

const api = (
  path: string,
  init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
) =>
  fetch(`${service.baseUrl}/api/${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: {
      ...(init.token === undefined ? {} : { authorization: `Bearer ${init.token}` }),
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  })

const as = (person: string) => `token-${person}`
const command = (
  caseId: string,
  person: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) => api(`cases/${caseId}/commands`, { token: as(person), body, headers })

describe("the office API", () => {
  it("runs a case's whole loop in the token holder's name", async () => {
    const reported = await api("cases", {
      token: as("worker-001"),
      body: {
        caseId: "api-1",
        source: "patrol",
        category: "commonAreaClutter",
        urgency: "normal",
        description: "楼道堆放杂物",
        location: { gridId: "huoju-road-grid-01", address: null },
        level: "grid",
      },
    })
    expect(reported.status).toBe(201)
    expect(await readJson(reported)).toMatchObject({
      caseId: "api-1",
      status: "reported",
      events: ["CaseReported"],
    })
    const steps: ReadonlyArray<readonly [string, Record<string, unknown>, string]> = [
      ["huoju-road-leader", { _tag: "RegisterCase" }, "registered"],
      [
        "huoju-road-leader",
        { _tag: "DispatchCase", assignee: { _tag: "person", personId: "worker-001" } },
        "dispatched",
      ],
      ["worker-001", { _tag: "AcknowledgeCase" }, "acknowledged"],
      ["worker-001", { _tag: "StartHandling" }, "inProgress"],
      ["worker-001", { _tag: "ResolveCase", result: "已清理" }, "resolved"],
      // The check (核查) is someone else's than the handler's: the grid leader, on site.
      ["huoju-road-leader", { _tag: "VerifyCase", passed: true }, "verified"],
      ["huoju-road-leader", { _tag: "CloseCase" }, "closed"],
      // The call-back (回访) is the 12345 desk's, after closing: the reporter's verdict comes with it.
      ["hotline-1", { _tag: "FollowUpCase", satisfaction: "satisfied" }, "closed"],
    ]
    for (const [person, body, status] of steps) {
      service.clock.advance(5 * 60_000)
      const response = await command("api-1", person, body)
      expect(await readJson(response)).toMatchObject({ status })
    }
    const read = await readJson(await api("cases/api-1", { token: as("huoju-road-leader") }))
    expect(read.case).toMatchObject({ status: "closed", reportedBy: "worker-001" })
    expect(read.timeline.map((entry: { type: string }) => entry.type)).toHaveLength(9)
    expect(read.timers.find((timer: { step: string }) => timer.step === "whole")).toMatchObject({
      light: "green",
    })
    const history = await service.office.cases.history("api-1")
    expect(history.map((event) => event.metadata.actor)).toContain("huoju-road-leader")
  })

  it("refuses without a valid token, with a clear message, and appends nothing", async () => {
    const before = (await service.office.cases.history("api-2")).length
    const none = await api("cases", { body: { category: "x" } })
    expect(none.status).toBe(401)
    expect((await readJson(none)).error).toContain("Bearer")
    expect((await api("cases", { token: "forged", body: {} })).status).toBe(401)
    expect((await service.office.cases.history("api-2")).length).toBe(before)
  })

  it("answers refused commands with 400 or 409 and the rule that refused them", async () => {
    const malformed = await command("api-1", "worker-001", { _tag: "ResolveCase" })
    expect(malformed.status).toBe(400)
    expect((await readJson(malformed)).error).toContain("result")
    // The verdict is the call-back's (回访): a closing that still brings one is refused, not stripped.
    const closingWithVerdict = await command("api-1", "huoju-road-leader", {
      _tag: "CloseCase",
      satisfaction: "satisfied",
    })
    expect(closingWithVerdict.status).toBe(400)
    expect((await readJson(closingWithVerdict)).error).toContain("FollowUpCase")
    const illegal = await command("api-1", "worker-001", { _tag: "StartHandling" })
    expect(illegal.status).toBe(409)
    expect(await readJson(illegal)).toMatchObject({ type: "IllegalCaseTransition" })
    expect((await command("api-1", "worker-001", { _tag: "ReportCase" })).status).toBe(400)
    expect((await api("cases/nope", { token: as("worker-001") })).status).toBe(404)
    const text = await fetch(`${service.baseUrl}/api/cases`, {
      method: "POST",
      headers: { authorization: `Bearer ${as("worker-001")}`, "content-type": "text/plain" },
      body: "hi",
    })
    expect(text.status).toBe(415)
  })

  it("handles a retried command with the same Idempotency-Key once", async () => {
    await api("cases", {
      token: as("worker-002"),
      body: {
        caseId: "api-3",
        source: "patrol",
        category: "sanitation",
        urgency: "normal",
        description: "垃圾",
        location: { gridId: "huoju-road-grid-02" },
        level: "grid",
      },
    })
    const first = await readJson(
      await command("api-3", "huoju-road-leader", { _tag: "RegisterCase" }, { "idempotency-key": "k-1" }),
    )
    const again = await readJson(
      await command("api-3", "huoju-road-leader", { _tag: "RegisterCase" }, { "idempotency-key": "k-1" }),
    )
    expect(first).toMatchObject({ duplicate: false, events: ["CaseRegistered"] })
    expect(again).toMatchObject({ duplicate: true, events: ["CaseRegistered"] })
    expect((await service.office.cases.history("api-3")).length).toBe(2)
  })

  it("publishes an OpenAPI 3.1 document generated from the command Schemas", async () => {
    const document = await readJson(await api("openapi.json"))
    expect(document.openapi).toBe("3.1.0")
    const schemas = document.components.schemas
    expect(schemas.DispatchCaseBody.required).toEqual(["_tag", "assignee"])
    expect(schemas.DispatchCaseBody.properties).not.toHaveProperty("caseId")
    expect(schemas.CaseCommandBody.anyOf ?? schemas.CaseCommandBody.oneOf).toHaveLength(34)
    expect(schemas.RegisterResidentBody.required).toEqual(["householdId", "person"])
    expect(schemas.PointsCommandBody.anyOf ?? schemas.PointsCommandBody.oneOf).toHaveLength(6)
    expect(schemas).not.toHaveProperty("AwardPointsBody")
    expect(JSON.stringify(document)).not.toContain("#/$defs/")
    for (const ref of JSON.stringify(document).matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
      expect(schemas).toHaveProperty(ref[1]!)
    }
  })

  it("applies the authorization rules: the wrong person is refused with 403 and nothing is appended", async () => {
    await api("cases", {
      token: as("worker-003"),
      body: {
        caseId: "api-4",
        source: "patrol",
        category: "sanitation",
        urgency: "normal",
        description: "垃圾",
        location: { gridId: "huoju-road-grid-03" },
        level: "grid",
      },
    })
    const before = (await service.office.cases.history("api-4")).length
    // A grid worker does not register cases, and the other community's leader owns other grids.
    for (const person of ["worker-003", "shengtang-road-leader"]) {
      const refused = await command("api-4", person, { _tag: "RegisterCase" })
      expect(refused.status).toBe(403)
      expect(await readJson(refused)).toMatchObject({
        type: "Forbidden",
        error: expect.stringContaining("needs"),
      })
    }
    expect((await service.office.cases.history("api-4")).length).toBe(before)
    // The grid's own leader may; then only the person it is dispatched to accepts it.
    expect((await command("api-4", "huoju-road-leader", { _tag: "RegisterCase" })).status).toBe(200)
    await command("api-4", "huoju-road-leader", {
      _tag: "DispatchCase",
      assignee: { _tag: "person", personId: "worker-003" },
    })
    expect((await command("api-4", "worker-001", { _tag: "AcknowledgeCase" })).status).toBe(403)
    expect((await command("api-4", "worker-003", { _tag: "AcknowledgeCase" })).status).toBe(200)
  })

  it("takes a supervision notice (督办单) from a supervisor only, and its answer (督办回复) from its responder only", async () => {
    await api("cases", {
      token: as("worker-003"),
      body: {
        caseId: "api-supervised",
        source: "patrol",
        category: "commonAreaClutter",
        urgency: "normal",
        description: "楼道堆放杂物",
        location: { gridId: "huoju-road-grid-03" },
        level: "grid",
      },
    })
    await command("api-supervised", "huoju-road-leader", { _tag: "RegisterCase" })
    await command("api-supervised", "huoju-road-leader", {
      _tag: "DispatchCase",
      assignee: { _tag: "person", personId: "worker-003" },
    })
    const notice = { _tag: "SuperviseCase", reason: "sensitive", note: "群众反映强烈 — residents insist" }
    expect((await command("api-supervised", "huoju-road-leader", notice)).status).toBe(403)
    const sent = await command("api-supervised", "supervisor-1", notice)
    expect(await readJson(sent)).toMatchObject({ events: ["CaseSupervised"] })
    const answer = { _tag: "AnswerSupervision", note: "今日处理 — today" }
    // Only the worker the case is with answers, not the supervisor or the grid's leader.
    for (const person of ["supervisor-1", "huoju-road-leader"]) {
      expect((await command("api-supervised", person, answer)).status).toBe(403)
    }
    expect(await readJson(await command("api-supervised", "worker-003", answer))).toMatchObject({
      events: ["SupervisionAnswered"],
    })
    // Answered: nobody owes an answer any more, so a second one is not anybody's to give.
    const again = await command("api-supervised", "worker-003", answer)
    expect(again.status).toBe(403)
  })

  it("publishes its words, the labels the API, Open311 and the dashboard share, without a token", async () => {
    const words = await readJson(await api("vocabulary"))
    expect(words.statuses.closed).toEqual({ zh: "已结案", en: "closed" })
    expect(words.categories.utilities).toEqual({
      zh: "水电气暖",
      en: "water, power, gas and heating failures",
    })
    expect(Object.keys(words.lights)).toEqual(["green", "yellow", "red"])
  })

  it("tells who a token belongs to", async () => {
    const me = await readJson(await api("me", { token: as("dispatcher-1") }))
    expect(me).toMatchObject({ personId: "dispatcher-1", roles: [{ role: "dispatcher" }] })
  })
})
