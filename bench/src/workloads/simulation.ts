import { MemoryEventStore } from "@gridcase/adapters/memory"
import { SqliteEventStore } from "@gridcase/adapters/sqlite"
import type { Job, Metrics } from "../job.ts"
import { numberParam } from "../support/runs.ts"
import { scratchSqliteFile } from "../support/scratch.ts"

const MB = 1024 * 1024

/** Monday 2 March 2026, the first working day the example service's simulator starts on by default. */
const START = Date.parse("2026-03-02T00:00:00+08:00")

/**
 * The example service's district simulation (`pnpm simulate`): Minxin Road street (100 grids,
 * 45 workers, 34,000 residents) driven through the office's real command path — validation,
 * authorization against the territory, the decider, the store, the deadline process every half
 * hour of simulated time — for `days` simulated days. The simulator is the example's own code,
 * imported from its source; on SQLite it runs with synchronous=NORMAL, as its CLI does.
 */
export const simulation = async (job: Job): Promise<Array<Metrics>> => {
  const days = numberParam(job, "days")
  const { simulate } = await import("../../../examples/hotline-service/src/simulation/simulate.ts")
  const { MINXIN_ROAD, minxinRoad } = await import(
    "../../../examples/hotline-service/src/simulation/minxin-road.ts"
  )
  const file = job.store === "sqlite" ? scratchSqliteFile("simulation") : undefined
  try {
    const summary = await simulate({
      district: minxinRoad(MINXIN_ROAD),
      days,
      start: START,
      seed: 7,
      store:
        file === undefined
          ? MemoryEventStore.layer
          : SqliteEventStore.layer({ filename: file.filename, synchronous: "NORMAL" }),
    })
    return [
      {
        rate: summary.commands / summary.wallSeconds,
        seconds: summary.wallSeconds,
        commands: summary.commands,
        cases: summary.cases,
        peakRssMb: (process.resourceUsage().maxRSS * 1024) / MB,
      },
    ]
  } finally {
    file?.remove()
  }
}
