/**
 * `pnpm simulate [--days 31] [--store memory|sqlite|postgres] [--file sim.db] [--grids 100]
 * [--workers 45] [--households 20000] [--residents 34000] [--seed 7] [--start 2026-03-01]`
 *
 * Builds Minxin Road street (docs/domain.md#baotou-33) and drives N days of cases through the office's real
 * command path on a virtual clock, then prints the month's figures. PostgreSQL uses DATABASE_URL.
 */
import { tmpdir } from "node:os"
import { join } from "node:path"
import { parseArgs } from "node:util"
import { MemoryEventStore } from "@gridcase/adapters/memory"
import { PostgresEventStore } from "@gridcase/adapters/postgres"
import { SqliteEventStore } from "@gridcase/adapters/sqlite"
import { MINXIN_ROAD, minxinRoad } from "./minxin-road.ts"
import { simulate } from "./simulate.ts"
import { progressBar, summaryTable } from "./summary.ts"

const { values } = parseArgs({
  options: {
    days: { type: "string", default: "31" },
    store: { type: "string", default: "memory" },
    file: { type: "string" },
    grids: { type: "string", default: String(MINXIN_ROAD.grids) },
    workers: { type: "string", default: String(MINXIN_ROAD.workers) },
    households: { type: "string", default: String(MINXIN_ROAD.households) },
    residents: { type: "string", default: String(MINXIN_ROAD.residents) },
    seed: { type: "string", default: "7" },
    start: { type: "string", default: "2026-03-01" },
  },
})

const positive = (name: string, text: string) => {
  const value = Number(text)
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} must be a positive integer, got "${text}"`)
  return value
}

const start = Date.parse(`${values.start}T00:00:00+08:00`)
if (Number.isNaN(start)) throw new Error(`--start must be a date like 2026-03-02, got "${values.start}"`)

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
