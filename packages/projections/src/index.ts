/**
 * @gridcase/projections — read models (读模型) folded from the event log, and the runner that
 * keeps them. One namespace per concept, in three groups:
 *
 * - **Projections and their runner**: `Projection.define` (a keyed fold with index entries),
 *   `ProjectionRunner.start` (catch up, then follow live; leases, retries, rebuilds);
 * - **The read models grid offices look at** (docs/domain.md#measures): `OpenCases`,
 *   `CaseDeadlines`, `CaseLights` (overdue as the traffic lights show it), `CaseOutcomes`,
 *   `CaseFlow` (reports, closures and escalations over time), `CaseMeasures` (returns, rework,
 *   wrong dispatches and on-time steps per grid, department and worker), `CaseTimeline`, `Residents`, `PointsBalances`,
 *   `UnplacedReports` (the dispatchers' queue of reports no grid matched), `CaseIndex` (every case,
 *   for the office's lists);
 * - **Where read models live**: `ReadModelStore` (the port, and the in-memory store); SQLite and
 *   PostgreSQL stores are `@gridcase/projections/sqlite` and `@gridcase/projections/postgres`.
 *
 * @module
 */

// The read models
export * as CaseDeadlines from "./CaseDeadlines.ts"
export * as CaseFlow from "./CaseFlow.ts"
export * as CaseIndex from "./CaseIndex.ts"
export * as CaseLights from "./CaseLights.ts"
export * as CaseMeasures from "./CaseMeasures.ts"
export * as CaseOutcomes from "./CaseOutcomes.ts"
export * as CaseTimeline from "./CaseTimeline.ts"
export * as OpenCases from "./OpenCases.ts"
export * as PointsBalances from "./PointsBalances.ts"
// Projections and their runner
export * as Projection from "./Projection.ts"
export * as ProjectionRunner from "./ProjectionRunner.ts"
// Where read models live
export * as ReadModelStore from "./ReadModelStore.ts"
export * as Residents from "./Residents.ts"
export * as UnplacedReports from "./UnplacedReports.ts"
