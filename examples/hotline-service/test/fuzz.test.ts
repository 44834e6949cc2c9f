import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { API_KEY, startService, storeHead, type TestService } from "./support/harness.ts"

let service: TestService
beforeAll(async () => {
  service = await startService({ demoCases: true })
})
afterAll(() => service.close())

const head = () => storeHead(service)

const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.constantFrom(
    "",
    " ",
    "0",
    "-1",
    "1e400",
    "NaN",
    "null",
    "91",
    "40.61",
    "109.83",
    "%",
    "\u0000",
    "a".repeat(5000),
  ),
)

const OPEN311_FIELDS = [
  "api_key",
  "jurisdiction_id",
  "service_code",
  "lat",
  "long",
  "address_string",
  "address_id",
  "description",
  "media_url",
  "account_id",
  "email",
  "attribute[urgency]",
  "attribute[hotline_ticket]",
  "service_request_id",
  "status",
  "start_date",
  "end_date",
] as const

/** Form or query fields: known names with hostile values, plus random names. */
const fields = fc.array(
  fc.tuple(fc.oneof(fc.constantFrom(...OPEN311_FIELDS), fc.string({ maxLength: 12 })), text),
  { maxLength: 8 },
)

const OPEN311_PATHS = [
  "discovery",
  "services",
  "services/utilities",
  "services/__proto__",
  "requests",
  "requests/demo-leak",
  "requests/..%2F..",
  "tokens/abc",
  "servicerequestupdates",
  "nowhere",
]

const encode = (pairs: ReadonlyArray<readonly [string, string]>) => {
  const params = new URLSearchParams()
  for (const [key, value] of pairs) params.append(key, value)
  return params.toString()
}

/** A refusal must say what was wrong, in the endpoint's own error format. */
const describesItself = (url: string, body: string) => {
  const path = url.split("?")[0]!
  if (path.startsWith("/open311/") && path.endsWith(".json")) {
    const errors = JSON.parse(body) as Array<{ code: number; description: string }>
    return errors.length > 0 && errors.every((error) => error.description.length > 0)
  }
  if (path.startsWith("/open311/")) return /<description>[^<]+<\/description>/.test(body)
  return (JSON.parse(body) as { error: string }).error.length > 0
}

const check = async (path: string, init: RequestInit) => {
  const before = await head()
  const response = await fetch(`${service.baseUrl}${path}`, init)
  const body = await response.text()
  expect(response.status, `${init.method} ${path} → ${body}`).toBeLessThan(500)
  if (response.status >= 400) {
    expect(describesItself(path, body), body).toBe(true)
    expect(await head(), "a refused request appended events").toBe(before)
  }
}

describe("bad input, fuzzed: a clear 4xx, never a 5xx, nothing appended", () => {
  it("Open311 GETs with any query", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...OPEN311_PATHS),
        fc.constantFrom("json", "xml", "html", ""),
        fields,
        async (path, format, query) =>
          check(`/open311/v2/${path}${format === "" ? "" : `.${format}`}?${encode(query)}`, {
            method: "GET",
          }),
      ),
      { numRuns: 120 },
    )
  })

  it("Open311 POSTs with any form, content type and api_key", async () => {
    await fc.assert(
      fc.asyncProperty(
        fields,
        fc.boolean(),
        fc.constantFrom(
          "application/x-www-form-urlencoded",
          "application/json",
          "text/plain",
          "multipart/form-data",
        ),
        fc.constantFrom("json", "xml"),
        async (form, withKey, type, format) => {
          // Without the key every POST must be refused; with it, only the malformed ones.
          const pairs = withKey
            ? [...form, ["api_key", API_KEY] as const]
            : form.filter(([key]) => key !== "api_key")
          await check(`/open311/v2/requests.${format}`, {
            method: "POST",
            headers: { "content-type": type },
            body: encode(pairs),
          })
        },
      ),
      { numRuns: 150 },
    )
  })

  it("office API commands with any JSON body and any token", async () => {
    const json = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
      fc
        .record({
          _tag: fc.constantFrom(
            "RegisterCase",
            "DispatchCase",
            "ResolveCase",
            "CloseCase",
            "EscalateCase",
            "ReportCase",
            "Nope",
          ),
          assignee: fc.jsonValue({ maxDepth: 2 }),
          result: text,
          satisfaction: text,
          fromLevel: text,
        })
        .map((value) => JSON.stringify(value)),
      text,
    )
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("demo-noise", "demo-leak", "no-such-case", "%E2%82", "x".repeat(300)),
        json,
        fc.constantFrom("token-shengtang-road-leader", "token-worker-001", "forged", ""),
        async (caseId, body, token) =>
          check(`/api/cases/${caseId}/commands`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
            body,
          }),
      ),
      { numRuns: 150 },
    )
  })

  it("office API reports and reads with anything", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.jsonValue({ maxDepth: 3 }),
        fc.constantFrom(
          "/api/cases",
          "/api/me",
          "/api/me/work",
          "/api/triage",
          "/api/triage/no-such-report/locate",
          "/api/territory",
          "/api/residents",
          "/api/residents/resident-huang/reveal",
          "/api/residents/resident-huang/points",
          "/api/dashboard",
          "/api/cases/%zz",
          "/api/nothing",
          "/dashboard",
          "/static/x.js",
        ),
        fc.constantFrom("GET", "POST", "PUT", "DELETE"),
        async (body, path, method) =>
          check(path, {
            method,
            headers: { "content-type": "application/json", authorization: "Bearer token-worker-001" },
            ...(method === "GET" ? {} : { body: JSON.stringify(body) }),
          }),
      ),
      { numRuns: 120 },
    )
    expect(service.errors).toEqual([])
  })

  it("office API searches and lists with any query", async () => {
    const query = fc.array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(
            "status",
            "level",
            "area",
            "category",
            "source",
            "assignee",
            "department",
            "overdue",
            "from",
            "to",
            "q",
            "sort",
            "limit",
            "cursor",
            "tag",
          ),
          fc.string({ maxLength: 8 }),
        ),
        text,
      ),
      { maxLength: 6 },
    )
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("/api/cases", "/api/residents", "/api/triage", "/api/me/work"),
        query,
        fc.constantFrom("token-dispatcher-1", "token-worker-001", "token-huoju-road-head"),
        async (path, pairs, token) =>
          check(`${path}?${encode(pairs)}`, { method: "GET", headers: { authorization: `Bearer ${token}` } }),
      ),
      { numRuns: 150 },
    )
    expect(service.errors).toEqual([])
  })
})
