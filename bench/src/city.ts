/**
 * `pnpm bench:city` — how the cost grows from a street to a district (and, on paper, to a city):
 * the example service's simulator (`pnpm simulate`, every command through the office's real
 * command path, read models kept live, the deadline process every half hour of simulated time)
 * on PostgreSQL, once for Minxin Road street (100 grids, 34,000 residents) and once for a
 * district ten times its size (1,000 grids, 340,000 residents), each in a process of its own.
 * For each: wall time, commands/s, events/s, peak RSS, the store's size on disk, and the time
 * to rebuild every read model of the office from the store. Not part of `pnpm bench` or CI: a
 * simulated year of a district takes hours on a small machine.
 *
 *   pnpm bench:city [--days 30] [--sizes street,district] [--start 2026-03-02] [--json FILE]
 *
 * A year does not fit between 2 March 2026 and the end of the shipped calendar (2026): start it
 * on Monday 6 January 2025 (`--days 365 --start 2025-01-06`). A run that would leave the
 * calendar is refused before its first command.
 *
 * Prints a Markdown table (for bench/RESULTS.md) and writes the figures as JSON
 * (bench/.data/city.json by default).
 */
import { spawn } from "node:child_process"
import { mkdirSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { performance } from "node:perf_hooks"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import { PostgresEventStore } from "@gridcase/adapters/postgres"
import { PostgresReadModelStore } from "@gridcase/projections/postgres"
import pg from "pg"
import { startOfDayInShanghai } from "../../examples/hotline-service/src/simulation/start-date.ts"
import { CITY_SIZES, type CityFigures, type CitySize, cityTable } from "./report/city-table.ts"
import { describeMachine, loadAverage } from "./support/machine.ts"
import { DATA_DIR, PG_URL } from "./support/scratch.ts"

const MB = 1024 * 1024

const sizeOfSchema = async (schema: string) => {
  const client = new pg.Client({ connectionString: PG_URL })
  await client.connect()
  try {
    const { rows } = await client.query<{ bytes: string; events: string }>(
      `SELECT (SELECT COALESCE(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c
                 JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = $1 AND c.relkind IN ('r', 'm'))::text AS bytes,
              (SELECT count(*) FROM "${schema}".events)::text AS events`,
      [schema],
    )
    return { bytes: Number(rows[0]!.bytes), events: Number(rows[0]!.events) }
  } finally {
    await client.end()
  }
}

/** Drops a run's schemas: its events, the read models it kept and the ones its rebuild wrote. */
const dropSchemas = async (schema: string) => {
  const client = new pg.Client({ connectionString: PG_URL })
  await client.connect()
  for (const name of [schema, `${schema}_read_models`, `${schema}_rebuilt`])
    await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`)
  await client.end()
}

/**
 * Where the office keeps its read models: in PostgreSQL beside the events (as a district deploys
 * the service, docs/operations.md), or in the process's memory — where they grow with the cases
 * kept, so peak RSS then measures them.
 */
type ReadModelsAt = "postgres" | "memory"

/** The office's `readModels` option for `at`: nothing in memory (openOffice's default). */
const readModelsIn = (at: ReadModelsAt, schema: string) =>
  at === "postgres" ? { readModels: PostgresReadModelStore.layer({ connection: PG_URL, schema }) } : {}

/** In this process: simulate one size into `schema`, print its figures (the rebuild comes after, in another). */
const simulateOne = async (
  size: CitySize,
  days: number,
  start: number,
  schema: string,
  readModelsAt: ReadModelsAt,
) => {
  const { simulate } = await import("../../examples/hotline-service/src/simulation/simulate.ts")
  const { minxinRoad } = await import("../../examples/hotline-service/src/simulation/minxin-road.ts")
  const began = performance.now()
  const summary = await simulate({
    district: minxinRoad(CITY_SIZES[size]),
    days,
    start,
    seed: 7,
    store: PostgresEventStore.layer({ connection: PG_URL, schema }),
    ...readModelsIn(readModelsAt, `${schema}_read_models`),
    // With the time since the start, so that a run stopped before its end still tells its rate.
    onDay: ({ day, cases }) =>
      process.stderr.write(
        `  ${size}: day ${day}/${days}, ${cases} cases, ${Math.round((performance.now() - began) / 1000)} s\n`,
      ),
  })
  return {
    cases: summary.cases,
    commands: summary.commands,
    wallSeconds: summary.wallSeconds,
    peakRssMb: (process.resourceUsage().maxRSS * 1024) / MB,
  }
}

/** In this process: every read model of the office rebuilt from the stored events, into an empty store. */
const rebuildOne = async (schema: string, readModelsAt: ReadModelsAt) => {
  const { openOffice } = await import("../../examples/hotline-service/src/office/office.ts")
  const began = performance.now()
  const office = await openOffice({
    store: PostgresEventStore.layer({ connection: PG_URL, schema }),
    ...readModelsIn(readModelsAt, `${schema}_rebuilt`),
    territoryId: "xitu-gaoxin",
  })
  const rebuildSeconds = (performance.now() - began) / 1000
  await office.close()
  return { rebuildSeconds, rebuildPeakRssMb: (process.resourceUsage().maxRSS * 1024) / MB }
}

const RESULT = "CITY "

/** Runs this script again in a child, so that each step's peak RSS is its own. */
const inChild = (args: ReadonlyArray<string>): Promise<Record<string, number>> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--conditions=@gridcase/source", fileURLToPath(import.meta.url), ...args],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    )
    let stdout = ""
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString()
    })
    child.on("close", (code) => {
      const line = stdout.split("\n").find((entry) => entry.startsWith(RESULT))
      if (code === 0 && line !== undefined) resolve(JSON.parse(line.slice(RESULT.length)))
      else reject(new Error(`${args.join(" ")} failed (exit ${code})`))
    })
  })

const { values } = parseArgs({
  options: {
    days: { type: "string", default: "30" },
    sizes: { type: "string", default: "street,district" },
    json: { type: "string" },
    /** Monday 2 March 2026 by default, as the example's district simulation starts. */
    start: { type: "string", default: "2026-03-02" },
    "read-models": { type: "string", default: "postgres" },
    step: { type: "string" },
    size: { type: "string" },
    schema: { type: "string" },
  },
})
const days = Number(values.days)
if (!Number.isInteger(days) || days < 1)
  throw new Error(`--days must be a positive integer, got ${values.days}`)

const start = startOfDayInShanghai(values.start)

const readModelsAt = values["read-models"] as ReadModelsAt
if (readModelsAt !== "postgres" && readModelsAt !== "memory")
  throw new Error(`--read-models takes postgres or memory, got ${values["read-models"]}`)

if (values.step === "simulate") {
  process.stdout.write(
    `${RESULT}${JSON.stringify(await simulateOne(values.size as CitySize, days, start, values.schema!, readModelsAt))}\n`,
  )
  process.exit(0)
} else if (values.step === "rebuild") {
  process.stdout.write(`${RESULT}${JSON.stringify(await rebuildOne(values.schema!, readModelsAt))}\n`)
  process.exit(0)
} else {
  const sizes = values.sizes.split(",").map((size) => {
    if (!(size in CITY_SIZES))
      throw new Error(`--sizes takes ${Object.keys(CITY_SIZES).join(", ")}, got ${size}`)
    return size as CitySize
  })
  const machine = await describeMachine()
  const loadBefore = loadAverage()
  const figures: Array<CityFigures> = []
  for (const size of sizes) {
    // Not "bench_…": \`pnpm bench\` drops every such schema as a crashed run's when it starts, and
    // on a shared server it dropped a city run's store under it (an hour-long run lost).
    const schema = `city_${size}_${process.pid}`
    await dropSchemas(schema)
    try {
      process.stderr.write(`${size}: simulating ${days} days on PostgreSQL (schema ${schema})…\n`)
      const simulated = await inChild([
        "--step",
        "simulate",
        "--size",
        size,
        "--days",
        String(days),
        "--start",
        values.start,
        "--read-models",
        readModelsAt,
        "--schema",
        schema,
      ])
      const stored = await sizeOfSchema(schema)
      process.stderr.write(`${size}: rebuilding every read model from ${stored.events} events…\n`)
      const rebuilt = await inChild(["--step", "rebuild", "--schema", schema, "--read-models", readModelsAt])
      figures.push({
        size,
        grids: CITY_SIZES[size].grids,
        residents: CITY_SIZES[size].residents,
        days,
        cases: simulated.cases!,
        commands: simulated.commands!,
        events: stored.events,
        wallSeconds: simulated.wallSeconds!,
        peakRssMb: simulated.peakRssMb!,
        storeMb: stored.bytes / MB,
        rebuildSeconds: rebuilt.rebuildSeconds!,
        rebuildPeakRssMb: rebuilt.rebuildPeakRssMb!,
      })
      // Each size's figures as soon as it is done: a run stopped in the next size keeps them.
      process.stderr.write(`${size}: ${JSON.stringify(figures.at(-1))}\n`)
    } finally {
      await dropSchemas(schema)
    }
  }
  const report = {
    date: new Date().toISOString(),
    start: values.start,
    readModels: readModelsAt,
    machine,
    loadBefore,
    loadAfter: loadAverage(),
    figures,
  }
  const file = values.json ?? join(DATA_DIR, "city.json")
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`)
  console.log(cityTable(figures))
  console.log(`\n${report.date}; load ${loadBefore} → ${report.loadAfter}; figures in ${file}`)
}
