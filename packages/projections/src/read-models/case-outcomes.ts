import { type Case, Level } from "@gridcase/core"
import { Effect } from "effect"
import { defineProjection, groupKey, groupParts, type IndexEntry } from "../projection/projection.ts"
import { type GroupStats, type IndexMember, ReadModelStore } from "../stores/read-model-store.ts"
import type { AreaScope } from "./area-scope.ts"
import { caseSource, foldCase } from "./case-fold.ts"
import { nearestRankPercentile } from "./percentile.ts"
import { withinTest } from "./within.ts"

/** The case-outcomes read model's name: its documents and checkpoint are kept under it. */
export const CASE_OUTCOMES = "case-outcomes"

/** The index entries of the case-outcomes read model, by which its queries find cases. */
export const CaseOutcomesIndex = {
  /** Closed cases by grid; value 1 when closed at grid level or below. */
  selfResolved: "selfResolved",
  /** Closed cases by grid; value 1 when reopened at least once. */
  reopened: "reopened",
  /** Closed cases with a verdict by grid; value 1 when satisfied or basically satisfied. */
  satisfied: "satisfied",
  /** Cases whose 12345 outcome was reported, by grid; value 1 when solved by the grid. */
  hotline: "hotline",
  /** Closed cases by (grid, category); value: report-to-close time in ms. */
  resolveTime: "resolveTime",
  /** The same values by category alone, for city-wide figures per category. */
  resolveTimeByCategory: "resolveTimeByCategory",
} as const

/** A case as the performance measures see it: its state and what it told the hotline. */
export interface CaseOutcome {
  readonly case: Case.OpenedCase
  /** 12345 答复: whether the grid solved it, once the outcome was reported back. */
  readonly hotlineSolvedByGrid?: boolean
}

const GRID_RANK = Level.rank("grid")

const outcomeEntries = ({ case: c, hotlineSolvedByGrid }: CaseOutcome): ReadonlyArray<IndexEntry> => {
  const grid = c.location.gridId
  const entries: Array<IndexEntry> = []
  if (hotlineSolvedByGrid !== undefined) {
    entries.push({ index: CaseOutcomesIndex.hotline, group: grid, value: hotlineSolvedByGrid ? 1 : 0 })
  }
  if (c.status !== "closed") return entries
  entries.push(
    { index: CaseOutcomesIndex.selfResolved, group: grid, value: Level.rank(c.level) <= GRID_RANK ? 1 : 0 },
    { index: CaseOutcomesIndex.reopened, group: grid, value: c.reopens > 0 ? 1 : 0 },
  )
  if (c.satisfaction !== undefined && c.satisfaction !== "notReached") {
    const pleased = c.satisfaction === "satisfied" || c.satisfaction === "basicallySatisfied"
    entries.push({ index: CaseOutcomesIndex.satisfied, group: grid, value: pleased ? 1 : 0 })
  }
  // The whole loop (上报 → 结案), the span core's "whole" step timer measures.
  const took = (c.steps.whole.endedAt ?? c.lastAt) - c.steps.whole.startedAt
  entries.push(
    { index: CaseOutcomesIndex.resolveTime, group: groupKey(grid, c.category), value: took },
    { index: CaseOutcomesIndex.resolveTimeByCategory, group: c.category, value: took },
  )
  return entries
}

/**
 * The measures grid offices are judged by (综合评价, docs/domain.md#measures), over closed cases: the
 * self-resolution rate (网格事网格了), time to resolve, reopen and satisfaction rates, and
 * hotline diversion (12345 tickets solved by the grid). A case counts once, as it stands now:
 * a reopened case leaves the figures until it is closed again. Documents are kept for every
 * case (a hotline outcome may be reported after closing), so the model's size follows cases.
 */
export const caseOutcomesProjection = defineProjection<Case.Event, CaseOutcome>({
  ...caseSource,
  name: CASE_OUTCOMES,
  version: 1,
  handle: (doc, event) => {
    const c = foldCase(doc?.case, event)
    if (c === undefined) return undefined
    const solved = event._tag === "HotlineOutcomeReported" ? event.solvedByGrid : doc?.hotlineSolvedByGrid
    return solved === undefined ? { case: c } : { case: c, hotlineSolvedByGrid: solved }
  },
  indexes: outcomeEntries,
})

/** A share: `rate` is numerator / denominator, undefined when there is nothing to count. */
export interface Rate {
  readonly numerator: number
  readonly denominator: number
  readonly rate: number | undefined
}

/** Report-to-close times in milliseconds; mean and 90th percentile undefined without cases. */
export interface ResolveTimes {
  readonly count: number
  readonly meanMs: number | undefined
  /** Nearest-rank 90th percentile: 90 % of the cases closed this fast or faster. */
  readonly p90Ms: number | undefined
}

/**
 * Which cases a measure covers: one grid, one community (社区) as the configuration maps it,
 * any area of the territory with everything under it (`within`: a grid with its micro-grids, a
 * community, a street), or (none of them) the whole city.
 */
export interface OutcomeScope {
  readonly gridId?: string
  readonly communityId?: string
  readonly within?: AreaScope
}

/** What the outcome measures are computed against: the policy and calendar (for on-time steps) and the moment they are asked at. */
export interface CaseOutcomeQueriesConfig {
  /**
   * Which community each grid belongs to. Until the territory aggregate exists the mapping
   * comes from configuration; grids it does not name count city-wide but in no community.
   */
  readonly communityOf: ReadonlyMap<string, string>
}

/** A share of `numerator` in `denominator`; its rate undefined when there is nothing to count. */
export const rateOf = (numerator: number, denominator: number): Rate => ({
  numerator,
  denominator,
  rate: denominator === 0 ? undefined : numerator / denominator,
})

const sumRate = (groups: ReadonlyArray<GroupStats>): Rate =>
  rateOf(
    groups.reduce((sum, group) => sum + group.sum, 0),
    groups.reduce((sum, group) => sum + group.count, 0),
  )

/** The grids the configuration puts in a community. */
const gridsOf = (config: CaseOutcomeQueriesConfig, communityId: string): ReadonlyArray<string> =>
  [...config.communityOf].filter(([, community]) => community === communityId).map(([grid]) => grid)

/** The groups of a per-grid index that a scope covers. */
const statsIn = (config: CaseOutcomeQueriesConfig, index: string, scope: OutcomeScope) =>
  Effect.gen(function* () {
    const store = yield* ReadModelStore
    if (scope.gridId !== undefined) return [yield* store.stats(CASE_OUTCOMES, index, scope.gridId)]
    if (scope.within !== undefined) {
      const inside = withinTest(scope.within)
      return (yield* store.groups(CASE_OUTCOMES, index)).filter((group) => inside(group.group))
    }
    if (scope.communityId !== undefined) {
      return yield* Effect.forEach(gridsOf(config, scope.communityId), (grid) =>
        store.stats(CASE_OUTCOMES, index, grid),
      )
    }
    return yield* store.groups(CASE_OUTCOMES, index)
  })

const rateIn =
  (config: CaseOutcomeQueriesConfig, index: string) =>
  (scope: OutcomeScope = {}) =>
    Effect.map(statsIn(config, index, scope), sumRate)

const groupsOf = (index: string) =>
  Effect.gen(function* () {
    const store = yield* ReadModelStore
    return yield* store.groups(CASE_OUTCOMES, index)
  })

const ratePerGrid = (index: string) =>
  Effect.map(groupsOf(index), (groups) =>
    groups.map((group) => ({ gridId: group.group, ...sumRate([group]) })),
  )

const ratePerCommunity = (config: CaseOutcomeQueriesConfig, index: string) =>
  Effect.map(groupsOf(index), (groups) => {
    const byCommunity = new Map<string, Array<GroupStats>>()
    for (const group of groups) {
      const community = config.communityOf.get(group.group)
      if (community === undefined) continue
      byCommunity.set(community, [...(byCommunity.get(community) ?? []), group])
    }
    return [...byCommunity]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([communityId, stats]) => ({ communityId, ...sumRate(stats) }))
  })

const resolveValues = (config: CaseOutcomeQueriesConfig, scope: OutcomeScope, category: string | undefined) =>
  Effect.gen(function* () {
    const store = yield* ReadModelStore
    const byGrid = (grid: string) =>
      category === undefined
        ? store.members(CASE_OUTCOMES, CaseOutcomesIndex.resolveTime, { head: grid })
        : store.members(CASE_OUTCOMES, CaseOutcomesIndex.resolveTime, { group: groupKey(grid, category) })
    if (scope.gridId !== undefined) return yield* byGrid(scope.gridId)
    if (scope.within !== undefined) {
      const inside = withinTest(scope.within)
      const members = yield* store.members(CASE_OUTCOMES, CaseOutcomesIndex.resolveTime)
      return members.filter((member) => {
        const [grid = "", of] = groupParts(member.group)
        return inside(grid) && (category === undefined || of === category)
      })
    }
    if (scope.communityId !== undefined) {
      return (yield* Effect.forEach(gridsOf(config, scope.communityId), byGrid)).flat()
    }
    return yield* store.members(
      CASE_OUTCOMES,
      CaseOutcomesIndex.resolveTimeByCategory,
      category === undefined ? {} : { group: category },
    )
  })

const resolveTimesOf = (members: ReadonlyArray<IndexMember>): ResolveTimes => {
  const values = members.map((member) => member.value).sort((a, b) => a - b)
  const total = values.reduce((sum, value) => sum + value, 0)
  return {
    count: values.length,
    meanMs: values.length === 0 ? undefined : total / values.length,
    p90Ms: nearestRankPercentile(values, 0.9),
  }
}

/** Typed queries over the case-outcomes read model. */
export const caseOutcomeQueries = (config: CaseOutcomeQueriesConfig) => ({
  /** 网格事网格了: the share of closed cases closed at grid level or below. */
  selfResolutionRate: rateIn(config, CaseOutcomesIndex.selfResolved),
  selfResolutionPerGrid: ratePerGrid(CaseOutcomesIndex.selfResolved),
  selfResolutionPerCommunity: ratePerCommunity(config, CaseOutcomesIndex.selfResolved),
  /** The share of closed cases that were reopened (发回重办) at least once. */
  reopenRate: rateIn(config, CaseOutcomesIndex.reopened),
  /** The share of closed cases with a verdict (回访) that were satisfied or basically satisfied. */
  satisfactionRate: rateIn(config, CaseOutcomesIndex.satisfied),
  /** Hotline diversion: the share of cases whose 12345 outcome was reported that the grid solved. */
  hotlineDiversion: rateIn(config, CaseOutcomesIndex.hotline),
  /** Report-to-close times of closed cases in a scope, of one category or all. */
  timeToResolve: (options: OutcomeScope & { readonly category?: string } = {}) =>
    Effect.map(resolveValues(config, options, options.category), resolveTimesOf),
  /** Report-to-close times of closed cases in a scope, per category (办理时长, by category code). */
  timeToResolveByCategory: (scope: OutcomeScope = {}) =>
    Effect.map(resolveValues(config, scope, undefined), (members) => {
      const byCategory = new Map<string, Array<IndexMember>>()
      for (const member of members) {
        const category = groupParts(member.group).at(-1)!
        const of = byCategory.get(category) ?? []
        of.push(member)
        byCategory.set(category, of)
      }
      return [...byCategory]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([category, of]) => ({ category, ...resolveTimesOf(of) }))
    }),
})
