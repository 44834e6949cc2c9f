/**
 * How cases end, and the measures grid offices are judged by (综合评价,
 * docs/domain.md#measures): self-resolution, time to resolve (mean, p90), reopen and satisfaction
 * rates, hotline diversion.
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
