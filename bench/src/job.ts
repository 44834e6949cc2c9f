/** Where events live in a measurement. `none` is for pure in-process work (decide + evolve). */
export type StoreKind = "none" | "memory" | "sqlite" | "postgres"

/** Whose code runs: gridcase, Emmett 0.42, or the bare driver (the ceiling). */
export type Impl = "ours" | "emmett" | "ceiling"

export type WorkloadName =
  | "decide-evolve"
  | "rehydrate"
  | "command-handling"
  | "append"
  | "read-all"
  | "rebuild"
  | "simulation"
  | "http"

/**
 * One measurement, run in a child process of its own: which code, on which store, with which
 * parameters, how many timed runs of how long. A job with `fresh` is run once per child, so
 * that each run starts from an empty heap and its peak RSS belongs to it alone.
 */
export interface Job {
  readonly id: string
  readonly workload: WorkloadName
  readonly impl: Impl
  readonly store: StoreKind
  readonly params: Readonly<Record<string, number | string>>
  readonly runs: number
  /** Length of one timed run (time-boxed workloads); ignored by the fixed-size ones. */
  readonly seconds: number
  readonly fresh?: boolean
}

/** What one timed run measured: named figures, e.g. `{ rate: 12345, p50Ms: 0.4, p99Ms: 2.1 }`. */
export type Metrics = Readonly<Record<string, number>>

/** What a child prints on its last line, after `RESULT `. */
export interface JobOutput {
  readonly runs: ReadonlyArray<Metrics>
}

export const RESULT_PREFIX = "RESULT "
