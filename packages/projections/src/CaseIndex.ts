/**
 * Every case for the office's lists — case search (案件检索) and each person's work (我的待办 /
 * 已办) — looked up by grid, assignee, reporter or the people who acted on it.
 *
 * @module
 */
export {
  assigneeKey,
  CASE_INDEX as NAME,
  type CaseFilter as Filter,
  CaseIndexIndex as Index,
  type CaseLookups as Lookups,
  caseIndexProjection as projection,
  findCases as find,
  type IndexedCase as Entry,
  indexedCase as one,
} from "./read-models/case-index.ts"
