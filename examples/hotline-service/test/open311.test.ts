import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { centreOf, demoPlan } from "../src/district/demo-district.ts"
import { API_KEY, readJson, startService, type TestService } from "./support/harness.ts"

let service: TestService
beforeAll(async () => {
  service = await startService()
})
afterAll(() => service.close())

const get = (path: string) => fetch(`${service.baseUrl}/open311/v2/${path}`)
const post = (path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${service.baseUrl}/open311/v2/${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8", ...headers },
    body: new URLSearchParams(form).toString(),
  })

const grid = "huoju-road-grid-02"
const at = centreOf(demoPlan, `${grid}-m1`)
const report = (extra: Record<string, string> = {}) =>
  post("requests.json", {
    api_key: API_KEY,
    service_code: "utilities",
    lat: String(at.lat),
    long: String(at.long),
    description: "楼道水管破裂 — burst pipe in the stairwell",
    ...extra,
  })

describe("Open311 GeoReport v2", () => {
  it("serves discovery in JSON and XML", async () => {
    const json = await readJson(await get("discovery.json"))
    expect(json.endpoints[0]).toMatchObject({
      specification: "http://wiki.open311.org/GeoReport_v2",
      url: `${service.baseUrl}/open311/v2`,
      formats: ["text/xml", "application/json"],
    })
    const xml = await get("discovery.xml")
    expect(xml.headers.get("content-type")).toBe("text/xml; charset=utf-8")
    const text = await xml.text()
    expect(text).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<discovery>/)
    expect(text).toContain("<formats>\n        <format>text/xml</format>")
  })

  it("lists the services and defines their attributes", async () => {
    const services = await readJson(await get("services.json"))
    expect(services.map((s: { service_code: string }) => s.service_code)).toContain("utilities")
    expect(services[0]).toMatchObject({ metadata: true, type: "realtime" })
    const definition = await readJson(await get("services/utilities.json"))
    expect(definition.attributes.map((a: { code: string }) => a.code)).toEqual(["urgency", "hotline_ticket"])
    const xml = await (await get("services/utilities.xml")).text()
    expect(xml).toContain("<values>\n        <value>\n          <key>normal</key>")
    const missing = await get("services/potholes.xml")
    expect(missing.status).toBe(404)
    expect(await missing.text()).toContain("<errors>\n  <error>\n    <code>404</code>")
  })

  it("takes a form-encoded report, routes it to its grid, and shows it open", async () => {
    const response = await report({
      "attribute[urgency]": "urgent",
      account_id: "acct-7",
      email: "x@example.org",
    })
    expect(response.status).toBe(200)
    const [created] = await readJson(response)
    expect(created).toMatchObject({ account_id: "acct-7" })
    expect(created.service_notice).toContain("办结时限")
    const id: string = created.service_request_id

    const [request] = await readJson(await get(`requests/${id}.json`))
    expect(request).toMatchObject({
      service_request_id: id,
      status: "open",
      service_code: "utilities",
      description: "楼道水管破裂 — burst pipe in the stairwell",
      lat: at.lat,
      long: at.long,
    })
    expect(request.requested_datetime).toBe("2026-03-10T10:00:00+08:00")
    // Urgent utilities may stay 24 hours at the grid (Beijing practice) before they escalate.
    expect(request.expected_datetime).toBe("2026-03-11T10:00:00+08:00")
    expect(request.agency_responsible).toContain("火炬路社区第2网格")
    const state = await service.office.cases.get(id)
    expect(state).toMatchObject({ location: { gridId: `${grid}-m1` }, level: "grid", urgency: "urgent" })
    // Contact details are personal data: they are not in the case log.
    expect(JSON.stringify(await service.office.cases.history(id))).not.toContain("x@example.org")
  })

  it("takes the same report as multipart/form-data, as clients that upload photos send it", async () => {
    const form = new FormData()
    form.append("api_key", API_KEY)
    form.append("service_code", "sanitation")
    form.append("lat", String(at.lat))
    form.append("long", String(at.long))
    form.append("description", "垃圾满溢")
    form.append("media", new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: "image/jpeg" }), "photo.jpg")
    const response = await fetch(`${service.baseUrl}/open311/v2/requests.xml`, { method: "POST", body: form })
    expect(response.status).toBe(200)
    expect(await response.text()).toMatch(/<service_request_id>[^<]+<\/service_request_id>/)
  })

  it("routes by address_string and by address_id, and refuses places outside the district", async () => {
    const household = demoPlan.households.find((h) => h.areaId.startsWith("shengtang-road-grid-03"))!
    const byAddress = await post("requests.json", {
      api_key: API_KEY,
      service_code: "sanitation",
      address_string: ` ${household.address} `,
    })
    const [{ service_request_id: a }] = await readJson(byAddress)
    expect((await service.office.cases.get(a)).exists && (await service.office.cases.get(a))).toMatchObject({
      location: { gridId: household.areaId },
    })
    const byId = await post("requests.json", {
      api_key: API_KEY,
      service_code: "sanitation",
      address_id: household.householdId,
    })
    expect(byId.status).toBe(200)
    const outside = await post("requests.xml", {
      api_key: API_KEY,
      service_code: "sanitation",
      lat: "0",
      long: "0",
    })
    expect(outside.status).toBe(400)
    expect(await outside.text()).toContain("outside the area this office serves")
  })

  it("answers errors in the standard's shape and status codes", async () => {
    const noKey = await post("requests.json", { service_code: "utilities", lat: "40.6", long: "109.8" })
    expect(noKey.status).toBe(403)
    expect(await readJson(noKey)).toEqual([{ code: 403, description: expect.stringContaining("api_key") }])
    expect((await report({ api_key: "wrong" })).status).toBe(403)
    expect((await report({ service_code: "" })).status).toBe(400)
    expect((await report({ service_code: "nope" })).status).toBe(404)
    expect((await report({ lat: "", long: "", address_string: "" })).status).toBe(400)
    expect((await report({ description: "x".repeat(4001) })).status).toBe(400)
    expect((await get("requests/no-such-request.json")).status).toBe(404)
    expect((await get("requests.json?jurisdiction_id=elsewhere.gov")).status).toBe(404)
    expect((await get("requests.json?status=pending")).status).toBe(400)
    expect((await get("requests.json?start_date=yesterday")).status).toBe(400)
    expect(
      (await get("requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z")).status,
    ).toBe(400)
  })

  it("counts an empty optional argument as absent", async () => {
    const plain = await readJson(await get("requests.json"))
    const empty = await readJson(
      await get("requests.json?service_code=&status=&start_date=&end_date=&jurisdiction_id="),
    )
    expect(empty).toEqual(plain)
    expect((await report({ description: "", media_url: "", account_id: "" })).status).toBe(200)
  })

  it("filters requests by id, service code, status and date window", async () => {
    const [{ service_request_id: id }] = await readJson(await report())
    const one = await readJson(await get(`requests.json?service_request_id=${id},unknown-id&status=closed`))
    expect(one.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([id])
    const open = await readJson(await get("requests.json?status=open&service_code=utilities"))
    expect(open.length).toBeGreaterThan(0)
    expect(
      open.every(
        (r: { status: string; service_code: string }) =>
          r.status === "open" && r.service_code === "utilities",
      ),
    ).toBe(true)
    expect(await readJson(await get("requests.json?status=closed"))).toEqual([])
    const before = await readJson(await get("requests.json?end_date=2026-03-09T00:00:00Z"))
    expect(before).toEqual([])
    const window = await readJson(
      await get("requests.json?start_date=2026-03-10T00:00:00%2B08:00&end_date=2026-03-11"),
    )
    expect(window).toEqual(await readJson(await get("requests.json")))
    expect(window.length).toBeGreaterThan(open.length)
  })

  it("shows the lifecycle: closed with its notes, and FixMyStreet's finer statuses as updates", async () => {
    const [{ service_request_id: id }] = await readJson(await report())
    const steps = [
      { _tag: "RegisterCase", by: "huoju-road-leader" },
      {
        _tag: "DispatchCase",
        by: "huoju-road-leader",
        assignee: { _tag: "department", departmentId: "minxin-road-water" },
      },
      { _tag: "AcknowledgeCase", by: "minxin-road-water-handler" },
      { _tag: "StartHandling", by: "minxin-road-water-handler" },
      { _tag: "ResolveCase", by: "minxin-road-water-handler", result: "更换破损水管 — pipe replaced" },
      { _tag: "VerifyCase", by: "worker-002", passed: true },
      { _tag: "CloseCase", by: "huoju-road-leader" },
      // The call-back (回访) is bookkeeping the public sees no update of, only a later modification time.
      { _tag: "FollowUpCase", by: "hotline-1", satisfaction: "satisfied" },
    ]
    let last: { streamId: string; lastPosition: number } | undefined
    for (const step of steps) {
      service.clock.advance(10 * 60_000)
      last = await service.office.cases.send({ ...step, caseId: id, at: service.clock.now() })
    }
    if (last !== undefined) await service.office.settle(last)
    const [request] = await readJson(await get(`requests/${id}.json`))
    expect(request).toMatchObject({
      status: "closed",
      status_notes: "已结案 — closed",
      agency_responsible: "供水所 — water works",
    })
    expect(request.expected_datetime).toBeNull()
    // Last modified at the call-back, ten minutes after closing.
    expect(request.updated_datetime).toBe("2026-03-10T11:20:00+08:00")

    const updates = await readJson(
      await get("servicerequestupdates.json?start_date=2026-03-10T00:00:00Z&end_date=2026-03-11T00:00:00Z"),
    )
    const mine = updates.filter((u: { service_request_id: string }) => u.service_request_id === id)
    expect(mine.map((u: { status: string }) => u.status)).toEqual([
      "open",
      "investigating",
      "internal_referral",
      "action_scheduled",
      "in_progress",
      "fixed",
      "fixed",
      "closed",
    ])
    expect(mine[5]).toMatchObject({ description: "更换破损水管 — pipe replaced", media_url: "" })
    const xml = await (await get("servicerequestupdates.xml")).text()
    expect(xml).toContain("<service_request_updates>\n  <request_update>\n    <update_id>")
  })

  it("makes a retried POST with an Idempotency-Key one request, and resolves the key as a token", async () => {
    const first = await readJson(await report())
    const key = "retry-me-123"
    const a = await readJson(
      await post(
        "requests.json",
        { api_key: API_KEY, service_code: "sanitation", address_id: demoPlan.households[0]!.householdId },
        { "idempotency-key": key },
      ),
    )
    const b = await readJson(
      await post(
        "requests.json",
        { api_key: API_KEY, service_code: "sanitation", address_id: demoPlan.households[0]!.householdId },
        { "idempotency-key": key },
      ),
    )
    expect(a[0].service_request_id).toBe(b[0].service_request_id)
    expect(a[0].service_request_id).not.toBe(first[0].service_request_id)
    const token = await readJson(await get(`tokens/${key}.json`))
    expect(token).toEqual([{ service_request_id: a[0].service_request_id, token: key }])
    expect((await get("tokens/unknown.xml")).status).toBe(404)
  })
})
