import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { centreOf, demoPlan } from "../src/district/demo-district.ts"
import { API_KEY, readJson, startService, storeHead, type TestService } from "./support/harness.ts"

/**
 * GeoReport v2 lets only a client holding an api_key create a request: "api_key … Required"
 * on POST Service Request, answered with 403 otherwise. The property: whatever a POST carries
 * — a complete, valid report included — without the issued key it is refused with 403 and
 * nothing is stored; the same report with the key is then taken, so the refusal was the key's.
 */
type Pair = readonly [string, string]
/** How a request lacks the key: a form field in its place, or a header. */
interface Without {
  readonly what: string
  readonly field?: Pair
  readonly header?: Pair
}

let service: TestService
let serviceCodes: ReadonlyArray<string>
beforeAll(async () => {
  service = await startService()
  const services = await readJson(await fetch(`${service.baseUrl}/open311/v2/services.json`))
  serviceCodes = services.map((one: { service_code: string }) => one.service_code)
})
afterAll(() => service.close())

/** Where a valid report says it is: a grid's centre, or a household of the demo district. */
const place = fc.oneof(
  fc
    .constantFrom(...demoPlan.households.map((household) => household.areaId))
    .map((areaId) => centreOf(demoPlan, areaId))
    .map(
      ({ lat, long }): ReadonlyArray<Pair> => [
        ["lat", String(lat)],
        ["long", String(long)],
      ],
    ),
  fc
    .constantFrom(...demoPlan.households)
    .map((household): ReadonlyArray<Pair> => [["address_id", household.householdId]]),
  fc
    .constantFrom(...demoPlan.households)
    .map((household): ReadonlyArray<Pair> => [["address_string", household.address]]),
)

/** A complete report the service would take with the key, plus optional fields of the standard. */
const validReport = fc
  .tuple(
    fc.integer({ min: 0, max: 1_000 }),
    place,
    fc.constantFrom("楼道水管破裂", "垃圾满溢", "路灯不亮 — street light out", "x"),
    fc.subarray<Pair>([
      ["attribute[urgency]", "urgent"],
      ["account_id", "acct-7"],
      ["email", "x@example.org"],
      ["jurisdiction_id", "xitu-gaoxin.gov.cn"],
      ["media_url", "https://example.org/photo.jpg"],
    ]),
  )
  .map(
    ([pick, where, description, extra]): ReadonlyArray<Pair> => [
      ["service_code", serviceCodes[pick % serviceCodes.length]!],
      ...where,
      ["description", description],
      ...extra,
    ],
  )

/**
 * Every way to come without the issued key: none, empty, wrong, nearly right, or under another
 * name or in a header. Blanks around a value are not "nearly right": every argument is read
 * trimmed (open311/arguments.ts), so ` test-key ` is the key.
 */
const notTheKey: fc.Arbitrary<Without> = fc.oneof<fc.Arbitrary<Without>[]>(
  fc.constant({ what: "no key" }),
  fc
    .constantFrom("", " ", API_KEY.toUpperCase(), API_KEY.slice(1), `${API_KEY}x`)
    .map((value) => ({ what: "a near key", field: ["api_key", value] })),
  fc
    .string({ maxLength: 40 })
    .filter((value) => value.trim() !== API_KEY)
    .map((value) => ({ what: "a wrong key", field: ["api_key", value] })),
  fc
    .constantFrom("API_KEY", "apikey", "api-key", "key", "api_key[]", "token")
    .map((name) => ({ what: "the key under another name", field: [name, API_KEY] })),
  fc.constantFrom("x-api-key", "api_key", "authorization").map((header) => ({
    what: "the key in a header",
    header: [header, header === "authorization" ? `Bearer ${API_KEY}` : API_KEY],
  })),
)

type Carrier = "urlencoded" | "multipart" | "query"

/** A POST carrying `pairs` in a form body of either standard type, or all in the query string. */
const postReport = (
  pairs: ReadonlyArray<Pair>,
  carrier: Carrier,
  format: string,
  headers: Record<string, string>,
) => {
  const params = new URLSearchParams(pairs.map(([name, value]): [string, string] => [name, value]))
  const url = `${service.baseUrl}/open311/v2/requests.${format}`
  if (carrier === "query") return fetch(`${url}?${params}`, { method: "POST", headers })
  if (carrier === "urlencoded") {
    return fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: params.toString(),
    })
  }
  const form = new FormData()
  for (const [name, value] of pairs) form.append(name, value)
  return fetch(url, { method: "POST", headers, body: form })
}

let runs = 0

describe("Open311 POST without the api_key, fuzzed", () => {
  it("is refused with 403 and stores nothing, while the same report with the key is taken", async () => {
    await fc.assert(
      fc.asyncProperty(
        validReport,
        notTheKey,
        fc.constantFrom<Carrier>("urlencoded", "multipart", "query"),
        fc.constantFrom("json", "xml"),
        fc.boolean(),
        async (report, without, carrier, format, withIdempotencyKey) => {
          // A fresh Idempotency-Key each run: a reused one would replay an earlier report.
          const idempotencyKey = withIdempotencyKey ? `fuzz-${++runs}` : undefined
          const headers: Record<string, string> = {
            ...(idempotencyKey === undefined ? {} : { "idempotency-key": idempotencyKey }),
            ...(without.header === undefined ? {} : { [without.header[0]]: without.header[1] }),
          }
          const pairs = without.field === undefined ? report : [...report, without.field]
          const before = await storeHead(service)
          const refused = await postReport(pairs, carrier, format, headers)
          const body = await refused.text()
          expect(refused.status, `${without.what}, ${carrier}: ${body}`).toBe(403)
          expect(body).toContain("api_key")
          expect(await storeHead(service), `${without.what}: a refused report was stored`).toBe(before)

          const taken = await postReport([...report, ["api_key", API_KEY]], carrier, format, headers)
          expect(taken.status, `with the key: ${await taken.text()}`).toBe(200)
          expect(await storeHead(service)).toBeGreaterThan(before)
        },
      ),
      { numRuns: 80 },
    )
    expect(service.errors).toEqual([])
  })
})
