import { Case, Level } from "@gridcase/core"
import { Effect } from "effect"
import { defineProjection, groupKey, groupParts, type IndexEntry } from "../projection/projection.ts"
import { ReadModelStore } from "../stores/read-model-store.ts"
import { caseSource, foldCase } from "./case-fold.ts"

/** The open-cases read model's name: its documents and checkpoint are kept under it. */
export const OPEN_CASES = "open-cases"

/** The indexes of the open-cases read model; worker workload reads `assignee`. */
export const OpenCasesIndex = {
  grid: "grid",
  gridLevel: "gridLevel",
  gridCategory: "gridCategory",
  assignee: "assignee",
} as const

const openCaseEntries = (c: Case.OpenedCase): ReadonlyArray<IndexEntry> => {
  if (Case.isTerminal(c.status)) return []
  const { gridId } = c.location
  const entries: Array<IndexEntry> = [
    { index: OpenCasesIndex.grid, group: gridId, value: 1 },
    { index: OpenCasesIndex.gridLevel, group: groupKey(gridId, c.level), value: 1 },
    { index: OpenCasesIndex.gridCategory, group: groupKey(gridId, c.category), value: 1 },
  ]
  if (c.assignee?._tag === "person") {
    entries.push({ index: OpenCasesIndex.assignee, group: c.assignee.personId, value: 1 })
  }
  return entries
}

/**
 * Open cases (在办案件): every case not yet closed, rejected, voided or merged, by grid, by
 * owner level and by category, and by the person it is dispatched to. A case counts in the
 * grid of its location. Documents hold the case state while it can still change.
 */
export const openCasesProjection = defineProjection<Case.Event, Case.OpenedCase>({
  ...caseSource,
  name: OPEN_CASES,
  version: 1,
  handle: (doc, event) => {
    const next = foldCase(doc, event)
    return next === undefined || Case.isSettled(next) ? undefined : next
  },
  indexes: openCaseEntries,
})

/** Open cases of one grid, in total and broken down by owner level and by category. */
export interface GridOpenCases {
  readonly gridId: string
  readonly total: number
  readonly byLevel: Readonly<Record<Level.Level, number>>
  /** Only the categories with open cases. */
  readonly byCategory: Readonly<Record<string, number>>
}

const countsByLast = (groups: ReadonlyArray<{ readonly group: string; readonly count: number }>) =>
  Object.fromEntries(groups.map(({ group, count }) => [groupParts(group).at(-1)!, count]))

/** The open cases of one grid (zeros for a grid without any). */
export const openCasesInGrid = (gridId: string) =>
  Effect.gen(function* () {
    const store = yield* ReadModelStore
    const total = yield* store.stats(OPEN_CASES, OpenCasesIndex.grid, gridId)
    const levels = countsByLast(yield* store.groups(OPEN_CASES, OpenCasesIndex.gridLevel, gridId))
    const byLevel = Object.fromEntries(Level.LEVELS.map((level) => [level, levels[level] ?? 0])) as Record<
      Level.Level,
      number
    >
    const byCategory = countsByLast(yield* store.groups(OPEN_CASES, OpenCasesIndex.gridCategory, gridId))
    const result: GridOpenCases = { gridId, total: total.count, byLevel, byCategory }
    return result
  })

/** Every grid with open cases and how many, by grid id. */
export const openCasesPerGrid = Effect.gen(function* () {
  const store = yield* ReadModelStore
  const groups = yield* store.groups(OPEN_CASES, OpenCasesIndex.grid)
  return groups.map(({ group, count }) => ({ gridId: group, openCases: count }))
})

/** Which cases are open in a grid, optionally only at one level or of one category (sorted by id). */
export const openCaseIds = (filter: {
  readonly gridId: string
  readonly level?: Level.Level
  readonly category?: string
}) =>
  Effect.gen(function* () {
    const store = yield* ReadModelStore
    const members =
      filter.level !== undefined
        ? yield* store.members(OPEN_CASES, OpenCasesIndex.gridLevel, {
            group: groupKey(filter.gridId, filter.level),
          })
        : filter.category !== undefined
          ? yield* store.members(OPEN_CASES, OpenCasesIndex.gridCategory, {
              group: groupKey(filter.gridId, filter.category),
            })
          : yield* store.members(OPEN_CASES, OpenCasesIndex.grid, { group: filter.gridId })
    const ids = members.map((member) => member.key)
    if (filter.level === undefined || filter.category === undefined) return ids.sort()
    const docs = yield* store.load(OPEN_CASES, ids)
    return ids
      .filter((id) => (docs.get(id)?.doc as Case.OpenedCase | undefined)?.category === filter.category)
      .sort()
  })
