/**
 * Open cases (在办案件) per grid, level and category, and each worker's workload.
 *
 * @module
 */
export {
  type GridOpenCases,
  OPEN_CASES as NAME,
  OpenCasesIndex as Index,
  openCaseIds as ids,
  openCasesInGrid as inGrid,
  openCasesPerGrid as perGrid,
  openCasesProjection as projection,
} from "./read-models/open-cases.ts"
export { type Workload, workloadOf, workloads } from "./read-models/workload.ts"
