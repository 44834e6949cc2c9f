import type { Metrics, StoreKind } from "../job.ts"
import type { Figure } from "../plan.ts"
import type { Machine } from "../support/machine.ts"

/** What one child run of a job produced, or why it failed. */
export type JobResult =
  | { readonly ok: true; readonly runs: ReadonlyArray<Metrics> }
  | { readonly ok: false; readonly error: string }

/** A figure over repeated runs: its median and its range. */
export interface Spread {
  readonly median: number
  readonly min: number
  readonly max: number
  readonly samples: ReadonlyArray<number>
}

export interface Failed {
  readonly failed: string
}

export type Measured = Spread | Failed

export const isSpread = (measured: Measured | undefined): measured is Spread =>
  measured !== undefined && "median" in measured

/** One record of results.json: one figure, gridcase's and, where shared, Emmett's and the ceiling's. */
export interface ResultRecord {
  readonly workload: string
  readonly store: StoreKind
  readonly unit: string
  /** Absent (so higher is better) for rates; true for latency, time and memory. */
  readonly lowerIsBetter?: true
  readonly ours: Measured
  readonly emmett?: Measured
  readonly ceiling?: Measured
  readonly runs: number
  readonly machine: Machine
  readonly date: string
  readonly note?: string
}

const median = (sorted: ReadonlyArray<number>) => {
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

export const spreadOf = (samples: ReadonlyArray<number>): Spread => {
  const sorted = [...samples].sort((a, b) => a - b)
  return { median: median(sorted), min: sorted[0]!, max: sorted.at(-1)!, samples }
}

const measuredOf = (result: JobResult | undefined, metric: string): Measured => {
  if (result === undefined) return { failed: "not run" }
  if (!result.ok) return { failed: result.error }
  const samples = result.runs
    .map((run) => run[metric])
    .filter((value): value is number => value !== undefined)
  return samples.length === 0 ? { failed: `no ${metric} measured` } : spreadOf(samples)
}

/** Turns the plan's figures and the jobs' results into results.json records. */
export const toRecords = (
  figures: ReadonlyArray<Figure>,
  results: ReadonlyMap<string, JobResult>,
  machine: Machine,
  date: string,
): Array<ResultRecord> =>
  figures.map((figure) => {
    const ours = measuredOf(results.get(figure.ours), figure.metric)
    return {
      workload: figure.workload,
      store: figure.store,
      unit: figure.unit,
      ...(figure.lowerIsBetter === true ? { lowerIsBetter: true as const } : {}),
      ours,
      ...(figure.emmett === undefined
        ? {}
        : { emmett: measuredOf(results.get(figure.emmett), figure.metric) }),
      ...(figure.ceiling === undefined
        ? {}
        : { ceiling: measuredOf(results.get(figure.ceiling), figure.metric) }),
      runs: isSpread(ours) ? ours.samples.length : 0,
      machine,
      date,
      ...(figure.note === undefined ? {} : { note: figure.note }),
    }
  })

/**
 * "Times better" of ours against another figure, on medians: ours ÷ other for rates, other ÷
 * ours for latency, time and memory. Undefined when either side was not measured.
 */
export const advantage = (record: ResultRecord, other: Measured | undefined): number | undefined => {
  if (!isSpread(record.ours) || !isSpread(other)) return undefined
  return record.lowerIsBetter === true ? other.median / record.ours.median : record.ours.median / other.median
}
