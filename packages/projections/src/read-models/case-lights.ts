import { Calendar, Case, type Instant, Level } from "@gridcase/core"
import { Effect } from "effect"
import { ReadModelStore } from "../stores/read-model-store.ts"
import type { OverdueCase } from "./case-deadlines.ts"
import { OPEN_CASES, OpenCasesIndex } from "./open-cases.ts"

/**
 * The step timers of a case at `now` (红黄绿灯, docs/domain.md#traffic-lights), as core's
 * `timers` gives them — none when its deadlines lie past the calendar's known years: a
 * deadline that cannot be placed is no light, it is listed apart (`CaseDeadlines.casesWithoutDeadline`).
 */
export const stepLights = (
  c: Case.OpenedCase,
  now: Instant.Instant,
  config: Case.DeciderConfig,
): ReadonlyArray<Case.StepTimer> => {
  try {
    return Case.timers(c, now, config.policy, config.calendar)
  } catch (error) {
    if (error instanceof Calendar.OutsideCalendarError) return []
    throw error
  }
}

const LIGHT_RANK: Readonly<Record<Case.Light, number>> = { green: 0, yellow: 1, red: 2 }

/** The worst of the lights (red over yellow over green); undefined when there are none. */
export const worstLight = (timers: ReadonlyArray<Pick<Case.StepTimer, "light">>): Case.Light | undefined =>
  timers.reduce<Case.Light | undefined>(
    (worst, timer) =>
      worst === undefined || LIGHT_RANK[timer.light] > LIGHT_RANK[worst] ? timer.light : worst,
    undefined,
  )

/** A case with its lights at one moment. */
export interface LitCase {
  readonly case: Case.OpenedCase
  readonly timers: ReadonlyArray<Case.StepTimer>
  /** The worst light among its steps; undefined when no deadline can be placed. */
  readonly worst: Case.Light | undefined
  /** Whether it counts as overdue (超期): open, with some step red. */
  readonly overdue: boolean
}

/**
 * Overdue from the lights (超期, docs/domain.md#measure-overdue): a case still open — not closed,
 * rejected, voided or merged — any of whose steps shows red, running or ended late. This is the
 * one definition the office's case search, its dashboard and the simulation's summary share,
 * so a case the lights show red is overdue everywhere: an unregistered report past its
 * registration limit is overdue even though its level deadline has not passed.
 */
export const isOverdue = (c: Case.OpenedCase, now: Instant.Instant, config: Case.DeciderConfig): boolean =>
  !Case.isTerminal(c.status) && stepLights(c, now, config).some((timer) => timer.light === "red")

/** A case's lights at `now`, the worst of them, and whether it is overdue. */
export const lit = (c: Case.OpenedCase, now: Instant.Instant, config: Case.DeciderConfig): LitCase => {
  const timers = stepLights(c, now, config)
  return {
    case: c,
    timers,
    worst: worstLight(timers),
    overdue: !Case.isTerminal(c.status) && timers.some((timer) => timer.light === "red"),
  }
}

/** Every open case (the open-cases read model) with its lights at `now`, ordered by case id. */
export const openCasesLit = (now: Instant.Instant, config: Case.DeciderConfig) =>
  Effect.gen(function* () {
    const store = yield* ReadModelStore
    const members = yield* store.members(OPEN_CASES, OpenCasesIndex.grid)
    const keys = [...new Set(members.map((member) => member.key))].sort()
    const docs = keys.length === 0 ? new Map() : yield* store.load(OPEN_CASES, keys)
    return keys.flatMap((key): ReadonlyArray<LitCase> => {
      const c = docs.get(key)?.doc as Case.OpenedCase | undefined
      return c === undefined ? [] : [lit(c, now, config)]
    })
  })

/** One overdue case on the board: `dueAt` is the earliest deadline among its red steps. */
export interface OverdueByLights extends OverdueCase {
  /** The steps showing red. */
  readonly redSteps: ReadonlyArray<Case.Step>
}

/** The overdue cases of one (owner level, department) cell, most overdue first. */
export interface OverdueCell {
  readonly level: Level.Level
  /** The functional department (职能部门) the cases are dispatched to; undefined when none. */
  readonly departmentId: string | undefined
  readonly cases: ReadonlyArray<OverdueByLights>
}

const departmentOf = (c: Case.OpenedCase): string | undefined =>
  c.assignee?._tag === "department" ? c.assignee.departmentId : undefined

/**
 * Overdue by level and department (超期按单位, docs/domain.md#measure-overdue): the overdue
 * cases among `cases`, grouped by owner level (bottom of the ladder first) and department
 * (none first, then by id), each cell most overdue first (then by case id).
 */
export const overdueByLevelAndDepartment = (
  cases: ReadonlyArray<LitCase>,
  now: Instant.Instant,
): ReadonlyArray<OverdueCell> => {
  const cells = new Map<string, Array<OverdueByLights>>()
  for (const { case: c, timers, overdue } of cases) {
    if (!overdue) continue
    const red = timers.filter((timer) => timer.light === "red")
    const dueAt = Math.min(...red.map((timer) => timer.dueAt))
    const departmentId = departmentOf(c)
    const key = `${c.level}\u0000${departmentId ?? ""}`
    const cell = cells.get(key) ?? []
    cell.push({
      caseId: c.caseId,
      gridId: c.location.gridId,
      category: c.category,
      urgency: c.urgency,
      level: c.level,
      departmentId,
      redSteps: red.map((timer) => timer.step),
      dueAt,
      overdueMs: now - dueAt,
    })
    cells.set(key, cell)
  }
  return [...cells.values()]
    .map(
      (cases): OverdueCell => ({
        level: cases[0]!.level,
        departmentId: cases[0]!.departmentId,
        cases: cases.sort((a, b) => b.overdueMs - a.overdueMs || (a.caseId < b.caseId ? -1 : 1)),
      }),
    )
    .sort(
      (a, b) =>
        Level.rank(a.level) - Level.rank(b.level) ||
        (a.departmentId ?? "").localeCompare(b.departmentId ?? ""),
    )
}

/** The board of every open case overdue at `now`, from the open-cases read model. */
export const overdueBoard = (now: Instant.Instant, config: Case.DeciderConfig) =>
  Effect.map(openCasesLit(now, config), (cases) => overdueByLevelAndDepartment(cases, now))
