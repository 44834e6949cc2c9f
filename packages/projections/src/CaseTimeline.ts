/**
 * TODO CaseTimeline
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
