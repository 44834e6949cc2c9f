import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type BrowserContext, chromium, type Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { centreOf, demoPlan } from "../src/district/demo-district.ts"
import { API_KEY, readJson, startService, type TestService } from "./support/harness.ts"

/** Debian's Chromium, which `scripts/ensure-chromium.sh` installs before the tests run. */
const CHROMIUM = "/usr/bin/chromium"
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
]

let service: TestService
let browser: BrowserContext
let page: Page
let profile: string

beforeAll(async () => {
  service = await startService({ demoCases: true })
  profile = mkdtempSync(join(tmpdir(), "gridcase-chromium-"))
  // A persistent context is how Playwright takes a fresh --user-data-dir.
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
  })
  page = await browser.newPage()
})

afterAll(async () => {
  await browser?.close()
  rmSync(profile, { recursive: true, force: true })
  await service?.close()
})

const figure = (testId: string) => page.getByTestId(testId).textContent()
/** Waits until the element shows exactly `value` (the page updates it from the event stream). */
const waitForFigure = (testId: string, value: string) =>
  page
    .getByTestId(testId)
    .filter({ hasText: new RegExp(`^${value}$`) })
    .waitFor()

const staff = (caseId: string, person: string, body: Record<string, unknown>) =>
  fetch(`${service.baseUrl}/api/cases/${caseId}/commands`, {
    method: "POST",
    headers: { authorization: `Bearer token-${person}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  })

/** Reports a utilities case in Shengtang Road grid 02 through Open311; returns its id. */
const reportThroughOpen311 = async (description: string): Promise<string> => {
  const at = centreOf(demoPlan, "shengtang-road-grid-02")
  const posted = await fetch(`${service.baseUrl}/open311/v2/requests.json`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      api_key: API_KEY,
      service_code: "utilities",
      lat: String(at.lat),
      long: String(at.long),
      description,
    }).toString(),
  })
  const [{ service_request_id: caseId }] = await readJson(posted)
  return caseId
}

describe("the dashboard, end to end in headless Chromium", () => {
  it("shows a case reported through Open311 appear, then dispatched and closed through the office API", async () => {
    // The page takes the staff token from its address once, keeps it for the tab and drops it from the address.
    await page.goto(`${service.baseUrl}/dashboard#token=token-dispatcher-1`)
    await page.locator('#live[data-state="live"]').waitFor()
    const figures = await readJson(
      await fetch(`${service.baseUrl}/api/dashboard`, {
        headers: { authorization: "Bearer token-dispatcher-1" },
      }),
    )
    const open = figures.openTotal as number
    const closed = figures.timeToResolve.closed as number
    await waitForFigure("open-total", String(open))

    const caseId = await reportThroughOpen311("暖气不热 — radiators cold in building 3")

    // Live: the server's event stream makes the page fetch the new figures, no reload.
    await waitForFigure("open-total", String(open + 1))
    const recent = page.locator(`#recent li[data-case="${caseId}"]`)
    await recent.waitFor()
    expect(await recent.textContent()).toContain("open")
    await recent.click()
    await waitForFigure("timeline-status", "reported")

    const leader = "shengtang-road-leader"
    const handler = "minxin-road-housing-handler"
    const steps: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
      [leader, { _tag: "RegisterCase" }],
      [
        leader,
        { _tag: "DispatchCase", assignee: { _tag: "department", departmentId: "minxin-road-housing" } },
      ],
      [handler, { _tag: "AcknowledgeCase" }],
      [handler, { _tag: "StartHandling" }],
    ]
    for (const [person, body] of steps) {
      service.clock.advance(20 * 60_000)
      expect((await staff(caseId, person, body)).status).toBe(200)
    }
    await waitForFigure("timeline-status", "inProgress")
    expect(await figure("open-total")).toBe(String(open + 1))

    for (const [person, body] of [
      [handler, { _tag: "ResolveCase", result: "更换阀门，恢复供暖 — valve replaced" }],
      ["worker-002", { _tag: "VerifyCase", passed: true }],
      [leader, { _tag: "CloseCase", satisfaction: "satisfied" }],
    ] as const) {
      service.clock.advance(60 * 60_000)
      expect((await staff(caseId, person, body)).status).toBe(200)
    }
    await waitForFigure("open-total", String(open))
    await waitForFigure("closed-total", String(closed + 1))
    await waitForFigure("timeline-status", "closed")
    expect(await page.locator("#rates").textContent()).toContain(`100% (${closed + 1}/${closed + 1})`)
    // Two of the four care plans had their visit last month; the moral bank ranks its depositors.
    expect(await figure("care")).toContain("2/4 (50%)")
    expect(await page.locator("#leaders li").first().textContent()).toContain("resident-wang — 50")
    await page.screenshot({ path: join(import.meta.dirname, "screenshots", "dashboard.png"), fullPage: true })
    expect(service.errors).toEqual([])
  })

  it("shows a banner once the working calendar nears its end", async () => {
    const banner = page.getByTestId("calendar-warning")
    expect(await banner.isHidden()).toBe(true)
    // Tuesday 2026-12-01, 10:00 in Shanghai: the shipped calendar ends with 2026.
    service.clock.set(Date.parse("2026-12-01T10:00:00+08:00"))
    await reportThroughOpen311("路灯不亮 — street lamp out by the gate")
    await banner.filter({ hasText: "The working calendar ends on 2026-12-31, in 31 days." }).waitFor()
    expect(await banner.isVisible()).toBe(true)
    expect(service.errors).toEqual([])
  })
})
