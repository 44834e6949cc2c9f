import { Intake } from "@gridcase/core"
import { Effect } from "effect"
import { defineProjection, type IndexEntry } from "../projection/projection.ts"
import { ReadModelStore } from "../stores/read-model-store.ts"

/** The unplaced-reports read model's name: its documents and checkpoint are kept under it. */
export const UNPLACED_REPORTS = "unplaced-reports"

/** The index entries of the unplaced-reports read model, by which its queries find reports. */
export const UnplacedReportsIndex = {
  /** Every waiting report, by the area whose queue it waits in, valued by its time of receipt. */
  area: "area",
} as const

/** A report waiting for its location (待定位), as it was received. */
export type UnplacedReport = Intake.ReceivedReport

/**
 * The queue of reports the office could not place (待定位): each one from its receipt until a
 * dispatcher locates it, when it leaves the queue (its case is then in the case read models,
 * under the same id). Dispatchers list the queues of the areas their roles cover.
 */
export const unplacedReportsProjection = defineProjection<Intake.Event, UnplacedReport>({
  name: UNPLACED_REPORTS,
  version: 1,
  codec: Intake.eventCodec,
  streamPrefix: Intake.STREAM_PREFIX,
  keyOf: (event) => event.reportId,
  handle: (doc, event) => {
    const next = Intake.evolve(doc ?? Intake.initialState, event)
    return next.exists && next.located === undefined ? next : undefined
  },
  indexes: (report): ReadonlyArray<IndexEntry> => [
    { index: UnplacedReportsIndex.area, group: report.areaId, value: report.at },
  ],
})

/** One waiting report, or undefined (never received, or located already). */
export const unplacedReport = (reportId: string) =>
  Effect.gen(function* () {
    const store = yield* ReadModelStore
    return (yield* store.get(UNPLACED_REPORTS, reportId)) as UnplacedReport | undefined
  })

/** The reports waiting in the queues of these areas, oldest first (first come, first located). */
export const unplacedReportsIn = (areaIds: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    if (areaIds.length === 0) return []
    const store = yield* ReadModelStore
    const members = yield* store.members(UNPLACED_REPORTS, UnplacedReportsIndex.area, { groups: areaIds })
    const docs = yield* store.load(
      UNPLACED_REPORTS,
      members.map((member) => member.key),
    )
    return members.flatMap((member) => {
      const doc = docs.get(member.key)?.doc as UnplacedReport | undefined
      return doc === undefined ? [] : [doc]
    })
  })
