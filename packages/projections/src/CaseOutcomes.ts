/**
 * TODO CaseOutcomes
 *
 * @module
 */
export {
  CASE_OUTCOMES as NAME,
  type CaseOutcome,
  type CaseOutcomeQueriesConfig as QueriesConfig,
  CaseOutcomesIndex as Index,
  caseOutcomeQueries as queries,
  caseOutcomesProjection as projection,
  type OutcomeScope as Scope,
  type Rate,
  type ResolveTimes,
} from "./read-models/case-outcomes.ts"
