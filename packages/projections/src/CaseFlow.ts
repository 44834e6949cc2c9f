/**
 * The flow of cases through the office (案件流转): reports and closures per day, and
 * escalations by the level they reached and their reason — for the trend and escalation
 * charts of a command-centre screen (指挥大屏).
 *
 * @module
 */
export {
  CASE_FLOW as NAME,
  type CaseFlowDoc as Doc,
  CaseFlowIndex as Index,
  caseFlowProjection as projection,
  type DayFlow,
  dailyFlow as daily,
  daysBetween,
  type EscalationCount,
  escalationCounts as escalations,
  shanghaiDay,
} from "./read-models/case-flow.ts"
