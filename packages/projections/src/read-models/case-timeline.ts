import type { Case, Instant } from "@gridcase/core"
import { Effect } from "effect"
import { defineProjection } from "../projection/projection.ts"
import { ReadModelStore } from "../stores/read-model-store.ts"
import { caseSource } from "./case-fold.ts"

/** The case-timeline read model's name: its documents and checkpoint are kept under it. */
export const CASE_TIMELINE = "case-timeline"

/** One step of a case's life as shown on its timeline (办理过程). */
export interface TimelineEntry {
  /** Global position: orders entries across cases and names the stored event. */
  readonly position: number
  /** When the event was recorded by the store's writer (the command's acceptance time). */
  readonly recordedAt: Instant.Instant
  /** The event itself: its `_tag`, `at` (business time) and `by` say what happened, when and who. */
  readonly event: Case.Event
}

/** One case's timeline: its events in order, as people read them. */
export interface CaseTimeline {
  readonly caseId: string
  readonly entries: ReadonlyArray<TimelineEntry>
}

/**
 * Each case's timeline: every event of the case, oldest first. Unlike the live-case read
 * models this one keeps every case for good, so its size follows history.
 */
export const caseTimelineProjection = defineProjection<Case.Event, CaseTimeline>({
  ...caseSource,
  name: CASE_TIMELINE,
  version: 1,
  handle: (doc, event, recorded) => {
    const entry: TimelineEntry = {
      position: recorded.position,
      recordedAt: recorded.metadata.recordedAt,
      event,
    }
    return { caseId: event.caseId, entries: [...(doc?.entries ?? []), entry] }
  },
})

/** A case's timeline; an unknown case has an empty one. */
export const caseTimeline = (caseId: string) =>
  Effect.gen(function* () {
    const store = yield* ReadModelStore
    const doc = (yield* store.get(CASE_TIMELINE, caseId)) as CaseTimeline | undefined
    return doc ?? { caseId, entries: [] }
  })
