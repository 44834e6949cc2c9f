import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { centreOf, demoPlan } from "../src/district/demo-district.ts"
import { readJson } from "./support/harness.ts"
import { exited, startServiceProcess } from "./support/service-process.ts"

const folder = mkdtempSync(join(tmpdir(), "gridcase-service-"))
afterAll(() => rmSync(folder, { recursive: true, force: true }))
const KEY = "process-test-key"

/** `pnpm start` as an operator runs it: the service on SQLite in `folder`, on a free port. */
const start = () =>
  startServiceProcess({ DATA_DIR: folder, PORT: "0", OPEN311_API_KEY: KEY, TICK_SECONDS: "3600" })

const at = centreOf(demoPlan, "huoju-road-grid-03")
const report = (url: string, key: string) =>
  fetch(`${url}/open311/v2/requests.json`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "idempotency-key": key },
    body: new URLSearchParams({
      api_key: KEY,
      service_code: "sanitation",
      lat: String(at.lat),
      long: String(at.long),
      description: `report ${key}`,
    }).toString(),
  })

describe("the service as a process", () => {
  it("keeps every acknowledged report through kill -9, then stops cleanly on SIGTERM; its files are its own", async () => {
    const first = await start()
    // Files 0600 and the folder 0700, whatever the umask it was started with.
    expect(statSync(folder).mode & 0o777).toBe(0o700)
    for (const name of readdirSync(folder))
      expect(statSync(join(folder, name)).mode & 0o777, name).toBe(0o600)

    const acknowledged = new Map<string, string>()
    const sent = Array.from({ length: 40 }, (_, i) => `k-${i}`)
    const attempts = sent.map(async (key, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 10))
      try {
        const response = await report(first.url, key)
        if (response.status === 200) acknowledged.set(key, (await readJson(response))[0].service_request_id)
      } catch {
        // the connection died with the process: not acknowledged, the client retries
      }
    })
    // Kill it while reports are coming in: after the first is acknowledged, before the last is sent.
    while (acknowledged.size === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    first.child.kill("SIGKILL")
    await Promise.all(attempts)
    await exited(first.child)

    expect(acknowledged.size, "the kill came after the last report").toBeLessThan(sent.length)

    const second = await start()
    for (const [key, id] of acknowledged) {
      const found = await fetch(`${second.url}/open311/v2/requests/${id}.json`)
      expect(found.status, `acknowledged ${key} lost`).toBe(200)
    }
    // Retries with the same keys find what was stored, and store what was not: one request per key.
    const ids = new Set<string>()
    for (const key of sent) {
      const retried = await report(second.url, key)
      expect(retried.status).toBe(200)
      const id = (await readJson(retried))[0].service_request_id as string
      if (acknowledged.has(key)) expect(id).toBe(acknowledged.get(key))
      ids.add(id)
    }
    expect(ids.size).toBe(sent.length)

    second.child.kill("SIGTERM")
    expect(await exited(second.child)).toBe(0)
    expect(second.output()).toContain("stopped; nothing lost")
  }, 120_000)
})
