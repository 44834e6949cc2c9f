/**
 * Deadlines (时限): the overdue board, the escalation queue (cases due to escalate, soonest
 * first) and the cases whose deadline the calendar cannot compute.
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
