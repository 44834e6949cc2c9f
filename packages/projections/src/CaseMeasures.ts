/**
 * The measures the people running the loop look at (综合评价, docs/domain.md#measures): returns
 * (退回) and cases sent back and forth (推诿), rework (返工 / 重办), wrong dispatches (误派), supervision
 * notices (督办) and reminders (催办), and the
 * on-time rate of each step — per grid, per functional department, per worker and per unit.
 *
 * @module
 */
export {
  ASSIGNEE_STEPS,
  CASE_MEASURES as NAME,
  type CaseMeasuresDoc as Doc,
  CaseMeasuresIndex as Index,
  LEAVES_STEP,
  MEASURED_BY,
  type MeasuredBy,
  makeCaseMeasuresProjection as makeProjection,
  measuresBy as by,
  measureTotals as totals,
  type PartyMeasures,
  partyOf,
  type StepOnTime,
} from "./read-models/case-measures.ts"
