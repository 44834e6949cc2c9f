import type { ProjectionError } from "./errors.ts"

/**
 * Where a projection's run is: reading history (追赶), following live appends (实时), waiting
 * while another process holds its lease (待命), stopped on request, or stopped by an error
 * (the others keep running).
 */
export type ProjectionPhase = "catchingUp" | "live" | "standby" | "stopped" | "failed"

/** A projection's progress, published after every committed batch. */
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
  /** Why the projection stopped, when `phase` is "failed". */
  readonly error: ProjectionError | undefined
}
