import { Effect } from "effect"
import { ReadModelStore } from "../stores/read-model-store.ts"
import { OPEN_CASES, OpenCasesIndex } from "./open-cases.ts"

/** How many open cases a worker holds (工作量): cases currently dispatched to that person. */
export interface Workload {
  readonly personId: string
  readonly openCases: number
}

/**
 * Worker workload, read from the open-cases projection: a case counts for the person it is
 * dispatched to until it is closed, sent back, re-dispatched or moves level.
 */
export const workloadOf = (personId: string) =>
  Effect.gen(function* () {
    const store = yield* ReadModelStore
    const stats = yield* store.stats(OPEN_CASES, OpenCasesIndex.assignee, personId)
    const workload: Workload = { personId, openCases: stats.count }
    return workload
  })

/** Every worker with open cases, busiest first (ties by person id). */
export const workloads = Effect.gen(function* () {
  const store = yield* ReadModelStore
  const groups = yield* store.groups(OPEN_CASES, OpenCasesIndex.assignee)
  return groups
    .map(({ group, count }): Workload => ({ personId: group, openCases: count }))
    .sort((a, b) => b.openCases - a.openCases || (a.personId < b.personId ? -1 : 1))
})
