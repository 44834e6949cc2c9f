import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { readJson, startService, type TestService } from "./support/harness.ts"

/**
 * A database that cannot be reached for a moment (a restart, a cut connection) is no error of
 * the caller's and no crash: the answer is a 503 that says when to try again. Here the staff
 * tokens' database is the one that is gone, as it is for every instance on a shared
 * PostgreSQL while its connections are cut.
 */
let service: TestService
beforeAll(async () => {
  service = await startService({
    tokens: {
      personOf: () => Promise.reject(new Error("Connection terminated unexpectedly")),
      issue: () => Promise.reject(new Error("Connection terminated unexpectedly")),
      register: () => Promise.reject(new Error("Connection terminated unexpectedly")),
    },
  })
})
afterAll(() => service.close())

describe("a store out of reach", () => {
  it("is answered 503 with Retry-After, never a 500", async () => {
    const response = await fetch(`${service.baseUrl}/api/me`, {
      headers: { authorization: "Bearer token-worker-001" },
    })
    expect(response.status).toBe(503)
    expect(response.headers.get("retry-after")).toBe("1")
    expect((await readJson(response)).error).toContain("retry")
    expect(service.errors).toEqual([])
  })
})
