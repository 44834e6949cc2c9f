/**
 * `pnpm simulate [--days 61] [--store memory|sqlite|postgres] [--file sim.db] [--grids 100]
 * [--workers 45] [--households 20000] [--residents 34000] [--seed 7] [--start 2026-03-01]
 * [--json FILE] [--html FILE] [--help]`
 *
 * Builds Minxin Road street (docs/domain.md#baotou-33) and drives N days of cases through the office's real
 * command path on a virtual clock, then prints the run's figures in Chinese and English, and
 * saves them as JSON and as an offline HTML report when asked. PostgreSQL uses DATABASE_URL.
 */
import { writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { parseArgs } from "node:util"
import { MemoryEventStore } from "@gridcase/adapters/memory"
import { PostgresEventStore } from "@gridcase/adapters/postgres"
import { SqliteEventStore } from "@gridcase/adapters/sqlite"
import { inputTable } from "./inputs.ts"
import { MINXIN_ROAD, minxinRoad } from "./minxin-road.ts"
import { reportHtml } from "./report-html.ts"
import { simulate } from "./simulate.ts"
import { startOfDayInShanghai } from "./start-date.ts"
import { progressBar, summaryTable } from "./summary.ts"

/**
 * The options, with their defaults. 61 days from 1 March cover two whole calendar months, so
 * care-visit compliance (counted per whole month) has March and April.
 */
const OPTIONS = {
  days: { type: "string", default: "61", help: "days to simulate" },
  start: { type: "string", default: "2026-03-01", help: "first day (midnight in Shanghai)" },
  store: {
    type: "string",
    default: "memory",
    help: "event store: memory, sqlite or postgres (DATABASE_URL)",
  },
  file: { type: "string", help: "SQLite file (default: a new file in the temp directory)" },
  grids: { type: "string", default: String(MINXIN_ROAD.grids), help: "grids (docs/domain.md#baotou-34)" },
  workers: {
    type: "string",
    default: String(MINXIN_ROAD.workers),
    help: "grid workers (docs/domain.md#baotou-35)",
  },
  households: {
    type: "string",
    default: String(MINXIN_ROAD.households),
    help: "households (docs/domain.md#baotou-33)",
  },
  residents: {
    type: "string",
    default: String(MINXIN_ROAD.residents),
    help: "residents (docs/domain.md#baotou-33)",
  },
  seed: { type: "string", default: "7", help: "random seed: the same seed gives the same run" },
  json: { type: "string", help: "save the whole summary as JSON to FILE" },
  html: { type: "string", help: "save an offline HTML report with charts to FILE" },
  help: { type: "boolean", short: "h", help: "print this help and the input rates with their sources" },
} as const

/** `--help`: the options, then every input rate with its source or marked an assumption. */
const helpText = (): string =>
  [
    "pnpm simulate [options] — a street office's run of cases, visits and door-knocks on a virtual clock",
    "",
    "Options:",
    ...Object.entries(OPTIONS).map(([name, option]) => {
      const flag = `--${name}${option.type === "string" ? " VALUE" : ""}`
      const fallback = "default" in option ? ` (default ${option.default})` : ""
      return `  ${flag.padEnd(20)} ${option.help}${fallback}`
    }),
    "",
    "Input rates (输入参数) — each from a quoted source or marked an ASSUMPTION:",
    inputTable(),
  ].join("\n")

const { values } = parseArgs({
  options: Object.fromEntries(
    Object.entries(OPTIONS).map(([name, { help: _, ...option }]) => [name, option]),
  ) as { [K in keyof typeof OPTIONS]: Omit<(typeof OPTIONS)[K], "help"> },
})

if (values.help === true) {
  console.log(helpText())
  process.exit(0)
}

const positive = (name: string, text: string) => {
  const value = Number(text)
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} must be a positive integer, got "${text}"`)
  return value
}

const start = startOfDayInShanghai(values.start)

const store = (() => {
  switch (values.store) {
    case "memory":
      return MemoryEventStore.layer
    case "sqlite":
      return SqliteEventStore.layer({
        filename: values.file ?? join(tmpdir(), `gridcase-simulation-${Date.now()}.db`),
        synchronous: "NORMAL",
      })
    case "postgres": {
      const url = process.env.DATABASE_URL
      if (url === undefined) throw new Error("--store postgres needs DATABASE_URL")
      return PostgresEventStore.layer({ connection: url, schema: `simulation_${Date.now()}` })
    }
    default:
      throw new Error(`--store must be memory, sqlite or postgres, got "${values.store}"`)
  }
})()

const district = minxinRoad({
  grids: positive("grids", values.grids),
  workers: positive("workers", values.workers),
  households: positive("households", values.households),
  residents: positive("residents", values.residents),
})
const days = positive("days", values.days)
console.log(
  `Simulating ${district.spec.streetName} — ${district.spec.communities.length} communities, ${values.grids} grids — for ${days} days on ${values.store}…`,
)
const summary = await simulate({
  district,
  days,
  start,
  seed: positive("seed", values.seed),
  store,
  onDay: progressBar(process.stderr),
})
console.log(summaryTable(summary))
if (values.json !== undefined) {
  writeFileSync(values.json, `${JSON.stringify(summary, null, 2)}\n`)
  console.log(`JSON → ${values.json}`)
}
if (values.html !== undefined) {
  writeFileSync(values.html, reportHtml(summary))
  console.log(`HTML report → ${values.html}`)
}
