import type { ProjectionError } from "../projection/errors.ts"

/**
 * Where a projection's run is: reading history (追赶), following live appends (实时), waiting
 * while another process holds its lease (待命), waiting to try again after a store was
 * unreachable (重试), stopped on request, or stopped by an error (the others keep running).
 */
export type ProjectionPhase = "catchingUp" | "live" | "standby" | "retrying" | "stopped" | "failed"

/** A projection's progress, published after every committed batch and every failed try. */
export interface ProjectionStatus {
  readonly projection: string
  readonly phase: ProjectionPhase
  /** The checkpoint: every event up to this position is reflected in the read model. */
  readonly position: number
  /** The store's last position when known (the runner's `headPosition` option), for "position / head". */
  readonly head: number | undefined
  /** Events folded since this run (start or rebuild) began. */
  readonly processed: number
  /** `processed` over the time since the run began; 0 before the first batch. */
  readonly eventsPerSecond: number
  /**
   * How many tries in a row have failed with a transient store error: 0 while all is well;
   * while the projection waits ("retrying") and tries again, the failed tries so far, back to
   * 0 once a try commits a batch or reaches the live phase; kept when the projection then
   * fails (for instance once the runner's `retry.maxAttempts` is reached).
   */
  readonly attempts: number
  /**
   * Why the projection stopped, when `phase` is "failed"; the store error it is waiting out,
   * when `phase` is "retrying".
   */
  readonly error: ProjectionError | undefined
}
