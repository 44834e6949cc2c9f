import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { MemoryEventStore } from "@gridcase/adapters/memory"
import { SqliteEventStore } from "@gridcase/adapters/sqlite"
import { BusinessClock, Calendar, Case, Level } from "@gridcase/core"
import { CaseIndex } from "@gridcase/projections"
import { afterAll, describe, expect, it } from "vitest"
import { openOffice } from "../src/office/office.ts"
import { onDutyOf } from "../src/simulation/door-knocking.ts"
import { effortSplit, makeEffortLog } from "../src/simulation/effort.ts"
import { INPUTS } from "../src/simulation/inputs.ts"
import { minxinRoad } from "../src/simulation/minxin-road.ts"
import { reportCharts } from "../src/simulation/report-html.ts"
import { type SimulationSummary, simulate } from "../src/simulation/simulate.ts"
import { summaryTable } from "../src/simulation/summary.ts"
import { wholeMonths } from "../src/simulation/whole-months.ts"

/** Mon 2026-03-02 00:00 in Shanghai. */
const START = Date.parse("2026-03-02T00:00:00+08:00")
const small = minxinRoad({ grids: 12, workers: 5, households: 2_400, residents: 12_000 })
const run = (seed: number) =>
  simulate({ district: small, days: 4, start: START, seed, store: MemoryEventStore.layer })

const CLI = fileURLToPath(new URL("../src/simulation/cli.ts", import.meta.url))
const NODE = process.execPath
const cli = (...args: ReadonlyArray<string>) =>
  execFileSync(NODE, ["--conditions=@gridcase/source", CLI, ...args], { encoding: "utf8", timeout: 240_000 })

const directory = mkdtempSync(join(tmpdir(), "gridcase-simulation-"))
afterAll(() => rmSync(directory, { recursive: true, force: true }))

describe("the district simulation", () => {
  it("drives cases through the real command path and counts every case exactly once", async () => {
    const summary = await run(7)
    expect(summary.grids).toBe(12)
    expect(summary.cases).toBeGreaterThan(20)
    const { open, closed, rejected, voided, merged } = summary.counts
    expect(open + closed + rejected + voided + merged).toBe(summary.cases)
    expect(closed).toBeGreaterThan(0)
    // The closed cases are the ones the outcome measures count.
    expect(summary.assessment.selfResolution.denominator).toBe(closed)
    expect(summary.assessment.selfResolution.rate).toBeGreaterThan(0.3)
    expect(summary.commands).toBeGreaterThan(summary.cases * 3)
    // The simulated people re-read a case the deadline process moved; the rules refuse little.
    expect(summary.refused).toBeLessThan(summary.commands * 0.05)
    // Residents on care plans are registered, visited, and the moral bank takes deposits.
    expect(summary.registered).toBe(Math.round(12_000 * 0.005) + Math.round(12_000 * 0.003))
    expect(summary.cared).toBe(60)
    expect(summary.visits).toBeGreaterThan(0)
    expect(summary.pointsAwarded).toBeGreaterThan(0)
    // The door-knocking campaign lists every placed household and knocks on doors.
    expect(summary.campaign.households).toBe(summary.registered)
    expect(summary.campaign.knocks).toBeGreaterThan(0)
    const { visited, refused, noAnswer, pending } = summary.campaign
    expect(visited + refused + noAnswer + pending).toBe(summary.campaign.households)
    // Reports per day add up to the cases.
    expect(summary.daily.reduce((sum, day) => sum + day.reported, 0)).toBe(summary.cases)
  })

  it("refuses a run that would leave the office's calendar before it sends a command", async () => {
    const filename = join(directory, "beyond.db")
    // 29 December 2026 + 4 days ends in 2027, a year the shipped calendar does not know.
    const lastWeek = Date.parse("2026-12-29T00:00:00+08:00")
    const attempt = simulate({
      district: small,
      days: 4,
      start: lastWeek,
      seed: 7,
      store: SqliteEventStore.layer({ filename }),
    })
    await expect(attempt).rejects.toMatchObject({ _tag: "OutsideCalendarError", year: 2027 })
    const office = await openOffice({
      store: SqliteEventStore.layer({ filename }),
      territoryId: small.spec.territoryId,
    })
    const cases = await office.query(CaseIndex.find(undefined)).finally(() => office.close())
    expect(cases).toEqual([])
    // Three days end on the calendar's last day: that run is the calendar's to the end.
    const upToTheEnd = await simulate({
      district: small,
      days: 3,
      start: lastWeek,
      seed: 7,
      store: MemoryEventStore.layer,
    })
    expect(upToTheEnd.cases).toBeGreaterThan(0)
  })

  it("reports overdue as the lights show it — every open case with a step past its limit — and escalations by level and cause", async () => {
    const filename = join(directory, "overdue.db")
    const summary = await simulate({
      district: small,
      days: 4,
      start: START,
      seed: 7,
      store: SqliteEventStore.layer({ filename }),
    })
    // The naive count: every case as the store has it, folded again, its steps timed by the rule.
    const end = START + 4 * 86_400_000
    const office = await openOffice({
      store: SqliteEventStore.layer({ filename }),
      territoryId: small.spec.territoryId,
      clock: BusinessClock.makeFixed(end),
    })
    const cases = await office.query(CaseIndex.find(undefined)).finally(() => office.close())
    const cells = new Map<string, number>()
    for (const { case: c } of cases) {
      if (Case.isTerminal(c.status)) continue
      let red = false
      try {
        red = Case.timers(c, end, office.config.policy, office.config.calendar).some(
          (timer) => timer.used > 1,
        )
      } catch (error) {
        if (!(error instanceof Calendar.OutsideCalendarError)) throw error
      }
      const department = c.assignee?._tag === "department" ? c.assignee.departmentId : null
      const key = JSON.stringify([c.level, department])
      if (red) cells.set(key, (cells.get(key) ?? 0) + 1)
    }
    expect(summary.overdue.total).toBeGreaterThan(0)
    expect(
      Object.fromEntries(
        summary.overdue.cells.map((cell) => [JSON.stringify([cell.level, cell.departmentId]), cell.cases]),
      ),
    ).toEqual(Object.fromEntries(cells))
    expect(summary.overdue.total).toBe([...cells.values()].reduce((sum, n) => sum + n, 0))
    for (const of of summary.escalations) {
      expect(Level.LEVELS).toContain(of.level)
      expect(["overdue", "requested", "manual"]).toContain(of.reason)
      expect(of.cases).toBeLessThanOrEqual(of.escalations)
    }
    const table = summaryTable(summary)
    for (const label of [
      "受理案件",
      "不予立案",
      "期末超期",
      "按期率",
      "推诿",
      "721",
      "走访达标率",
      "敲门行动",
      "p90",
    ]) {
      expect(table).toContain(label)
    }
  })

  it("is repeatable: the same seed gives the same run", async () => {
    const { wallSeconds: _a, ...first } = await run(11)
    const { wallSeconds: _b, ...second } = await run(11)
    expect(second).toEqual(first)
  })

  it("counts care visits over whole calendar months only", () => {
    const at = (iso: string) => Date.parse(`${iso}T00:00:00+08:00`)
    expect(wholeMonths(at("2026-03-01"), at("2026-03-01") + 61 * 86_400_000).map((m) => m.name)).toEqual([
      "2026-03",
      "2026-04",
    ])
    expect(wholeMonths(at("2026-03-02"), at("2026-04-01")).map((m) => m.name)).toEqual([])
    expect(wholeMonths(at("2026-03-02"), at("2026-05-01")).map((m) => m.name)).toEqual(["2026-04"])
  })
})

describe("the 721 method (docs/domain.md#baotou-36)", () => {
  const workers = Array.from({ length: 45 }, (_, i) => `worker-${String(i + 1).padStart(3, "0")}`)

  it("puts one worker in ten on rotating duty each working day, every worker in turn", () => {
    const days = Array.from({ length: 9 }, (_, n) => onDutyOf(workers, n))
    for (const day of days) expect(day.size).toBe(Math.round(45 * 0.1))
    // Nine working days of five: each of the 45 takes exactly one turn.
    expect(new Set(days.flatMap((day) => [...day])).size).toBe(45)
  })

  it("splits the logged minutes in the grid, on business and on duty", () => {
    const log = makeEffortLog(workers.slice(0, 2))
    const [a = "", b = ""] = log.workers
    log.patrol(a)
    log.inGrid(a, "visit")
    log.onCase(a, false)
    log.duty(b)
    const { patrol, visit, caseStep, duty } = INPUTS.effortMinutes.value
    const total = patrol + visit + caseStep + duty
    const split = effortSplit(log, 1)
    expect(split.inGrid).toBeCloseTo((patrol + visit) / total)
    expect(split.business).toBeCloseTo(caseStep / total)
    expect(split.duty).toBeCloseTo(duty / total)
    expect(split.staffOnDuty).toBe(0.5)
  })
})

describe("pnpm simulate", () => {
  it("--help prints every option and every input rate with its source or marked an assumption", () => {
    const help = cli("--help")
    for (const option of ["--days", "--store", "--seed", "--json", "--html", "--help"])
      expect(help).toContain(option)
    for (const [name, input] of Object.entries(INPUTS)) {
      expect(help).toContain(`${name} — ${input.zh}`)
      const basis = input.basis as { kind: string; anchor?: string }
      expect(help).toContain(basis.kind === "source" ? `source ${basis.anchor}` : "ASSUMPTION")
    }
  })

  it("saves the whole run as JSON and as an offline HTML report with the charts' data", () => {
    const json = join(directory, "run.json")
    const html = join(directory, "run.html")
    const printed = cli(
      ...["--days", "3", "--grids", "6", "--workers", "3", "--households", "1200", "--residents", "6000"],
      ...["--start", "2026-03-02", "--json", json, "--html", html],
    )
    expect(printed).toContain("受理案件")
    expect(printed).toContain("cases reported")
    const summary = JSON.parse(readFileSync(json, "utf8")) as SimulationSummary
    expect(Object.keys(summary)).toEqual(
      expect.arrayContaining([
        "counts",
        "overdue",
        "escalations",
        "assessment",
        "workload",
        "careCompliance",
        "campaign",
        "daily",
      ]),
    )
    const { open, closed, rejected, voided, merged } = summary.counts
    expect(open + closed + rejected + voided + merged).toBe(summary.cases)
    const page = readFileSync(html, "utf8")
    // ECharts is inlined, not fetched: the report opens offline.
    expect(page).not.toMatch(/<script[^>]+src=/)
    expect(page).toContain("echarts")
    const charts = JSON.parse(page.match(/const CHARTS = (.*);\n/)![1]!) as Record<string, unknown>
    const expected = reportCharts({ ...summary, wallSeconds: summary.wallSeconds })
    for (const [id, chart] of Object.entries(expected)) {
      expect(page).toContain(`<div id="${id}" class="chart">`)
      expect(charts[id]).toEqual({ ...chart, id })
    }
    expect((charts.daily as { x: ReadonlyArray<string> }).x).toEqual(summary.daily.map((day) => day.day))
  })
})
