import { type Case, Instant, type Level } from "@gridcase/core"
import { Effect } from "effect"
import { defineProjection, groupKey, groupParts, type IndexEntry } from "../projection/projection.ts"
import { ReadModelStore } from "../stores/read-model-store.ts"
import type { AreaScope } from "./area-scope.ts"
import { caseSource, foldCase } from "./case-fold.ts"
import { withinTest } from "./within.ts"

/** The read model's name: its checkpoint and its rows in the read-model store are kept under it. */
export const CASE_FLOW = "case-flow"

/**
 * The indexes of the case-flow read model. Day groups are `groupKey(month, day, location)` in
 * Shanghai time (`2026-03`, `2026-03-10`), so a month's days are one lookup by `head`; the
 * escalation groups are `groupKey(level reached, reason, location)`.
 */
export const CaseFlowIndex = {
  /** Every case on the day it was reported (受理). */
  reported: "reported",
  /** Every closed case on the day it was closed (结案), as it stands now. */
  closed: "closed",
  /** Each case's escalations by the level they reached and why; value: how many. */
  escalated: "escalated",
} as const

/** A case as the flow sees it: its state, and its escalations by level reached and reason. */
export interface CaseFlowDoc {
  readonly case: Case.OpenedCase
  /** `groupKey(level, reason)` → how many times. */
  readonly escalations: Readonly<Record<string, number>>
}

/** The Shanghai calendar day of an instant, `2026-03-10`. */
export const shanghaiDay = (at: Instant.Instant): string => Instant.toShanghaiIso(at).slice(0, 10)

const dayGroup = (at: Instant.Instant, location: string) => {
  const day = shanghaiDay(at)
  return groupKey(day.slice(0, 7), day, location)
}

const flowEntries = ({ case: c, escalations }: CaseFlowDoc): ReadonlyArray<IndexEntry> => {
  const location = c.location.gridId
  const entries: Array<IndexEntry> = [
    { index: CaseFlowIndex.reported, group: dayGroup(c.steps.whole.startedAt, location), value: 1 },
  ]
  if (c.status === "closed") {
    entries.push({
      index: CaseFlowIndex.closed,
      group: dayGroup(c.steps.whole.endedAt ?? c.lastAt, location),
      value: 1,
    })
  }
  for (const [key, count] of Object.entries(escalations)) {
    const [level = "", reason = ""] = groupParts(key)
    entries.push({ index: CaseFlowIndex.escalated, group: groupKey(level, reason, location), value: count })
  }
  return entries
}

/**
 * The flow of cases through the office (案件流转): how many were reported and closed each day,
 * and how often cases climbed the ladder, to which level and why (超时 / 请求协助 / 督办). The
 * state is folded with core's `evolveCase`; a reopened case leaves the closures until it is
 * closed again, on its new day. Documents are kept for every case, so the size follows history.
 */
export const caseFlowProjection = defineProjection<Case.Event, CaseFlowDoc>({
  ...caseSource,
  name: CASE_FLOW,
  version: 1,
  handle: (doc, event) => {
    const c = foldCase(doc?.case, event)
    if (c === undefined) return undefined
    const escalations = { ...doc?.escalations }
    if (event._tag === "CaseEscalated") {
      const key = groupKey(event.to, event.reason)
      escalations[key] = (escalations[key] ?? 0) + 1
    }
    return { case: c, escalations }
  },
  indexes: flowEntries,
})

/** One day's flow. */
export interface DayFlow {
  readonly day: string
  readonly reported: number
  readonly closed: number
}

const DAY = 24 * Instant.HOUR

/** The Shanghai days from the one holding `from` to the one holding `to`, inclusive. */
export const daysBetween = (from: Instant.Instant, to: Instant.Instant): ReadonlyArray<string> => {
  const days: Array<string> = []
  // Shanghai keeps UTC+8 all year: its days are 24 hours apart.
  for (let at = from; shanghaiDay(at) <= shanghaiDay(to); at += DAY) days.push(shanghaiDay(at))
  return days
}

const countPerDay = (index: string, days: ReadonlyArray<string>, inside: (location: string) => boolean) =>
  Effect.gen(function* () {
    const store = yield* ReadModelStore
    const wanted = new Set(days)
    const counts = new Map<string, number>()
    for (const month of new Set(days.map((day) => day.slice(0, 7)))) {
      for (const group of yield* store.groups(CASE_FLOW, index, month)) {
        const [, day = "", location = ""] = groupParts(group.group)
        if (wanted.has(day) && inside(location)) counts.set(day, (counts.get(day) ?? 0) + group.count)
      }
    }
    return counts
  })

const everywhere = () => true

/**
 * Reports and closures per Shanghai day from `from` to `to` (both days included, zeros where
 * nothing happened), in an area with everything under it or in the whole territory.
 */
export const dailyFlow = (query: {
  readonly from: Instant.Instant
  readonly to: Instant.Instant
  readonly within?: AreaScope | undefined
}) =>
  Effect.gen(function* () {
    const days = daysBetween(query.from, query.to)
    const inside = query.within === undefined ? everywhere : withinTest(query.within)
    const reported = yield* countPerDay(CaseFlowIndex.reported, days, inside)
    const closed = yield* countPerDay(CaseFlowIndex.closed, days, inside)
    return days.map(
      (day): DayFlow => ({ day, reported: reported.get(day) ?? 0, closed: closed.get(day) ?? 0 }),
    )
  })

/** Escalations that reached one level for one reason. */
export interface EscalationCount {
  readonly level: Level.Level
  readonly reason: Case.EscalationReason
  /** How many escalations. */
  readonly escalations: number
  /** How many cases they concern. */
  readonly cases: number
}

/**
 * Escalations (上报升级) of cases in an area (or the whole territory), by the level they reached
 * and their reason — overdue (超时, by the deadline process), requested (请求上级协助) or manual
 * (by a supervisor) — ordered by level and reason.
 */
export const escalationCounts = (within?: AreaScope) =>
  Effect.gen(function* () {
    const store = yield* ReadModelStore
    const inside = within === undefined ? everywhere : withinTest(within)
    const totals = new Map<string, { escalations: number; cases: number }>()
    for (const group of yield* store.groups(CASE_FLOW, CaseFlowIndex.escalated)) {
      const [level = "", reason = "", location = ""] = groupParts(group.group)
      if (!inside(location)) continue
      const key = groupKey(level, reason)
      const total = totals.get(key) ?? { escalations: 0, cases: 0 }
      totals.set(key, { escalations: total.escalations + group.sum, cases: total.cases + group.count })
    }
    return [...totals]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, total]): EscalationCount => {
        const [level, reason] = groupParts(key) as [Level.Level, Case.EscalationReason]
        return { level, reason, ...total }
      })
  })
