import { request } from "node:http"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { API_KEY, readJson, startService, storeHead, type TestService } from "./support/harness.ts"

let service: TestService
beforeAll(async () => {
  service = await startService({ demoCases: true })
})
afterAll(() => service.close())

const head = () => storeHead(service)

const post = (path: string, body: string, token?: string, headers: Record<string, string> = {}) =>
  fetch(`${service.baseUrl}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...headers,
    },
    body,
  })

const deep = (depth: number) => `{"a":${"[".repeat(depth)}${"]".repeat(depth)}}`

const REPORT = {
  source: "patrol",
  category: "sanitation",
  urgency: "normal",
  description: "垃圾堆放",
  location: { gridId: "huoju-road-grid-01" },
  level: "grid",
}

describe("what trying to break the office found, fixed", () => {
  it("a body nested 5,000 deep is refused without a token (401) and with one (400), never a 500", async () => {
    const before = await head()
    for (const path of ["/api/cases", "/api/residents", "/api/cases/demo-leak/commands"]) {
      expect((await post(path, deep(5000))).status).toBe(401)
      const refused = await post(path, deep(5000), "token-huoju-road-leader")
      expect(refused.status).toBe(400)
      expect((await readJson(refused)).error).toContain("nests deeper")
    }
    expect(await head()).toBe(before)
    expect(service.errors).toEqual([])
  })

  it("a body over 1 MiB is answered 413, not a reset connection", async () => {
    const body = JSON.stringify({ ...REPORT, description: "x".repeat(1.5 * 1024 * 1024) })
    const status = await new Promise<number>((resolve, reject) => {
      const sent = request(
        `${service.baseUrl}/api/cases`,
        {
          method: "POST",
          headers: { "content-type": "application/json", authorization: "Bearer token-worker-001" },
        },
        (response) => {
          response.resume()
          resolve(response.statusCode ?? 0)
        },
      )
      sent.on("error", reject)
      sent.end(body)
    })
    expect(status).toBe(413)
    // A chunked body (no length declared) that grows past the limit is refused too.
    const chunked = await fetch(`${service.baseUrl}/open311/v2/requests.json`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new Blob([`api_key=${API_KEY}&description=${"y".repeat(1.2 * 1024 * 1024)}`]).stream(),
      duplex: "half",
    } as RequestInit)
    expect(chunked.status).toBe(413)
  })

  it("case reads and the figures are for staff; a case outside the caller's roles is refused", async () => {
    for (const path of ["/api/cases/demo-leak", "/api/dashboard", "/api/me"]) {
      expect((await fetch(`${service.baseUrl}${path}`)).status).toBe(401)
    }
    const document = await readJson(await fetch(`${service.baseUrl}/api/openapi.json`))
    expect(document.paths["/api/cases/{caseId}"].get.security).toEqual([{ staffToken: [] }])
    expect(document.paths["/api/events"].get.security ?? []).toEqual([])
    // demo-leak lies in Huoju Road's grid 01: its leader sees it, Shengtang Road's does not.
    const mine = await fetch(`${service.baseUrl}/api/cases/demo-leak`, {
      headers: { authorization: "Bearer token-huoju-road-leader" },
    })
    expect(mine.status).toBe(200)
    const theirs = await fetch(`${service.baseUrl}/api/cases/demo-leak`, {
      headers: { authorization: "Bearer token-shengtang-road-leader" },
    })
    expect(theirs.status).toBe(403)
  })

  it("every endpoint the document says is for staff refuses a missing or forged token with 401, appending nothing", async () => {
    const document = await readJson(await fetch(`${service.baseUrl}/api/openapi.json`))
    const before = await head()
    let checked = 0
    for (const [path, operations] of Object.entries(
      document.paths as Record<string, Record<string, { security?: unknown }>>,
    )) {
      for (const [method, operation] of Object.entries(operations)) {
        const url = `${service.baseUrl}${path.replaceAll(/\{[^}]+\}/g, "demo-leak")}`
        const init = { method: method.toUpperCase(), ...(method === "get" ? {} : { body: "{}" }) }
        if (!Array.isArray(operation.security) || operation.security.length === 0) continue
        for (const authorization of [undefined, "Bearer forged", "Basic x"]) {
          const response = await fetch(url, {
            ...init,
            headers: {
              "content-type": "application/json",
              ...(authorization === undefined ? {} : { authorization }),
            },
          })
          expect(response.status, `${method} ${path}`).toBe(401)
        }
        checked++
      }
    }
    expect(checked).toBeGreaterThanOrEqual(17)
    expect(await head()).toBe(before)
  })

  it("a report in a grid that does not exist is refused, and appends nothing", async () => {
    const before = await head()
    for (const gridId of ["no-such-grid", "huoju-road", "xitu-gaoxin"]) {
      const refused = await post(
        "/api/cases",
        JSON.stringify({ ...REPORT, location: { gridId } }),
        "token-huoju-road-leader",
      )
      expect(refused.status).toBe(400)
      expect((await readJson(refused)).error).toContain("gridId")
    }
    expect(await head()).toBe(before)
  })

  it("media URLs must be http(s), and the public view never serves another scheme", async () => {
    const refused = await post(
      "/api/cases",
      JSON.stringify({ ...REPORT, mediaUrls: ["javascript:alert(1)"] }),
      "token-worker-001",
    )
    expect(refused.status).toBe(400)
    expect((await readJson(refused)).error).toContain("mediaUrls")
    expect(
      (
        await post(
          "/api/cases",
          JSON.stringify({ ...REPORT, mediaUrls: ["https://example.org/a.jpg"] }),
          "token-worker-001",
        )
      ).status,
    ).toBe(201)
  })

  it("free text holding a phone or identity number is refused at entry; sealed details are not free text", async () => {
    const before = await head()
    const refused = await post(
      "/api/cases",
      JSON.stringify({ ...REPORT, description: "王大爷家漏水，电话 13912345678" }),
      "token-worker-001",
    )
    expect(refused.status).toBe(400)
    expect(await readJson(refused)).toMatchObject({ type: "PersonalDetailsInFreeText" })
    const visit = await post(
      "/api/residents/resident-wang/commands",
      JSON.stringify({ _tag: "RecordVisit", findings: "身份证 11010519491231002X 已核对" }),
      "token-worker-001",
    )
    expect(visit.status).toBe(400)
    expect(await head()).toBe(before)
  })

  it("staff cannot take an id of Open311's id space", async () => {
    const refused = await post(
      "/api/cases",
      JSON.stringify({ ...REPORT, caseId: "r-0123456789abcdef01234567" }),
      "token-worker-001",
    )
    expect(refused.status).toBe(400)
    expect((await readJson(refused)).error).toContain("Open311")
  })

  it("a client that goes away mid-request is no internal error", async () => {
    const aborted = new AbortController()
    const slow = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"source":"patrol",'))
        setTimeout(() => aborted.abort(), 50)
      },
    })
    await expect(
      fetch(`${service.baseUrl}/api/cases`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer token-worker-001" },
        body: slow,
        duplex: "half",
        signal: aborted.signal,
      } as RequestInit),
    ).rejects.toThrow()
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(service.errors).toEqual([])
  })
})
