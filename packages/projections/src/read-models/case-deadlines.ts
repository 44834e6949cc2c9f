import { Calendar, Case, Escalation, type Instant, Level } from "@gridcase/core"
import { Effect } from "effect"
import { defineProjection, groupKey, groupParts, type IndexEntry } from "../projection/projection.ts"
import { ReadModelStore } from "../stores/read-model-store.ts"
import { caseSource, foldCase } from "./case-fold.ts"

/** The case-deadlines read model's name: its documents and checkpoint are kept under it. */
export const CASE_DEADLINES = "case-deadlines"

/** The index entries of the case-deadlines read model, by which its queries find cases. */
export const CaseDeadlinesIndex = {
  /** Every case whose level clock runs, by (level, department): the overdue board. */
  levelDue: "levelDue",
  /** Cases that will escalate by themselves, by level: the deadline process's queue. */
  escalationDue: "escalationDue",
  /** Cases whose deadline falls outside the calendar's known years, by level. */
  deadlineUnknown: "deadlineUnknown",
} as const

const NO_DEPARTMENT = ""

const departmentOf = (c: Case.OpenedCase): string | undefined =>
  c.assignee?._tag === "department" ? c.assignee.departmentId : undefined

/**
 * Deadlines come from core (`escalationDue`, `levelDeadline`): the level's limit from the
 * policy, counted on the calendar from the case's arrival at its level, plus extensions.
 * A deadline the calendar cannot place (a year whose holidays are not loaded yet) is listed
 * apart instead of stopping the projection or being guessed.
 */
const deadlineEntries =
  ({ policy, calendar }: Case.DeciderConfig) =>
  (c: Case.OpenedCase): ReadonlyArray<IndexEntry> => {
    if (!Case.isEscalatable(c.status)) return []
    try {
      const due = Escalation.dueOf(c, policy, calendar)
      const dueAt = due?.dueAt ?? Escalation.levelDeadline(c, policy, calendar)
      const board: IndexEntry = {
        index: CaseDeadlinesIndex.levelDue,
        group: groupKey(c.level, departmentOf(c) ?? NO_DEPARTMENT),
        value: dueAt,
      }
      return due === undefined
        ? [board]
        : [board, { index: CaseDeadlinesIndex.escalationDue, group: c.level, value: due.dueAt }]
    } catch (error) {
      if (!(error instanceof Calendar.OutsideCalendarError)) throw error
      return [{ index: CaseDeadlinesIndex.deadlineUnknown, group: c.level, value: c.levelEnteredAt }]
    }
  }

/**
 * Level deadlines of live cases (时限监控), for the overdue board (超时督办) and the queue of
 * cases due for escalation that the deadline process reads. Deadlines depend on the policy
 * and the calendar: bump `version` when either changes, and the runner rebuilds.
 */
export const makeCaseDeadlinesProjection = (config: Case.DeciderConfig, version = 1) =>
  defineProjection<Case.Event, Case.OpenedCase>({
    ...caseSource,
    name: CASE_DEADLINES,
    version,
    handle: (doc, event) => {
      const next = foldCase(doc, event)
      return next === undefined || Case.isSettled(next) ? undefined : next
    },
    indexes: deadlineEntries(config),
  })

/** One overdue case on the board. */
export interface OverdueCase {
  readonly caseId: string
  readonly gridId: string
  readonly category: string
  readonly urgency: Case.OpenedCase["urgency"]
  readonly level: Level.Level
  readonly departmentId: string | undefined
  readonly dueAt: Instant.Instant
  /** Wall-clock milliseconds since the deadline passed. */
  readonly overdueMs: number
}

/** The overdue cases of one (level, department) cell of the board, most overdue first. */
export interface OverdueGroup {
  readonly level: Level.Level
  /** The functional department (职能部门) the cases are dispatched to; undefined when none. */
  readonly departmentId: string | undefined
  readonly cases: ReadonlyArray<OverdueCase>
}

/**
 * The overdue board at `now`: every case past its level deadline (strictly, as core's
 * `isOverdue`), grouped by owner level (bottom of the ladder first) and department.
 */
export const overdueBoard = (now: Instant.Instant) =>
  Effect.gen(function* () {
    const store = yield* ReadModelStore
    const members = yield* store.members(CASE_DEADLINES, CaseDeadlinesIndex.levelDue, { below: now })
    const docs = yield* store.load(
      CASE_DEADLINES,
      members.map((member) => member.key),
    )
    const cells = new Map<string, Array<OverdueCase>>()
    for (const member of members) {
      const c = docs.get(member.key)?.doc as Case.OpenedCase
      const [level, department] = groupParts(member.group) as [Level.Level, string]
      const departmentId = department === NO_DEPARTMENT ? undefined : department
      const cell = cells.get(member.group) ?? []
      cell.push({
        caseId: c.caseId,
        gridId: c.location.gridId,
        category: c.category,
        urgency: c.urgency,
        level,
        departmentId,
        dueAt: member.value,
        overdueMs: now - member.value,
      })
      cells.set(member.group, cell)
    }
    return [...cells.values()]
      .map((cases): OverdueGroup => ({ level: cases[0]!.level, departmentId: cases[0]!.departmentId, cases }))
      .sort(
        (a, b) =>
          Level.rank(a.level) - Level.rank(b.level) ||
          (a.departmentId ?? NO_DEPARTMENT).localeCompare(b.departmentId ?? NO_DEPARTMENT),
      )
  })

const asDue = (member: { readonly key: string; readonly group: string; readonly value: number }) => {
  const due: Escalation.Due = { caseId: member.key, level: member.group as Level.Level, dueAt: member.value }
  return due
}

/** Cases overdue at `now` that the deadline process should escalate, soonest deadline first. */
export const dueForEscalation = (now: Instant.Instant, limit?: number) =>
  Effect.gen(function* () {
    const store = yield* ReadModelStore
    const query = limit === undefined ? { below: now } : { below: now, limit }
    return (yield* store.members(CASE_DEADLINES, CaseDeadlinesIndex.escalationDue, query)).map(asDue)
  })

/** Cases that will escalate unless they move first, soonest first. */
export const upcomingEscalations = (limit?: number) =>
  Effect.gen(function* () {
    const store = yield* ReadModelStore
    const query = limit === undefined ? {} : { limit }
    return (yield* store.members(CASE_DEADLINES, CaseDeadlinesIndex.escalationDue, query)).map(asDue)
  })

/** Live cases whose level deadline lies outside the calendar's years: load the next year's holidays. */
export const casesWithoutDeadline = Effect.gen(function* () {
  const store = yield* ReadModelStore
  const members = yield* store.members(CASE_DEADLINES, CaseDeadlinesIndex.deadlineUnknown)
  return members.map((member) => ({
    caseId: member.key,
    level: member.group as Level.Level,
    levelEnteredAt: member.value,
  }))
})
