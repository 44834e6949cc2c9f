import type { Case, Level } from "@gridcase/core"
import { Effect } from "effect"
import { defineProjection, type IndexEntry } from "../projection/projection.ts"
import { ReadModelStore } from "../stores/read-model-store.ts"
import { caseSource, foldCase } from "./case-fold.ts"

/** The case index read model's name: its documents and checkpoint are kept under it. */
export const CASE_INDEX = "case-index"

/**
 * The case index's lookups. Each is valued by the time the case was reported, so a lookup
 * comes back oldest first; `actor` is valued by the time the person last acted on it (已办).
 */
export const CaseIndexIndex = {
  all: "all",
  grid: "grid",
  assignee: "assignee",
  reporter: "reporter",
  actor: "actor",
} as const

/** A case as lists show it: its state, the report's own words, and who has acted on it. */
export interface IndexedCase {
  readonly case: Case.OpenedCase
  /** The reporter's description (the state keeps none). */
  readonly description: string
  /** Everyone who issued one of its events, with the time of their last one (已办). */
  readonly actors: Readonly<Record<string, number>>
}

/** How an assignee is named in the `assignee` lookup: `person:<id>`, `department:<id>`, `unit:<unitId>`. */
export const assigneeKey = (assignee: Case.Assignee): string => {
  switch (assignee._tag) {
    case "person":
      return `person:${assignee.personId}`
    case "department":
      return `department:${assignee.departmentId}`
    case "unit":
      return `unit:${assignee.unitId}`
  }
}

const ALL = "all"

const entriesOf = ({ case: c, actors }: IndexedCase): ReadonlyArray<IndexEntry> => {
  const reportedAt = c.steps.whole.startedAt
  return [
    { index: CaseIndexIndex.all, group: ALL, value: reportedAt },
    { index: CaseIndexIndex.grid, group: c.location.gridId, value: reportedAt },
    { index: CaseIndexIndex.reporter, group: c.reportedBy, value: reportedAt },
    ...(c.assignee === undefined
      ? []
      : [{ index: CaseIndexIndex.assignee, group: assigneeKey(c.assignee), value: reportedAt }]),
    ...Object.entries(actors).map(([personId, at]) => ({
      index: CaseIndexIndex.actor,
      group: personId,
      value: at,
    })),
  ]
}

/**
 * Every case, closed ones included, for the office's lists (案件检索, 我的待办/已办): by grid, by
 * assignee, by reporter and by the people who acted on it, each oldest first. Documents hold
 * the case state folded with core's `evolveCase`, so lights and deadlines are worked out from
 * them at query time, as they stand then.
 */
export const caseIndexProjection = defineProjection<Case.Event, IndexedCase>({
  ...caseSource,
  name: CASE_INDEX,
  version: 1,
  handle: (doc, event) => {
    const next = foldCase(doc?.case, event)
    if (next === undefined) return doc
    return {
      case: next,
      description: doc?.description ?? (event._tag === "CaseReported" ? event.description : ""),
      actors: { ...doc?.actors, [event.by]: event.at },
    }
  },
  indexes: entriesOf,
})

/** Where to look: the union of these lookups (a caller's scope), or every case when none is given. */
export interface CaseLookups {
  /** Cases located in these areas (a grid, or any area a case may be located in). */
  readonly gridIds?: ReadonlyArray<string>
  /** Cases dispatched to these (see {@link assigneeKey}). */
  readonly assignees?: ReadonlyArray<string>
  /** Cases these people reported. */
  readonly reporters?: ReadonlyArray<string>
  /** Cases these people acted on. */
  readonly actors?: ReadonlyArray<string>
}

/** What a search keeps, beyond where it looks. Every list is "any of"; a missing or empty one keeps all. */
export interface CaseFilter {
  readonly statuses?: ReadonlyArray<Case.Status>
  readonly levels?: ReadonlyArray<Level.Level>
  readonly categories?: ReadonlyArray<string>
  readonly sources?: ReadonlyArray<string>
  /** Reported at or after. */
  readonly from?: number
  /** Reported at or before. */
  readonly to?: number
  /** Words in the description (case-insensitive). */
  readonly text?: string
  /** Any further test (a light worked out at query time, a scope rule). */
  readonly keep?: (doc: IndexedCase) => boolean
}

/**
 * The cases of the lookups that pass the filter, each once. The union is read through the
 * store's indexes (never a stream), then filtered in memory; an office's cases in scope of one
 * person are thousands at most.
 */
export const findCases = (lookups: CaseLookups | undefined, filter: CaseFilter = {}) =>
  Effect.gen(function* () {
    const store = yield* ReadModelStore
    const keys = new Set<string>()
    const collect = (index: string, groups: ReadonlyArray<string> | undefined) =>
      groups === undefined || groups.length === 0
        ? Effect.void
        : Effect.map(store.members(CASE_INDEX, index, { groups }), (members) => {
            for (const member of members) keys.add(member.key)
          })
    if (lookups === undefined) {
      yield* collect(CaseIndexIndex.all, [ALL])
    } else {
      yield* collect(CaseIndexIndex.grid, lookups.gridIds)
      yield* collect(CaseIndexIndex.assignee, lookups.assignees)
      yield* collect(CaseIndexIndex.reporter, lookups.reporters)
      yield* collect(CaseIndexIndex.actor, lookups.actors)
    }
    const docs = yield* store.load(CASE_INDEX, [...keys])
    const text = filter.text?.toLowerCase()
    const found: Array<IndexedCase> = []
    for (const stored of docs.values()) {
      const doc = stored.doc as IndexedCase
      const c = doc.case
      const reportedAt = c.steps.whole.startedAt
      if (filter.statuses?.length && !filter.statuses.includes(c.status)) continue
      if (filter.levels?.length && !filter.levels.includes(c.level)) continue
      if (filter.categories?.length && !filter.categories.includes(c.category)) continue
      if (filter.sources?.length && !filter.sources.includes(c.source)) continue
      if (filter.from !== undefined && reportedAt < filter.from) continue
      if (filter.to !== undefined && reportedAt > filter.to) continue
      if (text !== undefined && text !== "" && !doc.description.toLowerCase().includes(text)) continue
      if (filter.keep !== undefined && !filter.keep(doc)) continue
      found.push(doc)
    }
    return found
  })

/** One case of the index, or undefined. */
export const indexedCase = (caseId: string) =>
  Effect.gen(function* () {
    const store = yield* ReadModelStore
    return (yield* store.get(CASE_INDEX, caseId)) as IndexedCase | undefined
  })
