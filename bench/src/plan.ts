import { join } from "node:path"
import type { Impl, Job, StoreKind, WorkloadName } from "./job.ts"
import { DATA_DIR } from "./support/scratch.ts"

/** How long and how big: the full run, or the quick (about a minute) pass. */
export interface Mode {
  readonly name: "full" | "quick"
  readonly runs: number
  /**
   * Run the jobs of one figure in rounds (gridcase, Emmett, ceiling, gridcase, …), each run in
   * a child of its own, so that a slow spell of the shared disk hits every side alike instead
   * of one side's whole series. Costs a process start per run, so the quick pass does not.
   */
  readonly interleave: boolean
  readonly seconds: number
  /** Events in the histories read from position 0 (on SQLite: a seeded history, so one of `rebuildSizes`). */
  readonly readAllEvents: number
  /** PostgreSQL's history is smaller: seeding it goes through one commit per case. */
  readonly readAllEventsPostgres: number
  /** History lengths for the rebuild and growth workloads; the last is "the" rebuild. */
  readonly rebuildSizes: ReadonlyArray<number>
  /** History length of the rebuild Emmett runs too (its seeding is one slow append per case). */
  readonly sharedRebuildEvents: number
  /** Simulated days of the district simulation, and the stores it runs on (once each: a year takes minutes). */
  readonly simulationDays: number
  readonly simulationStores: ReadonlyArray<StoreKind>
  /** Length of one timed run of the HTTP figures: a server under load settles slower than a loop in-process. */
  readonly httpSeconds: number
}

export const FULL: Mode = {
  name: "full",
  runs: 3,
  interleave: true,
  seconds: 1.5,
  readAllEvents: 100_000,
  readAllEventsPostgres: 20_000,
  rebuildSizes: [10_000, 100_000, 1_000_000],
  sharedRebuildEvents: 100_000,
  simulationDays: 365,
  simulationStores: ["memory", "sqlite"],
  httpSeconds: 5,
}

export const QUICK: Mode = {
  name: "quick",
  runs: 2,
  interleave: false,
  seconds: 0.25,
  readAllEvents: 10_000,
  readAllEventsPostgres: 5_000,
  rebuildSizes: [10_000, 30_000],
  sharedRebuildEvents: 10_000,
  simulationDays: 7,
  simulationStores: ["memory"],
  httpSeconds: 1,
}

/** Which metric of a job's runs a figure reports, and what it means. */
export interface Figure {
  /** Groups figures in the report; one table per workload. */
  readonly workload: string
  readonly store: StoreKind
  readonly unit: string
  readonly metric: string
  /** Latency, time and memory: smaller is better (ratios are then inverted in the report). */
  readonly lowerIsBetter?: boolean
  readonly ours: string
  readonly emmett?: string
  readonly ceiling?: string
  /** What the reader must know to read the figure right (what the ceiling does, what was tuned). */
  readonly note?: string
}

/** A history seeded into a SQLite file before the jobs that read it. */
export interface Seed {
  readonly impl: "ours" | "emmett"
  readonly events: number
  readonly file: string
}

export interface Plan {
  readonly jobs: ReadonlyArray<Job>
  readonly figures: ReadonlyArray<Figure>
  readonly seeds: ReadonlyArray<Seed>
  readonly notMeasured: ReadonlyArray<{ readonly workload: string; readonly why: string }>
}

/** Bump when the seeded histories change shape, so that cached files of an older shape are not reused. */
const HISTORY_VERSION = 1
export const historyFile = (impl: "ours" | "emmett", events: number) =>
  join(DATA_DIR, `${impl}-history-v${HISTORY_VERSION}-${events}.db`)

export interface PlanOptions {
  /** Emmett's SQLite store needs the native sqlite3 binding; without it its jobs are left out. */
  readonly emmettSqlite: boolean
  readonly emmettSqliteMissing?: string
  /** Whether the example service's simulator exists (`pnpm simulate`). */
  readonly simulator: boolean
}

const label = (count: number) => (count >= 1_000_000 ? `${count / 1_000_000}M` : `${count / 1_000}k`)

export const buildPlan = (mode: Mode, options: PlanOptions): Plan => {
  const jobs = new Map<string, Job>()
  const figures: Array<Figure> = []
  const seeds = new Map<string, Seed>()
  const notMeasured: Array<{ workload: string; why: string }> = []

  const job = (
    workload: WorkloadName,
    impl: Impl,
    store: StoreKind,
    params: Record<string, number | string>,
    extra: Partial<Job> = {},
  ): string => {
    const id = [
      workload,
      impl,
      store,
      ...Object.entries(params).map(([key, value]) => `${key}=${value}`),
    ].join(" ")
    if (!jobs.has(id))
      jobs.set(id, { id, workload, impl, store, params, runs: mode.runs, seconds: mode.seconds, ...extra })
    return id
  }
  const emmettOn = (store: StoreKind) => store !== "sqlite" || options.emmettSqlite
  const seed = (impl: "ours" | "emmett", events: number) => {
    const file = historyFile(impl, events)
    seeds.set(file, { impl, events, file })
    return file
  }

  figures.push({
    workload: "decide + evolve (pure, no store)",
    store: "none",
    unit: "events/s",
    metric: "rate",
    ours: job("decide-evolve", "ours", "none", {}),
    note: "Every command of a case's closed loop through `decide`, every event through `evolve`.",
  })

  for (const store of ["memory", "sqlite", "postgres"] as const) {
    figures.push({
      workload: "rehydrate a case of 100 events",
      store,
      unit: "rehydrations/s",
      metric: "rate",
      ours: job("rehydrate", "ours", store, { events: 100 }),
      ...(emmettOn(store) ? { emmett: job("rehydrate", "emmett", store, { events: 100 }) } : {}),
      ...(store === "memory" ? {} : { ceiling: job("rehydrate", "ceiling", store, { events: 100 }) }),
      note: "Ceiling: the driver's rows, `JSON.parse`d and folded with `evolveCase`, no schema decoding.",
    })
  }

  for (const callers of [1, 8]) {
    for (const store of ["memory", "sqlite", "postgres"] as const) {
      const ours = job("command-handling", "ours", store, { callers })
      const emmett = emmettOn(store) ? job("command-handling", "emmett", store, { callers }) : undefined
      const workload = `command handling, ${callers} caller${callers === 1 ? "" : "s"}`
      const both = { ours, ...(emmett === undefined ? {} : { emmett }) }
      figures.push({ workload, store, unit: "commands/s", metric: "rate", ...both })
      figures.push({
        workload,
        store,
        unit: "ms, p50 latency",
        metric: "p50Ms",
        lowerIsBetter: true,
        ...both,
      })
      figures.push({
        workload,
        store,
        unit: "ms, p99 latency",
        metric: "p99Ms",
        lowerIsBetter: true,
        ...both,
      })
    }
  }
  // The same command handling with the desk's kept states turned off: every command reads its
  // stream first, as Emmett's handler does, so what group commit and the rest give shows apart
  // from what skipping the read gives.
  for (const callers of [1, 8]) {
    for (const store of ["sqlite", "postgres"] as const) {
      const workload = `command handling, ${callers} caller${callers === 1 ? "" : "s"}, reading every stream`
      const emmett = emmettOn(store) ? job("command-handling", "emmett", store, { callers }) : undefined
      figures.push({
        workload,
        store,
        unit: "commands/s",
        metric: "rate",
        ours: job("command-handling", "ours", store, { callers, cacheCapacity: 0 }),
        ...(emmett === undefined ? {} : { emmett }),
        note: "gridcase with `cacheCapacity: 0`: a read of the stream before every command, like Emmett's `DeciderCommandHandler`.",
      })
    }
  }
  figures.push({
    workload: "command handling, 64 callers",
    store: "sqlite",
    unit: "commands/s",
    metric: "rate",
    ours: job("command-handling", "ours", "sqlite", { callers: 64 }),
    note: "How far group commit carries one process: 64 callers share each transaction's fsync.",
  })

  const appendFigure = (
    workload: string,
    stores: ReadonlyArray<StoreKind>,
    callers: number,
    batch: number,
    ceilingBatch: number,
    note: string,
  ) => {
    for (const store of stores) {
      figures.push({
        workload,
        store,
        unit: "events/s",
        metric: "rate",
        ours: job("append", "ours", store, { callers, batch }),
        ...(emmettOn(store) ? { emmett: job("append", "emmett", store, { callers, batch }) } : {}),
        ...(store === "memory"
          ? {}
          : {
              ceiling: job("append", "ceiling", store, {
                callers: store === "sqlite" ? 1 : callers,
                batch: ceilingBatch,
              }),
            }),
        note,
      })
    }
  }
  appendFigure(
    "append 1 event per call, 1 caller",
    ["memory", "sqlite", "postgres"],
    1,
    1,
    1,
    "Ceiling: one INSERT per transaction.",
  )
  appendFigure(
    "append 1 event per call, 8 callers",
    ["memory", "sqlite", "postgres"],
    8,
    1,
    1,
    "Ceiling: one INSERT per transaction (SQLite: one connection, so one at a time; PostgreSQL: 8 connections).",
  )
  appendFigure(
    "batched append, 50 events per call",
    ["memory", "sqlite", "postgres"],
    1,
    50,
    50,
    "Ceiling: 50 rows per transaction (SQLite: 50 INSERTs; PostgreSQL: one 50-row INSERT).",
  )
  appendFigure(
    "group commit, 50 callers appending 1 event each",
    ["sqlite"],
    50,
    1,
    50,
    "Ceiling: 50 rows per transaction, the best any batching can do.",
  )

  for (const store of ["memory", "sqlite", "postgres"] as const) {
    const events = store === "postgres" ? mode.readAllEventsPostgres : mode.readAllEvents
    const seeded = (impl: "ours" | "emmett") => (store === "sqlite" ? { file: seed(impl, events) } : {})
    figures.push({
      workload: "read all events from position 0",
      store,
      unit: "events/s",
      metric: "rate",
      ours: job("read-all", "ours", store, { events, ...seeded("ours") }),
      ...(store !== "memory" && emmettOn(store)
        ? { emmett: job("read-all", "emmett", store, { events, ...seeded("emmett") }) }
        : {}),
      ...(store === "memory" ? {} : { ceiling: job("read-all", "ceiling", store, { events }) }),
      note: `${label(events)} events of a district's history, pages of 1,000.`,
    })
  }

  const rebuildJob = (impl: "ours" | "emmett", events: number, projection: string) =>
    job(
      "rebuild",
      impl,
      "sqlite",
      { events, projection, file: seed(impl, events) },
      { fresh: true, runs: mode.runs },
    )
  const largest = mode.rebuildSizes.at(-1)!
  for (const projection of ["open-cases", "case-deadlines"]) {
    const title =
      projection === "open-cases"
        ? `rebuild "open cases per grid"`
        : "rebuild the overdue board (case deadlines)"
    const shared = projection === "open-cases" && options.emmettSqlite
    figures.push({
      workload: `${title} from ${label(largest)} events`,
      store: "sqlite",
      unit: "events/s",
      metric: "rate",
      ours: rebuildJob("ours", largest, projection),
      note: "From a SQLite history into memory read models; each run in a fresh process.",
    })
    if (shared) {
      const events = mode.sharedRebuildEvents
      figures.push({
        workload: `${title} from ${label(events)} events, side by side`,
        store: "sqlite",
        unit: "events/s",
        metric: "rate",
        ours: rebuildJob("ours", events, projection),
        emmett: rebuildJob("emmett", events, projection),
        note: "Emmett: its SQLite consumer with one processor folding the same `evolveCase` into memory (batches of 1,000, 1 ms pause).",
      })
    }
  }
  for (const events of mode.rebuildSizes) {
    const id = rebuildJob("ours", events, "open-cases")
    const workload = `growth: rebuild "open cases per grid" from ${label(events)} events`
    figures.push({
      workload,
      store: "sqlite",
      unit: "s, rebuild time",
      metric: "seconds",
      lowerIsBetter: true,
      ours: id,
    })
    figures.push({
      workload,
      store: "sqlite",
      unit: "MB, peak RSS",
      metric: "peakRssMb",
      lowerIsBetter: true,
      ours: id,
    })
    figures.push({
      workload,
      store: "sqlite",
      unit: "MB, heap after GC",
      metric: "heapAfterGcMb",
      lowerIsBetter: true,
      ours: id,
      note: "Heap after GC: what the rebuilt read model and the process retain once garbage is collected; peak RSS also counts garbage and heap V8 grew and kept.",
    })
  }

  if (options.simulator) {
    const days = mode.simulationDays
    const workload = `district simulation, ${days === 365 ? "one simulated year" : `${days} simulated days`}`
    for (const store of mode.simulationStores) {
      const id = job("simulation", "ours", store, { days }, { fresh: true, runs: 1 })
      const note =
        "The example service's simulator (`pnpm simulate`): Minxin Road street, every command through the office's real command path; SQLite at synchronous=NORMAL, as its CLI runs it. One run per store: a year takes minutes."
      figures.push({ workload, store, unit: "commands/s", metric: "rate", ours: id, note })
      figures.push({
        workload,
        store,
        unit: "s, wall time",
        metric: "seconds",
        lowerIsBetter: true,
        ours: id,
      })
      figures.push({
        workload,
        store,
        unit: "MB, peak RSS",
        metric: "peakRssMb",
        lowerIsBetter: true,
        ours: id,
      })
    }
  }
  for (const route of ["open311", "staff"] as const) {
    for (const store of ["sqlite", "postgres"] as const) {
      const connections = 32
      const http = (impl: Impl) =>
        job("http", impl, store, { route, connections }, { seconds: mode.httpSeconds })
      const workload =
        route === "open311"
          ? `HTTP: Open311 POST requests.json, ${connections} keep-alive clients`
          : `HTTP: a grid worker's report through the office API, ${connections} keep-alive clients`
      const both = { ours: http("ours"), ceiling: http("ceiling") }
      const note =
        "The service as a process of its own (`pnpm start`, the demo district), loaded by autocannon from the bench's process; it answers once the request is stored and in every read model. Ceiling: a bare `node:http` server parsing the same body and doing one INSERT per request on the same database at the same durability."
      figures.push({ workload, store, unit: "requests/s", metric: "rate", ...both, note })
      for (const [metric, unit] of [
        ["p50Ms", "ms, p50 latency"],
        ["p99Ms", "ms, p99 latency"],
        ["serverCpuMsPerRequest", "ms of server CPU per request"],
      ] as const) {
        figures.push({ workload, store, unit, metric, lowerIsBetter: true, ...both })
      }
    }
  }
  figures.push({
    workload: "HTTP: Open311 POST requests.json, 32 keep-alive clients, three service processes",
    store: "postgres",
    unit: "requests/s",
    metric: "rate",
    ours: job(
      "http",
      "ours",
      "postgres",
      { route: "open311", connections: 32, processes: 3 },
      { seconds: mode.httpSeconds },
    ),
    ceiling: job(
      "http",
      "ceiling",
      "postgres",
      { route: "open311", connections: 32 },
      { seconds: mode.httpSeconds },
    ),
    note: "Three instances of the service on one PostgreSQL schema (docs/operations.md), 11 clients each, one autocannon per instance at the same time; the ceiling is the one bare server. Compare with the one-process figure above.",
  })
  if (!options.emmettSqlite) {
    notMeasured.push({
      workload: "Emmett on SQLite",
      why: options.emmettSqliteMissing ?? "the native sqlite3 binding is not available",
    })
  }
  if (!options.simulator) {
    notMeasured.push({
      workload: "the district simulation for one simulated year",
      why: "the example service's simulator (`pnpm simulate`) does not exist yet",
    })
  }
  return { jobs: [...jobs.values()], figures, seeds: [...seeds.values()], notMeasured }
}

/**
 * The jobs that must be measured side by side: those sharing a figure (gridcase, Emmett and the
 * ceiling of one workload on one store), in plan order.
 */
export const jobGroups = (plan: Plan, jobs: ReadonlyArray<Job>): Array<Array<Job>> => {
  const byId = new Map(jobs.map((job) => [job.id, job]))
  const groupOf = new Map<string, Array<Job>>()
  const groups: Array<Array<Job>> = []
  for (const figure of plan.figures) {
    const members = [figure.ours, figure.emmett, figure.ceiling]
      .filter((id): id is string => id !== undefined)
      .map((id) => byId.get(id))
      .filter((job): job is Job => job !== undefined)
    const existing = members.map((job) => groupOf.get(job.id)).find((group) => group !== undefined)
    const group = existing ?? []
    if (existing === undefined) groups.push(group)
    for (const job of members) {
      if (groupOf.has(job.id)) continue
      group.push(job)
      groupOf.set(job.id, group)
    }
  }
  return groups.filter((group) => group.length > 0)
}
