/**
 * Runs one measurement job in this process and prints its result as the last line of stdout.
 * The orchestrator (main.ts) starts one child per job, so that jobs never share a heap, a JIT
 * or a connection pool, and a child's peak RSS is its job's own.
 */
import { type Job, type JobOutput, RESULT_PREFIX } from "./job.ts"
import { absorbStraySqliteErrors } from "./subjects/emmett.ts"
import { appendEvents } from "./workloads/append.ts"
import { commandHandling } from "./workloads/command-handling.ts"
import { decideEvolve } from "./workloads/decide-evolve.ts"
import { http } from "./workloads/http.ts"
import { readAll } from "./workloads/read-all.ts"
import { rebuild } from "./workloads/rebuild.ts"
import { rehydrate } from "./workloads/rehydrate.ts"
import { simulation } from "./workloads/simulation.ts"

const workloads = {
  "decide-evolve": decideEvolve,
  rehydrate,
  "command-handling": commandHandling,
  append: appendEvents,
  "read-all": readAll,
  rebuild,
  simulation,
  http,
} as const

const job = JSON.parse(process.argv[2] ?? "") as Job
if (job.impl === "emmett" && job.store === "sqlite" && (job.params.callers ?? 1) === 1)
  absorbStraySqliteErrors()
const runs = await workloads[job.workload](job)
const output: JobOutput = { runs }
process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(output)}\n`)
// Pools and timers some libraries leave behind must not keep a finished child alive.
process.exit(0)
