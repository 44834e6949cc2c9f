/**
 * `pnpm bench` — throughput, latency and memory of gridcase, side by side with Emmett 0.42 and
 * with the bare drivers, written to bench/RESULTS.md and bench/results.json.
 *
 *   pnpm bench                 the full run (about 20 minutes on 2 cores), rewrites the committed results
 *   pnpm bench --quick         a pass of about a minute; writes bench/.data/quick/
 *   pnpm bench --only TEXT     only the jobs whose id contains TEXT; writes bench/.data/only/
 *   pnpm bench --profile       also write a CPU profile per child (bench/.data/profiles/); see profile-summary.ts
 *   pnpm bench --render        rewrite RESULTS.md from the last full run's figures and the current findings.md
 *
 * Every job runs in a child process of its own (child.ts); histories read by several jobs are
 * seeded once, in children too (seed-history.ts), and cached under bench/.data.
 */
import { spawn, spawnSync } from "node:child_process"
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import pg from "pg"
import { type Job, type JobOutput, type Metrics, RESULT_PREFIX } from "./job.ts"
import { buildPlan, FULL, jobGroups, QUICK, type Seed } from "./plan.ts"
import { type ReportInput, renderMarkdown } from "./report/markdown.ts"
import { type JobResult, toRecords } from "./report/records.ts"
import { judgeTargets } from "./report/targets.ts"
import { describeMachine, loadAverage } from "./support/machine.ts"
import { ensureSqlite3 } from "./support/native-sqlite3.ts"
import { DATA_DIR, PG_URL } from "./support/scratch.ts"

const SOURCE = dirname(fileURLToPath(import.meta.url))
const BENCH = dirname(SOURCE)
const ROOT = dirname(BENCH)
const JOB_TIMEOUT_MS = 15 * 60_000

const { values: flags } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    profile: { type: "boolean", default: false },
    render: { type: "boolean", default: false },
  },
})
const mode = flags.quick ? QUICK : FULL
const log = (line: string) => process.stderr.write(`${line}\n`)

/** Runs a script of this folder in a child Node with the source condition; resolves with its stdout, or rejects with the tail of its stderr. */
const runChild = (script: string, args: ReadonlyArray<string>, profileDir?: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const profiling = profileDir === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${profileDir}`]
    // --expose-gc: the rebuilds measure the heap they retain after a full collection.
    const node = ["--conditions=@gridcase/source", "--expose-gc", ...profiling]
    const child = spawn(process.execPath, [...node, join(SOURCE, script), ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString()
    })
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    const timer = setTimeout(() => child.kill("SIGKILL"), JOB_TIMEOUT_MS)
    child.on("close", (code, signal) => {
      clearTimeout(timer)
      if (code === 0) return resolve(stdout)
      const reason =
        stderr
          .split("\n")
          .map((line) => line.trim())
          .filter((line) => /error|Error|ERR/.test(line) && !line.startsWith("at "))[0] ??
        `exit ${code ?? signal}`
      reject(new Error(reason))
    })
  })

/** One child for the job: its warm-up and its `job.runs` timed runs. */
const runChildJob = async (job: Job): Promise<ReadonlyArray<Metrics>> => {
  const profileDir = flags.profile
    ? join(DATA_DIR, "profiles", job.id.replace(/[^a-z0-9=-]+/gi, "_"))
    : undefined
  const stdout = await runChild("child.ts", [JSON.stringify(job)], profileDir)
  const line = stdout.split("\n").find((entry) => entry.startsWith(RESULT_PREFIX))
  if (line === undefined) throw new Error("the child printed no result")
  return (JSON.parse(line.slice(RESULT_PREFIX.length)) as JobOutput).runs
}

const describe = (runs: ReadonlyArray<Metrics>) =>
  runs.map((run) => Math.round(run.rate ?? run.seconds ?? 0).toLocaleString("en-US")).join(" / ")

/**
 * Runs a group of jobs measured side by side. Interleaved: round after round, one child per job
 * and run. Otherwise: each job in one child (a `fresh` job in one child per run), one job after
 * the other. A job that fails is not run again; its result says why.
 */
const runGroup = async (group: ReadonlyArray<Job>, interleave: boolean, results: Map<string, JobResult>) => {
  const collected = new Map<string, Array<Metrics>>(group.map((job) => [job.id, []]))
  const failed = new Map<string, string>()
  const attempt = async (job: Job, runs: number) => {
    if (failed.has(job.id)) return
    try {
      const measured = await runChildJob({ ...job, runs })
      collected.get(job.id)!.push(...measured)
      log(`  ${job.id}: ${describe(measured)}`)
    } catch (error) {
      failed.set(job.id, (error as Error).message)
      log(`  ${job.id}: FAILED: ${(error as Error).message}`)
    }
  }
  if (interleave) {
    const rounds = Math.max(...group.map((job) => job.runs))
    for (let round = 0; round < rounds; round++) {
      for (const job of group) if (round < job.runs) await attempt(job, 1)
    }
  } else {
    for (const job of group) {
      if (job.fresh === true) for (let run = 0; run < job.runs; run++) await attempt(job, 1)
      else await attempt(job, job.runs)
    }
  }
  for (const job of group) {
    const error = failed.get(job.id)
    results.set(
      job.id,
      error === undefined ? { ok: true, runs: collected.get(job.id)! } : { ok: false, error },
    )
  }
}

/** Seeds a history file unless a finished one is cached; a seed is written under a temporary name and renamed when complete. */
const ensureSeeded = async (seed: Seed) => {
  if (existsSync(seed.file)) return
  mkdirSync(DATA_DIR, { recursive: true })
  const partial = `${seed.file}.partial`
  const remove = (base: string) => {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${base}${suffix}`, { force: true })
  }
  remove(partial)
  log(
    `seeding ${seed.events.toLocaleString("en-US")} events through ${seed.impl === "ours" ? "gridcase" : "Emmett"}…`,
  )
  await runChild("seed-history.ts", [seed.impl, String(seed.events), partial])
  renameSync(partial, seed.file)
  for (const suffix of ["-wal", "-shm", "-journal"]) rmSync(`${partial}${suffix}`, { force: true })
}

/** Scratch databases and service folders a crashed child could not remove (names made by `scratchSqliteFile` and the HTTP workload). */
const removeStaleScratchFiles = () => {
  if (!existsSync(DATA_DIR)) return
  for (const name of readdirSync(DATA_DIR)) {
    if (/^[a-z-]+-\d+_[0-9a-f]{8}(\.db(-wal|-shm|-journal)?)?$/.test(name))
      rmSync(join(DATA_DIR, name), { force: true, recursive: true })
  }
}

/** Schemas a crashed child could not drop (Emmett's SQLite store can crash a child outright). */
const dropStaleSchemas = async () => {
  const client = new pg.Client({ connectionString: PG_URL })
  try {
    await client.connect()
    const { rows } = await client.query<{ nspname: string }>(
      "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'bench\\_%'",
    )
    for (const { nspname } of rows) await client.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`)
  } catch {
    // PostgreSQL unreachable: its jobs will fail and say so
  } finally {
    await client.end().catch(() => {})
  }
}

const simulatorExists = () => {
  const scripts = (
    JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts?: Record<string, string> }
  ).scripts
  return scripts?.simulate !== undefined
}

/** The last full run's report, without the findings: what `--render` rewrites RESULTS.md from. */
const LAST_FULL_REPORT = join(DATA_DIR, "last-full-report.json")
const findingsFile = join(BENCH, "findings.md")
/**
 * Lays RESULTS.md out the way the repository's formatter (biome, which formats Markdown too)
 * would, so that `pnpm lint` passes on a freshly generated file. Skipped if biome is not installed.
 */
const formatMarkdown = (file: string) => {
  const biome = join(ROOT, "node_modules", ".bin", "biome")
  if (existsSync(biome)) spawnSync(biome, ["format", "--write", file], { cwd: ROOT, stdio: "ignore" })
}

const currentFindings = () =>
  existsSync(findingsFile) ? readFileSync(findingsFile, "utf8") : "No profiling findings yet."

if (flags.render) {
  if (!existsSync(LAST_FULL_REPORT))
    throw new Error("no full run on this machine yet: run `pnpm bench` first")
  const input = JSON.parse(readFileSync(LAST_FULL_REPORT, "utf8")) as Omit<ReportInput, "findings">
  writeFileSync(join(BENCH, "RESULTS.md"), renderMarkdown({ ...input, findings: currentFindings() }))
  formatMarkdown(join(BENCH, "RESULTS.md"))
  log(`rewrote ${join(BENCH, "RESULTS.md")} with the current findings.md`)
  process.exit(0)
}

const started = Date.now()
const loadBefore = loadAverage()
const emmettSqliteMissing = ensureSqlite3(log)
if (emmettSqliteMissing !== undefined) log(`Emmett's SQLite store is left out: ${emmettSqliteMissing}`)
const plan = buildPlan(mode, {
  emmettSqlite: emmettSqliteMissing === undefined,
  ...(emmettSqliteMissing === undefined ? {} : { emmettSqliteMissing }),
  simulator: simulatorExists(),
})
const jobs = flags.only === undefined ? plan.jobs : plan.jobs.filter((job) => job.id.includes(flags.only!))
const machine = await describeMachine()
await dropStaleSchemas()
removeStaleScratchFiles()
for (const seed of plan.seeds) {
  if (jobs.some((job) => job.params.file === seed.file)) await ensureSeeded(seed)
}

const results = new Map<string, JobResult>()
const groups = jobGroups(plan, jobs)
for (const [index, group] of groups.entries()) {
  log(`[${index + 1}/${groups.length}] ${group.map((job) => job.id).join(" | ")}`)
  await runGroup(group, mode.interleave, results)
}
await dropStaleSchemas()
removeStaleScratchFiles()

const date = new Date().toISOString()
const figures = plan.figures.filter((figure) =>
  [figure.ours, figure.emmett, figure.ceiling].some((id) => id !== undefined && results.has(id)),
)
const records = toRecords(figures, results, machine, date)
const absorbedErrors = [...results.entries()]
  .filter(([id, result]) => id.includes("emmett sqlite") && result.ok)
  .map(([id, result]) => ({
    id,
    errors: result.ok ? result.runs.reduce((sum, run) => sum + (run.sqliteErrors ?? 0), 0) : 0,
  }))
  .filter((entry) => entry.errors > 0)
const notes = [
  "Emmett's SQLite store opens a new sqlite3 connection per operation and starts its transaction without waiting for the connection's `PRAGMA journal_mode = WAL`: now and then, even with one caller, an operation fails with SQLITE_BUSY (“cannot commit transaction - SQL statements in progress”) or the PRAGMA fails in an error event nobody listens to, which ends the process. With one caller the bench retries such an operation (up to 10 times) and ignores the stray PRAGMA error, which can only flatter Emmett. With several concurrent callers its operations fail with `SQLITE_BUSY: database is locked` (it sets no busy timeout) through that same uncatchable route: those figures read “failed”.",
  ...absorbedErrors.map((entry) => `Emmett SQLite errors absorbed in \`${entry.id}\`: ${entry.errors}.`),
  "Emmett is driven as its docs show: `DeciderCommandHandler` for commands, `appendToStream` with the expected stream version, `aggregateStream`, `readMessagesBatch` for reading all events (what its consumers pull with), its SQLite consumer for the rebuild. Both sides run the same `decideCase`/`evolveCase`; gridcase also validates each command with its schema (`send`) and decodes each stored event with the case codec, which Emmett does not do.",
]
const report: Omit<ReportInput, "findings"> = {
  mode: mode.name,
  date,
  durationMinutes: (Date.now() - started) / 60_000,
  machine,
  loadBefore,
  loadAfter: loadAverage(),
  records,
  targets: judgeTargets(records),
  notes,
  notMeasured: plan.notMeasured,
}
const markdown = renderMarkdown({ ...report, findings: currentFindings() })
const committed = mode.name === "full" && flags.only === undefined
if (committed) writeFileSync(LAST_FULL_REPORT, JSON.stringify(report))
const target = committed ? BENCH : join(DATA_DIR, flags.only === undefined ? mode.name : "only")
mkdirSync(target, { recursive: true })
writeFileSync(join(target, "RESULTS.md"), markdown)
formatMarkdown(join(target, "RESULTS.md"))
writeFileSync(join(target, "results.json"), `${JSON.stringify(records, null, 2)}\n`)
log(
  `wrote ${join(target, "RESULTS.md")} and results.json (${((Date.now() - started) / 60_000).toFixed(1)} min)`,
)
