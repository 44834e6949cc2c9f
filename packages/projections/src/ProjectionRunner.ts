/**
 * The projection runner (投影运行器): runs each projection in its own fiber — catching up from
 * its checkpoint with `readAll` pages, then following live appends — commits documents and
 * checkpoint together, retries an unreachable store with backoff, shares projections among
 * processes with leases (租约), and rebuilds one read model while the others run.
 *
 * @module
 */
export {
  makeMemoryProjectionLeases as makeMemoryLeases,
  ProjectionLeases as Leases,
  type ProjectionLeasesShape as LeasesShape,
} from "./runner/leases.ts"
export { DEFAULT_RETRY_POLICY, isTransient, type RetryPolicy, type TransientError } from "./runner/retry.ts"
export {
  type ProjectionRunner,
  type ProjectionRunnerOptions as Options,
  startProjectionRunner as start,
} from "./runner/runner.ts"
export type { ProjectionPhase as Phase, ProjectionStatus as Status } from "./runner/status.ts"
