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

/** A command centre's wall (大屏) and a laptop. */
const SCREENS = [
  { name: "dashboard", width: 1920, height: 1080 },
  { name: "dashboard-laptop", width: 1366, height: 768 },
] as const

const DISPATCHER = "token-dispatcher-1"
/** The demo district's grids, as its plan draws them. */
const DEMO_GRIDS = demoPlan.areas
  .filter((area) => area.level === "grid")
  .map((area) => area.areaId)
  .sort()

let service: TestService
let browser: BrowserContext
let profile: string

beforeAll(async () => {
  service = await startService({ demoCases: true })
  // The deadline process's first run, as the service makes it within a minute of starting: the
  // neglected pumps climb to the community.
  await service.office.tick()
  profile = mkdtempSync(join(tmpdir(), "gridcase-chromium-"))
  // A persistent context is how Playwright takes a fresh --user-data-dir. Reduced motion: the
  // screen then draws its charts without animation, so screenshots show them settled.
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: SCREENS[0].width, height: SCREENS[0].height },
    reducedMotion: "reduce",
  })
})

afterAll(async () => {
  await browser?.close()
  rmSync(profile, { recursive: true, force: true })
  await service?.close()
})

const api = async (path: string) =>
  readJson(await fetch(`${service.baseUrl}${path}`, { headers: { authorization: `Bearer ${DISPATCHER}` } }))

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

/** Opens the screen as a member of staff, and waits until its first figures are drawn. */
const open = async (width: number, height: number): Promise<Page> => {
  const page = await browser.newPage()
  await page.setViewportSize({ width, height })
  await page.goto(`${service.baseUrl}/dashboard#token=${DISPATCHER}`, { waitUntil: "load" })
  await page.locator('body[data-figures="shown"]').waitFor()
  return page
}

const text = (page: Page, testId: string) => page.getByTestId(testId).textContent()
/** Waits until the element shows exactly `value` (the page updates it from the event stream). */
const waitForText = (page: Page, testId: string, value: string) =>
  page
    .getByTestId(testId)
    .filter({ hasText: new RegExp(`^${value}$`) })
    .waitFor()

/** What the page's script sees, as far as these tests reach into it (the tests' types have no DOM). */
declare const document: { getElementById: (id: string) => unknown }
declare const echarts: EChartsGlobal

/** What the page's map holds: its registered grids, the regions it fills and its case points. */
const mapState = (page: Page) =>
  page.evaluate(() => {
    const option = echarts.getInstanceByDom(document.getElementById("map")).getOption()
    const series = option.series as ReadonlyArray<{ id: string; data: ReadonlyArray<{ name: string }> }>
    return {
      grids: echarts
        .getMap("grids-grid")
        .geoJSON.features.map((feature) => feature.properties.name)
        .sort(),
      regions: series
        .find((s) => s.id === "regions")!
        .data.map((d) => d.name)
        .sort(),
      points: series.filter((s) => s.id.startsWith("cases")).flatMap((s) => s.data.map((d) => d.name)),
    }
  })

interface EChartsGlobal {
  getInstanceByDom: (element: unknown) => {
    getOption: () => Record<string, unknown>
    convertToPixel: (finder: object, value: ReadonlyArray<number>) => ReadonlyArray<number>
  }
  getMap: (name: string) => { geoJSON: { features: ReadonlyArray<{ properties: { name: string } }> } }
}

/** Clicks the middle of a grid on the map, where ECharts drew it. */
const clickGrid = async (page: Page, gridId: string) => {
  const { lat, long } = centreOf(demoPlan, gridId)
  const [x, y] = await page.evaluate(
    ([lng, lt]) =>
      echarts.getInstanceByDom(document.getElementById("map")).convertToPixel({ geoIndex: 0 }, [lng!, lt!]),
    [long, lat],
  )
  const box = (await page.locator("#map").boundingBox())!
  // A little off the middle: the grid's label sits there.
  await page.mouse.click(box.x + x! + 6, box.y + y! + 18)
}

describe("the command-centre screen, end to end in headless Chromium", () => {
  it("paints the figures the API gives on its first load; overdue is what the lights and the case search say", async () => {
    const page = await open(SCREENS[0].width, SCREENS[0].height)
    const figures = await api("/api/dashboard")
    const overdueSearch = await api("/api/cases?overdue=true&limit=200")
    // demo-pumps sits unregistered with a red light: overdue, in the tile, the board and the search.
    expect(overdueSearch.items.map((row: { caseId: string }) => row.caseId)).toContain("demo-pumps")
    expect(figures.overdueTotal).toBe(overdueSearch.items.length)
    expect(await text(page, "open-total")).toBe(String(figures.open))
    expect(await text(page, "overdue-total")).toBe(String(overdueSearch.items.length))
    expect(await page.locator('#overdue [data-case="demo-pumps"]').textContent()).toContain("安全隐患")
    // The deadline process escalated it to the community: the escalations tile counts it.
    expect(Number(await text(page, "escalation-total"))).toBeGreaterThanOrEqual(1)
    // Words, not codes: statuses, categories and grids by their Chinese names.
    const recent = (await text(page, "recent")) ?? ""
    expect(recent).toContain("盛唐路社区第3网格")
    expect(recent).not.toMatch(/investigating|action_scheduled|commonAreaClutter|shengtang-road-grid/)
    expect(await text(page, "live")).not.toContain("connecting")
    await page.close()
  })

  it("draws every grid of the demo district on the map, and the open cases with coordinates as points", async () => {
    const page = await open(SCREENS[0].width, SCREENS[0].height)
    const state = await mapState(page)
    expect(state.grids).toEqual(DEMO_GRIDS)
    expect(state.regions).toEqual(DEMO_GRIDS)
    const figures = await api("/api/dashboard")
    expect(state.points.sort()).toEqual(
      figures.points.map((point: { caseId: string }) => point.caseId).sort(),
    )
    expect(state.points).toContain("demo-pumps")
    await page.close()
  })

  it("filters every panel to the grid clicked on the map, then to its community, then to all", async () => {
    const page = await open(SCREENS[0].width, SCREENS[0].height)
    await clickGrid(page, "huoju-road-grid-03")
    await page.getByTestId("focus").filter({ hasText: "火炬路社区第3网格" }).waitFor()
    const inGrid = await api("/api/dashboard?area=huoju-road-grid-03")
    await waitForText(page, "open-total", String(inGrid.open))
    expect(await text(page, "overdue-total")).toBe(String(inGrid.overdueTotal))
    expect(
      await page
        .locator("#overdue [data-case]")
        .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-case"))),
    ).toEqual(["demo-pumps"])
    expect(
      await page
        .locator("#recent [data-case]")
        .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-case"))),
    ).toEqual(["demo-pumps"])

    // Switched to communities, the grid widens to its community.
    await page.getByRole("button", { name: "社区 community" }).click()
    await page.getByTestId("focus").filter({ hasText: "火炬路社区 · 社区" }).waitFor()
    const inCommunity = await api("/api/dashboard?area=huoju-road")
    await waitForText(page, "open-total", String(inCommunity.open))
    const recentIds = await page
      .locator("#recent [data-case]")
      .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-case")))
    expect(recentIds.sort()).toEqual(inCommunity.recent.map((r: { caseId: string }) => r.caseId).sort())
    expect(recentIds).not.toContain("demo-heating")

    await page.getByRole("button", { name: "全部 all ✕" }).click()
    await page.getByTestId("focus").filter({ hasText: "全部网格" }).waitFor()
    await waitForText(page, "open-total", String((await api("/api/dashboard")).open))
    await page.close()
  })

  it("shows a case reported through Open311 on the map within a second, then its way through the loop", async () => {
    const page = await open(SCREENS[0].width, SCREENS[0].height)
    await page.locator('#live[data-state="live"]').waitFor()
    const before = await api("/api/dashboard")

    const caseId = await reportThroughOpen311("暖气不热 — radiators cold in building 3")
    // Live: the event stream makes the page fetch the new figures, no reload.
    await page.waitForFunction(
      (id) => {
        const option = echarts.getInstanceByDom(document.getElementById("map")).getOption()
        const series = option.series as ReadonlyArray<{ id: string; data: ReadonlyArray<{ name: string }> }>
        return series.some((s) => s.id.startsWith("cases") && s.data.some((d) => d.name === id))
      },
      caseId,
      { timeout: 1_000 },
    )
    await waitForText(page, "open-total", String(before.open + 1))
    const recent = page.locator(`#recent li[data-case="${caseId}"]`)
    expect(await recent.textContent()).toContain("已上报")
    await recent.click()
    await page.locator('[data-testid="timeline-status"][data-code="reported"]').waitFor()
    expect(await text(page, "timeline")).toContain("上报")
    expect(await text(page, "timeline")).toContain("Open311 群众上报")

    const leader = "shengtang-road-leader"
    const handler = "minxin-road-housing-handler"
    for (const [person, body] of [
      [leader, { _tag: "RegisterCase" }],
      [
        leader,
        { _tag: "DispatchCase", assignee: { _tag: "department", departmentId: "minxin-road-housing" } },
      ],
      [handler, { _tag: "AcknowledgeCase" }],
      [handler, { _tag: "StartHandling" }],
    ] as const) {
      service.clock.advance(20 * 60_000)
      expect((await staff(caseId, person, body)).status).toBe(200)
    }
    await page.locator('[data-testid="timeline-status"][data-code="inProgress"]').waitFor()
    const timeline = (await text(page, "timeline")) ?? ""
    expect(timeline).toContain("派遣")
    expect(timeline).toContain("盛唐路社区 网格长")
    expect(timeline).not.toMatch(/CaseReported|CaseDispatched/)
    // Dispatched to the housing office: the unit panel names it.
    expect(await text(page, "units")).toContain("房管所")

    for (const [person, body] of [
      [handler, { _tag: "ResolveCase", result: "更换阀门，恢复供暖 — valve replaced" }],
      ["worker-002", { _tag: "VerifyCase", passed: true }],
      [leader, { _tag: "CloseCase" }],
      ["hotline-1", { _tag: "FollowUpCase", satisfaction: "satisfied" }],
    ] as const) {
      service.clock.advance(60 * 60_000)
      expect((await staff(caseId, person, body)).status).toBe(200)
    }
    await page.locator('[data-testid="timeline-status"][data-code="closed"]').waitFor()
    await waitForText(page, "open-total", String(before.open))
    await waitForText(page, "closed-total", String(before.timeToResolve.closed + 1))
    await page.locator("#close-case").click()
    expect((await mapState(page)).points).not.toContain(caseId)
    expect(service.errors).toEqual([])
    await page.close()
  })

  for (const screen of SCREENS) {
    it(`keeps a screenshot at ${screen.width}×${screen.height}, every panel inside the screen`, async () => {
      const page = await open(screen.width, screen.height)
      // Every panel lies within the viewport and none overlaps another.
      const boxes = await page
        .locator("main > section")
        .evaluateAll((sections) => sections.map((section) => section.getBoundingClientRect().toJSON()))
      for (const box of boxes) {
        expect(box.right).toBeLessThanOrEqual(screen.width)
        expect(box.bottom).toBeLessThanOrEqual(screen.height)
      }
      for (const [i, a] of boxes.entries()) {
        for (const b of boxes.slice(i + 1)) {
          const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top
          expect(apart).toBe(true)
        }
      }
      await page.screenshot({ path: join(import.meta.dirname, "screenshots", `${screen.name}.png`) })
      await page.close()
    })
  }

  it("shows a banner once the working calendar nears its end", async () => {
    const page = await open(SCREENS[0].width, SCREENS[0].height)
    const banner = page.getByTestId("calendar-warning")
    expect(await banner.isHidden()).toBe(true)
    // Tuesday 2026-12-01, 10:00 in Shanghai: the shipped calendar ends with 2026.
    service.clock.set(Date.parse("2026-12-01T10:00:00+08:00"))
    await reportThroughOpen311("路灯不亮 — street lamp out by the gate")
    await banner.filter({ hasText: "The working calendar ends on 2026-12-31, in 31 days." }).waitFor()
    expect(await banner.isVisible()).toBe(true)
    expect(service.errors).toEqual([])
    await page.close()
  })
})
