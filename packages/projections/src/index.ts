/**
 * @gridcase/projections — the projection runner (投影) and the read models (读模型) grid
 * offices look at: open cases, worker workload, the overdue board and escalation queue, case
 * timelines and the performance measures of DOMAIN §7.
 */
export * from "./errors.ts"
export * from "./leases.ts"
export * from "./memory-read-model-store.ts"
export * from "./projection.ts"
export * from "./projector.ts"
export * from "./read-model-store.ts"
export * from "./read-models/case-deadlines.ts"
export * from "./read-models/case-outcomes.ts"
export * from "./read-models/case-timeline.ts"
export * from "./read-models/open-cases.ts"
export * from "./read-models/worker-workload.ts"
export * from "./runner.ts"
export type * from "./status.ts"
