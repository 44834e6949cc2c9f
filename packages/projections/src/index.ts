/**
 * @gridcase/projections — the projection runner (投影) and the read models (读模型) grid
 * offices look at: open cases, worker workload, the overdue board and escalation queue, case
 * timelines, the performance measures of docs/domain.md#measures, care-visit compliance and the moral bank's
 * points balances and leaderboards.
 */
export * from "./errors.ts"
export * from "./leases.ts"
export * from "./memory-inline.ts"
export * from "./memory-read-model-store.ts"
export * from "./projection.ts"
export * from "./projector.ts"
export * from "./read-model-store.ts"
export * from "./read-models/area-scope.ts"
export * from "./read-models/care-compliance.ts"
export * from "./read-models/case-deadlines.ts"
export * from "./read-models/case-outcomes.ts"
export * from "./read-models/case-timeline.ts"
export * from "./read-models/open-cases.ts"
export * from "./read-models/points-balances.ts"
export * from "./read-models/residents.ts"
export * from "./read-models/worker-workload.ts"
export { DEFAULT_RETRY_POLICY, isTransient, type RetryPolicy, type TransientError } from "./retry.ts"
export * from "./runner.ts"
export type * from "./status.ts"
