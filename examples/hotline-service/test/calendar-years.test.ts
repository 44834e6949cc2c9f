import { spawn } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { Calendar } from "@gridcase/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { CALENDAR_YEARS_VARIABLE, calendarWarning, loadCalendar } from "../src/office/calendar-years.ts"
import { readJson, staffApi, startService, type TestService } from "./support/harness.ts"

const ROOT = resolve(import.meta.dirname, "..", "..", "..")
const folder = mkdtempSync(join(tmpdir(), "gridcase-calendar-years-"))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

/** Writes `content` to a file of the test folder and returns its path. */
const file = (name: string, content: string): string => {
  const path = join(folder, name)
  writeFileSync(path, content)
  return path
}

/** A Shanghai local time, e.g. "2026-12-31T17:30". */
const sh = (local: string): number => Date.parse(`${local}:00+08:00`)

const ONLY_2025: Calendar.Definition = {
  ...Calendar.CHINA_MAINLAND_2025_2026,
  years: Calendar.CHINA_MAINLAND_2025_2026.years.filter((entry) => entry.year === 2025),
}

/** The JSON sample of docs/operations.md: the 2026 notice in the form an operator loads. */
const docsSample = (): string => {
  const fences = [
    ...readFileSync(join(ROOT, "docs", "operations.md"), "utf8").matchAll(/```json\n([\s\S]*?)\n```/g),
  ]
  const samples = fences.map((fence) => fence[1]!).filter((json) => json.includes('"makeupWorkdays"'))
  expect(samples).toHaveLength(1)
  return samples[0]!
}

/** Not a real notice: a year with no holidays at all, only to have a valid year after 2026. */
const FICTITIOUS_2027 = JSON.stringify([
  {
    year: 2027,
    notice: { title: "test fixture, not the State Council's notice", published: "2026-11-01" },
    holidays: [],
    makeupWorkdays: [],
  },
])

describe("loading holiday years from GRIDCASE_CALENDAR_YEARS", () => {
  it("runs on the shipped calendar when no file is named", () => {
    expect(loadCalendar(undefined).knownYears).toEqual([2025, 2026])
  })

  it("adds the years of the file: the docs' 2026 sample on a 2025 calendar gives the shipped 2026", () => {
    const calendar = loadCalendar(file("2026.json", docsSample()), ONLY_2025)
    expect(calendar.knownYears).toEqual([2025, 2026])
    for (let day = sh("2026-01-01T12:00"); day < Calendar.shanghai.knownRange.end; day += 86_400_000) {
      expect(calendar.isWorkingDay(day)).toBe(Calendar.shanghai.isWorkingDay(day))
    }
  })

  it("refuses an unreadable file, a file that is not JSON, and invalid years, saying which file and why", () => {
    const missing = join(folder, "missing.json")
    expect(() => loadCalendar(missing)).toThrow(
      `${CALENDAR_YEARS_VARIABLE}=${missing}: cannot read the file (ENOENT`,
    )
    const notJson = file("not.json", "2027: holidays")
    expect(() => loadCalendar(notJson)).toThrow(`${CALENDAR_YEARS_VARIABLE}=${notJson}: not JSON (`)
    const invalid = file(
      "invalid.json",
      JSON.stringify([
        {
          year: 2028,
          notice: { title: "test fixture", published: "2027-11-01" },
          holidays: ["2028-02-30"],
          makeupWorkdays: [],
        },
      ]),
    )
    expect(() => loadCalendar(invalid)).toThrow(
      `${CALENDAR_YEARS_VARIABLE}=${invalid}: cannot add these years to calendar "${Calendar.shanghai.name}":\n` +
        "  [0].year: 2027 is missing between 2026 and 2028: a calendar's years follow each other without a gap\n" +
        "  [0].holidays[0]: 2028-02-30 is not a date",
    )
  })
})

describe("the calendar warning", () => {
  const calendar = Calendar.shanghai

  const end = calendar.knownRange.end
  const DAY = 86_400_000

  it("stays quiet while the calendar has more than 60 days left and no case sits beyond it", () => {
    expect(calendarWarning(calendar, end - 60 * DAY - 1, [])).toBeUndefined()
  })

  it("warns from 60 days before the end, and once it has ended", () => {
    expect(calendarWarning(calendar, end - 60 * DAY, [])).toBe(
      "The working calendar ends on 2026-12-31, in 60 days. Add 2027 from its State Council notice with GRIDCASE_CALENDAR_YEARS (docs/operations.md).",
    )
    expect(calendarWarning(calendar, sh("2026-12-31T09:00"), [])).toContain("ends on 2026-12-31, in 1 day.")
    expect(calendarWarning(calendar, end, [])).toContain("The working calendar ended on 2026-12-31.")
  })

  it("names the open cases beyond the calendar, however far its end is", () => {
    expect(calendarWarning(calendar, sh("2026-03-10T10:00"), ["case-1"])).toBe(
      "1 open case has its deadline beyond it and will not escalate: case-1. Add 2027 from its State Council notice with GRIDCASE_CALENDAR_YEARS (docs/operations.md).",
    )
    const many = Array.from({ length: 7 }, (_, i) => `case-${i + 1}`)
    expect(calendarWarning(calendar, sh("2026-03-10T10:00"), many)).toContain(
      "7 open cases have their deadline beyond it and will not escalate: case-1, case-2, case-3, case-4, case-5 and 2 more.",
    )
  })
})

describe("the dashboard's calendar warning", () => {
  let service: TestService
  beforeAll(async () => {
    service = await startService()
  })
  afterAll(() => service?.close())

  const figures = async () => readJson(await staffApi(service)("dashboard", "worker-001"))

  it("is null in March, then names the end and a case whose deadline falls in 2027", async () => {
    expect((await figures()).calendarWarning).toBeNull()

    // Thursday 2026-12-31, 17:30: half a working hour is left in the calendar's last year.
    service.clock.set(sh("2026-12-31T17:30"))
    await service.office.cases.send({
      _tag: "ReportCase",
      caseId: "new-year-eve",
      at: service.clock.now(),
      by: "worker-001",
      source: "patrol",
      category: "sanitation",
      urgency: "normal",
      description: "exposed rubbish by the gate",
      location: { gridId: "huoju-road-grid-01" },
      level: "grid",
    })
    expect(await service.office.beyondCalendar()).toEqual(["new-year-eve"])
    expect((await figures()).calendarWarning).toBe(
      "The working calendar ends on 2026-12-31, in 1 day. 1 open case has its deadline beyond it and will not escalate: new-year-eve. Add 2027 from its State Council notice with GRIDCASE_CALENDAR_YEARS (docs/operations.md).",
    )
    expect(service.errors).toEqual([])
  })
})

/**
 * Runs `pnpm start`'s command with `env`, stopping it (SIGTERM) once it prints `until`; resolves
 * when it has exited, with what it printed.
 */
const runService = (env: Record<string, string>, until: string) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(
      process.execPath,
      ["--conditions=@gridcase/source", join(ROOT, "examples/hotline-service/src/main.ts")],
      {
        cwd: folder,
        env: { ...process.env, PORT: "0", SEED: "0", ...env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    )
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk) => {
      const seen = stdout.includes(until)
      stdout += chunk
      if (!seen && stdout.includes(until)) child.kill("SIGTERM")
    })
    child.stderr.on("data", (chunk) => {
      stderr += chunk
    })
    child.on("exit", (code) => done({ code, stdout, stderr }))
  })

describe("the service at start", () => {
  it("refuses to start on invalid years, saying why, and stores nothing", async () => {
    const dataDir = join(folder, "refused-data")
    const years = file("reversed.json", FICTITIOUS_2027.replace("[]", '["2027-05-05..2027-05-01"]'))
    const { code, stdout, stderr } = await runService(
      { DATA_DIR: dataDir, GRIDCASE_CALENDAR_YEARS: years },
      "Listening on",
    )
    expect(code).toBe(1)
    expect(stdout).toBe("")
    expect(stderr).toBe(
      `gridcase hotline service not started: GRIDCASE_CALENDAR_YEARS=${years}: cannot add these years to calendar "${Calendar.shanghai.name}":\n  [0].holidays[0]: 2027-05-05..2027-05-01 ends before it starts\n`,
    )
    expect(existsSync(dataDir)).toBe(false)
  })

  it("runs on the added years, and warns exactly when the calendar warning says so", async () => {
    const years = file("2027.json", FICTITIOUS_2027)
    const { code, stdout, stderr } = await runService(
      { DATA_DIR: join(folder, "started-data"), GRIDCASE_CALENDAR_YEARS: years },
      "Listening on",
    )
    expect(code).toBe(0)
    expect(stdout).toContain("stopped; nothing lost")
    expect(stdout).toContain(`  calendar    ${Calendar.shanghai.name}, 2025–2027 (with ${years})\n`)
    // No demo cases (SEED=0), so only the calendar's end can be warned of, and that depends on today.
    const expected = calendarWarning(loadCalendar(years), Date.now(), [])
    expect(stderr).toBe(expected === undefined ? "" : `warning: ${expected}\n`)
  })
})
