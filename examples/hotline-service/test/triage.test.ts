import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { centreOf, demoPlan } from "../src/district/demo-district.ts"
import { API_KEY, readJson, staffApi, startService, type TestService } from "./support/harness.ts"

let service: TestService
beforeAll(async () => {
  service = await startService()
})
afterAll(() => service.close())

const open311 = (path: string, form: Record<string, string>, query: Record<string, string> = {}) =>
  fetch(`${service.baseUrl}/open311/v2/${path}?${new URLSearchParams(query)}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  })
const staff = (path: string, person: string, body?: unknown) => staffApi(service)(path, person, body)

/** The east edge of Huoju Road's grids and the west edge of Shengtang Road's: the demo leaves a gap between. */
const longsOf = (prefix: string) =>
  demoPlan.areas
    .filter((area) => area.areaId.startsWith(prefix) && area.boundary?.type === "Polygon")
    .flatMap((area) =>
      area.boundary?.type === "Polygon" ? area.boundary.coordinates[0]!.map(([long]) => long!) : [],
    )
const gap = {
  lat: centreOf(demoPlan, "huoju-road-grid-01").lat,
  long: (Math.max(...longsOf("huoju-road-grid")) + Math.min(...longsOf("shengtang-road-grid"))) / 2,
}

describe("nothing a citizen reports is lost (待定位)", () => {
  it("takes a report whose address matches no building, shows it waiting, and the dispatcher places it in a grid", async () => {
    service.clock.set(Date.UTC(2026, 2, 10, 2, 0))
    const receivedAt = service.clock.now()
    const posted = await open311("requests.json", {
      api_key: API_KEY,
      service_code: "sanitation",
      address_string: "民馨路街道 3 号楼",
      description: "楼下垃圾三天没人清",
    })
    expect(posted.status).toBe(200)
    const [{ service_request_id: id }] = await readJson(posted)
    const waiting = (await readJson(await fetch(`${service.baseUrl}/open311/v2/requests/${id}.json`)))[0]
    expect(waiting).toMatchObject({ service_request_id: id, status: "open", address: "民馨路街道 3 号楼" })
    expect(waiting.status_notes).toContain("待定位")
    const listed = await readJson(await fetch(`${service.baseUrl}/open311/v2/requests.json?status=open`))
    expect(listed.map((request: { service_request_id: string }) => request.service_request_id)).toContain(id)

    // The office's own queue (the district's): its dispatcher sees it, a grid worker does not.
    const queue = await readJson(await staff("triage", "district-dispatcher"))
    expect(queue).toMatchObject([{ reportId: id, areaId: "xitu-gaoxin", category: "sanitation" }])
    expect(await readJson(await staff("triage", "worker-001"))).toEqual([])

    service.clock.advance(90 * 60_000)
    expect((await staff(`triage/${id}/locate`, "worker-001", { gridId: "huoju-road-grid-02" })).status).toBe(
      403,
    )
    expect((await staff(`triage/${id}/locate`, "district-dispatcher", { gridId: "huoju-road" })).status).toBe(
      400,
    )
    const located = await staff(`triage/${id}/locate`, "district-dispatcher", {
      gridId: "huoju-road-grid-02",
    })
    expect(located.status).toBe(200)
    expect(await readJson(located)).toMatchObject({
      caseId: id,
      events: ["ReportLocated", "CaseReported"],
      status: "reported",
      level: "grid",
    })
    // The case's clock runs from receipt, not from when it was located.
    const state = await service.office.cases.get(id)
    expect(state).toMatchObject({
      location: { gridId: "huoju-road-grid-02" },
      steps: { whole: { startedAt: receivedAt } },
    })
    expect(await readJson(await staff("triage", "district-dispatcher"))).toEqual([])
    const now = (await readJson(await fetch(`${service.baseUrl}/open311/v2/requests/${id}.json`)))[0]
    expect(now.status_notes ?? "").not.toContain("待定位")
    expect(now.requested_datetime).toBe(waiting.requested_datetime)
  })

  it("takes a point between the grids, and refuses one outside the office's area", async () => {
    const between = await open311("requests.json", {
      api_key: API_KEY,
      service_code: "utilities",
      lat: String(gap.lat),
      long: String(gap.long),
    })
    expect(between.status).toBe(200)
    const far = await open311("requests.json", {
      api_key: API_KEY,
      service_code: "utilities",
      lat: "31.23",
      long: "121.47",
    })
    expect(far.status).toBe(400)
    expect((await readJson(far))[0].description).toContain("outside the area this office serves")
  })

  it("takes arguments from the query string, the body winning, with an empty body and no content type", async () => {
    const at = centreOf(demoPlan, "shengtang-road-grid-01")
    const queryOnly = await fetch(
      `${service.baseUrl}/open311/v2/requests.json?${new URLSearchParams({
        api_key: API_KEY,
        jurisdiction_id: "xitu-gaoxin.gov.cn",
        service_code: "utilities",
        lat: String(at.lat),
        long: String(at.long),
        description: "from the query",
      })}`,
      { method: "POST" },
    )
    expect(queryOnly.status).toBe(200)
    const [{ service_request_id: first }] = await readJson(queryOnly)
    expect((await service.office.cases.get(first)).exists).toBe(true)
    const mixed = await open311(
      "requests.json",
      { service_code: "utilities", lat: String(at.lat), long: String(at.long), description: "from the body" },
      { api_key: API_KEY, description: "from the query" },
    )
    expect(mixed.status).toBe(200)
    const [{ service_request_id: second }] = await readJson(mixed)
    const shown = (await readJson(await fetch(`${service.baseUrl}/open311/v2/requests/${second}.json`)))[0]
    expect(shown.description).toBe("from the body")
    // The error format stays the standard's.
    const wrong = await fetch(`${service.baseUrl}/open311/v2/requests.xml?api_key=nope`, { method: "POST" })
    expect(wrong.status).toBe(403)
    expect(await wrong.text()).toContain("<errors>")
  })
})
