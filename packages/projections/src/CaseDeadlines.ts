/**
 * TODO CaseDeadlines
 *
 * @module
 */
export {
  CASE_DEADLINES as NAME,
  CaseDeadlinesIndex as Index,
  casesWithoutDeadline,
  dueForEscalation,
  makeCaseDeadlinesProjection as makeProjection,
  type OverdueCase,
  type OverdueGroup,
  overdueBoard,
  upcomingEscalations,
} from "./read-models/case-deadlines.ts"
