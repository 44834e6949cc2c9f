import { Calendar, Case, Level, Territory } from "@gridcase/core"
import { Effect } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { CaseFlow, CaseLights, CaseOutcomes, OpenCases, type ReadModelStore } from "../../src/index.ts"
import { config, projectHistory, provideReadModels } from "../support/cases.ts"
import { arbitraryCaseHistory } from "../support/history.ts"
import { areaTree } from "../support/residents.ts"

// The naive versions: fold each case's whole history with core's evolve, then count by hand.

const finalStates = (history: ReadonlyArray<Case.Event>): ReadonlyArray<Case.OpenedCase> => {
  const states = new Map<string, Case.State>()
  for (const event of history)
    states.set(event.caseId, Case.evolve(states.get(event.caseId) ?? Case.initialState, event))
  return [...states.values()].filter((state): state is Case.OpenedCase => state.exists)
}

/** The generated histories' grids, two communities and a grid of its own under one street. */
const territory = areaTree([
  ["city", "district"],
  ["street", "street", "city"],
  ["tianhong", "community", "street"],
  ["nanshan", "community", "street"],
  ["tianhong-grid-03", "grid", "tianhong"],
  ["nanshan-grid-12", "grid", "nanshan"],
  ["hekou-grid-01", "grid", "nanshan"],
])
const AREAS = [
  "city",
  "street",
  "tianhong",
  "nanshan",
  "tianhong-grid-03",
  "nanshan-grid-12",
  "hekou-grid-01",
]
const isIn = (c: Case.OpenedCase, areaId: string) => Territory.isWithin(territory, c.location.gridId, areaId)

/** A history, and a moment from its last event to a month after it (lights are read after the facts). */
const arbitraryHistoryAndNow = arbitraryCaseHistory().chain((history) =>
  fc
    .integer({ min: history.at(-1)!.at, max: history.at(-1)!.at + 30 * 24 * 3_600_000 })
    .map((now) => ({ history, now })),
)

const check = (
  property: (
    history: ReadonlyArray<Case.Event>,
    now: number,
  ) => Effect.Effect<void, unknown, ReadModelStore.ReadModelStore>,
) =>
  fc.assert(
    fc.asyncProperty(arbitraryHistoryAndNow, async ({ history, now }) => {
      const readModels = await projectHistory(history, [
        OpenCases.projection,
        CaseOutcomes.projection,
        CaseFlow.projection,
      ])
      await Effect.runPromise(provideReadModels(readModels)(property(history, now)))
    }),
    { numRuns: 60 },
  )

/** A step's light as the rule states it: red past its limit, yellow from 80 % of it. */
const redSomewhere = (c: Case.OpenedCase, now: number) => {
  try {
    return Case.timers(c, now, config.policy, config.calendar).some((timer) => timer.used > 1)
  } catch (error) {
    if (error instanceof Calendar.OutsideCalendarError) return false
    throw error
  }
}

const department = (c: Case.OpenedCase) =>
  c.assignee?._tag === "department" ? c.assignee.departmentId : undefined

describe("the dashboard's read models equal a naive recount from the full history", () => {
  it("overdue from the lights: every open case with a step past its limit, by level and department", () =>
    check((history, now) =>
      Effect.gen(function* () {
        const open = finalStates(history).filter((c) => !Case.isTerminal(c.status))
        const lit = yield* CaseLights.openCases(now, config)
        expect(lit.map((entry) => entry.case.caseId)).toEqual(open.map((c) => c.caseId).sort())
        const overdue = open.filter((c) => redSomewhere(c, now))
        const board = yield* CaseLights.overdueBoard(now, config)
        const cells = board.map((cell) => [cell.level, cell.departmentId ?? ""])
        expect(cells).toEqual(
          [...new Set(overdue.map((c) => JSON.stringify([c.level, department(c) ?? ""])))]
            .map((cell) => JSON.parse(cell) as [Level.Level, string])
            .sort(([la, da], [lb, db]) => Level.rank(la) - Level.rank(lb) || da.localeCompare(db)),
        )
        for (const cell of board) {
          const expected = overdue.filter(
            (c) => c.level === cell.level && department(c) === cell.departmentId,
          )
          expect(cell.cases.map((c) => c.caseId).sort()).toEqual(expected.map((c) => c.caseId).sort())
          const since = cell.cases.map((c) => c.overdueMs)
          expect(since).toEqual([...since].sort((a, b) => b - a))
          for (const c of cell.cases) expect(c.overdueMs).toBeGreaterThan(0)
        }
        const overdueIds = new Set(overdue.map((c) => c.caseId))
        for (const c of finalStates(history)) {
          expect(CaseLights.isOverdue(c, now, config)).toBe(overdueIds.has(c.caseId))
        }
      }),
    ))

  it("reports and closures per day, and escalations by level and reason, in every area", () =>
    check((history) =>
      Effect.gen(function* () {
        const from = history[0]!.at
        const to = history.at(-1)!.at
        const closedOn = new Map<string, string>()
        const states = new Map<string, Case.State>()
        for (const event of history) {
          const state = Case.evolve(states.get(event.caseId) ?? Case.initialState, event)
          states.set(event.caseId, state)
          if (state.exists && state.status === "closed") {
            if (!closedOn.has(event.caseId)) closedOn.set(event.caseId, CaseFlow.shanghaiDay(event.at))
          } else closedOn.delete(event.caseId)
        }
        const reportedOn = new Map(
          history
            .filter((event) => event._tag === "CaseReported")
            .map((event) => [event.caseId, CaseFlow.shanghaiDay(event.at)]),
        )
        const cases = finalStates(history)
        for (const areaId of AREAS) {
          const inArea = cases.filter((c) => isIn(c, areaId))
          const flow = yield* CaseFlow.daily({ from, to, within: { territory, areaId } })
          expect(flow.map((day) => day.day)).toEqual(CaseFlow.daysBetween(from, to))
          for (const { day, reported, closed } of flow) {
            expect(reported).toBe(inArea.filter((c) => reportedOn.get(c.caseId) === day).length)
            expect(closed).toBe(inArea.filter((c) => closedOn.get(c.caseId) === day).length)
          }
          const escalated = history.filter(
            (event): event is Case.EventOf<"CaseEscalated"> =>
              event._tag === "CaseEscalated" && inArea.some((c) => c.caseId === event.caseId),
          )
          const expected = [...new Set(escalated.map((event) => `${event.to}/${event.reason}`))]
            .sort()
            .map((key) => {
              const of = escalated.filter((event) => `${event.to}/${event.reason}` === key)
              const [level, reason] = key.split("/")
              return { level, reason, escalations: of.length, cases: new Set(of.map((e) => e.caseId)).size }
            })
          expect(yield* CaseFlow.escalations({ territory, areaId })).toEqual(expected)
        }
      }),
    ))

  it("the outcome measures within an area: the same as over the grids it holds", () =>
    check(() =>
      Effect.gen(function* () {
        const outcomes = CaseOutcomes.queries({ communityOf: new Map() })
        for (const areaId of AREAS) {
          const within = { territory, areaId }
          const grids = ["tianhong-grid-03", "nanshan-grid-12", "hekou-grid-01"].filter((grid) =>
            Territory.isWithin(territory, grid, areaId),
          )
          const sum = (rates: ReadonlyArray<CaseOutcomes.Rate>) => {
            const numerator = rates.reduce((total, rate) => total + rate.numerator, 0)
            const denominator = rates.reduce((total, rate) => total + rate.denominator, 0)
            return { numerator, denominator, rate: denominator === 0 ? undefined : numerator / denominator }
          }
          for (const measure of [
            "selfResolutionRate",
            "reopenRate",
            "satisfactionRate",
            "hotlineDiversion",
          ] as const) {
            const perGrid = yield* Effect.forEach(grids, (gridId) => outcomes[measure]({ gridId }))
            expect(yield* outcomes[measure]({ within })).toEqual(sum(perGrid))
          }
          const byCategory = yield* outcomes.timeToResolveByCategory({ within })
          for (const { category, ...times } of byCategory) {
            const all = yield* Effect.forEach(grids, (gridId) => outcomes.timeToResolve({ gridId, category }))
            expect(times.count).toBe(all.reduce((total, of) => total + of.count, 0))
          }
          expect(byCategory.reduce((total, of) => total + of.count, 0)).toBe(
            (yield* outcomes.timeToResolve({ within })).count,
          )
        }
      }),
    ))
})
