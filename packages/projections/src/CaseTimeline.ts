/**
 * Each case's timeline (案件时间线): its events, in order, as people read them.
 *
 * @module
 */
export {
  CASE_TIMELINE as NAME,
  type CaseTimeline as Timeline,
  caseTimeline as of,
  caseTimelineProjection as projection,
  type TimelineEntry as Entry,
} from "./read-models/case-timeline.ts"
