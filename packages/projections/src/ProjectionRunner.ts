/**
 * TODO ProjectionRunner
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
