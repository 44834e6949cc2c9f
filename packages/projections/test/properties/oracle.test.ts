import { Case, Escalation, Level } from "@gridcase/core"
import { Effect } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { CaseDeadlines, CaseOutcomes, CaseTimeline, OpenCases, type ReadModelStore } from "../../src/index.ts"
import { config, projectHistory, provideReadModels } from "../support/cases.ts"
import { arbitraryCaseHistory } from "../support/history.ts"
import { READ_MODELS } from "./snapshot.ts"

// The naive versions: fold every case's whole history with core's evolve, then count by hand.

const finalStates = (history: ReadonlyArray<Case.Event>): ReadonlyArray<Case.OpenedCase> => {
  const states = new Map<string, Case.State>()
  for (const event of history)
    states.set(event.caseId, Case.evolve(states.get(event.caseId) ?? Case.initialState, event))
  return [...states.values()].filter((state): state is Case.OpenedCase => state.exists)
}

const byId = <T extends { readonly caseId: string }>(a: T, b: T) =>
  a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0
const sortedUnique = (values: Iterable<string>) => [...new Set(values)].sort()
const countBy = (values: ReadonlyArray<string>) => {
  const counts: Record<string, number> = {}
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1
  return counts
}
const rate = (numerator: number, denominator: number) => ({
  numerator,
  denominator,
  rate: denominator === 0 ? undefined : numerator / denominator,
})
const times = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  return {
    count: sorted.length,
    meanMs: sorted.length === 0 ? undefined : sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
    p90Ms: sorted.length === 0 ? undefined : sorted[Math.ceil(0.9 * sorted.length) - 1],
  }
}

const COMMUNITIES = new Map([
  ["tianhong-grid-03", "tianhong"],
  ["nanshan-grid-12", "nanshan"],
])
const outcomes = CaseOutcomes.queries({ communityOf: COMMUNITIES })

/** A history, and a moment from its first event to a month after its last. */
const arbitraryHistoryAndNow = arbitraryCaseHistory().chain((history) =>
  fc
    .integer({ min: history[0]!.at, max: history.at(-1)!.at + 30 * 24 * 3_600_000 })
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
      const readModels: ReadModelStore.Shape = await projectHistory(
        history,
        READ_MODELS.map((model) => model.projection),
      )
      await Effect.runPromise(provideReadModels(readModels)(property(history, now)))
    }),
    { numRuns: 80 },
  )

describe("every read model equals a naive recomputation from the full history", () => {
  it("open cases per grid, level and category, and worker workload", () =>
    check((history) =>
      Effect.gen(function* () {
        const open = finalStates(history).filter((c) => !Case.isTerminal(c.status))
        const grids = sortedUnique(finalStates(history).map((c) => c.location.gridId))
        for (const gridId of grids) {
          const inGrid = open.filter((c) => c.location.gridId === gridId)
          const levels = countBy(inGrid.map((c) => c.level))
          expect(yield* OpenCases.inGrid(gridId)).toEqual({
            gridId,
            total: inGrid.length,
            byLevel: Object.fromEntries(Level.LEVELS.map((level) => [level, levels[level] ?? 0])),
            byCategory: countBy(inGrid.map((c) => c.category)),
          })
          for (const level of Level.LEVELS) {
            for (const category of sortedUnique(inGrid.map((c) => c.category))) {
              const expected = inGrid.filter((c) => c.level === level && c.category === category)
              expect(yield* OpenCases.ids({ gridId, level, category })).toEqual(
                expected.sort(byId).map((c) => c.caseId),
              )
            }
          }
        }
        expect(yield* OpenCases.perGrid).toEqual(
          Object.entries(countBy(open.map((c) => c.location.gridId)))
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([gridId, openCases]) => ({ gridId, openCases })),
        )
        const people = open.flatMap((c) => (c.assignee?._tag === "person" ? [c.assignee.personId] : []))
        expect(yield* OpenCases.workloads).toEqual(
          Object.entries(countBy(people))
            .map(([personId, openCases]) => ({ personId, openCases }))
            .sort((a, b) => b.openCases - a.openCases || (a.personId < b.personId ? -1 : 1)),
        )
      }),
    ))

  it("the overdue board, the escalation queue and the cases without a deadline", () =>
    check((history, now) =>
      Effect.gen(function* () {
        const dated: Array<{ c: Case.OpenedCase; dueAt: number; escalates: boolean }> = []
        const undated: Array<Case.OpenedCase> = []
        for (const c of finalStates(history).filter((state) => Case.isEscalatable(state.status))) {
          try {
            const due = Escalation.dueOf(c, config.policy, config.calendar)
            dated.push({
              c,
              dueAt: due?.dueAt ?? Escalation.levelDeadline(c, config.policy, config.calendar),
              escalates: due !== undefined,
            })
          } catch {
            undated.push(c)
          }
        }
        const soonestFirst = (
          a: { c: Case.OpenedCase; dueAt: number },
          b: { c: Case.OpenedCase; dueAt: number },
        ) => a.dueAt - b.dueAt || byId(a.c, b.c)
        const department = (c: Case.OpenedCase) =>
          c.assignee?._tag === "department" ? c.assignee.departmentId : undefined
        const overdue = dated.filter((entry) => entry.dueAt < now).sort(soonestFirst)
        const cells = sortedUnique(
          overdue.map(({ c }) => JSON.stringify([Level.rank(c.level), department(c) ?? ""])),
        )
        expect(yield* CaseDeadlines.overdueBoard(now)).toEqual(
          cells.map((cell) => {
            const [rank, departmentId] = JSON.parse(cell) as [number, string]
            const cases = overdue.filter(
              ({ c }) => Level.rank(c.level) === rank && (department(c) ?? "") === departmentId,
            )
            return {
              level: Level.LEVELS[rank],
              departmentId: departmentId === "" ? undefined : departmentId,
              cases: cases.map(({ c, dueAt }) => ({
                caseId: c.caseId,
                gridId: c.location.gridId,
                category: c.category,
                urgency: c.urgency,
                level: c.level,
                departmentId: department(c),
                dueAt,
                overdueMs: now - dueAt,
              })),
            }
          }),
        )
        const queue = dated
          .filter((entry) => entry.escalates)
          .sort(soonestFirst)
          .map(({ c, dueAt }) => ({ caseId: c.caseId, level: c.level, dueAt }))
        expect(yield* CaseDeadlines.upcomingEscalations()).toEqual(queue)
        expect(yield* CaseDeadlines.dueForEscalation(now)).toEqual(
          queue.filter((due) => Escalation.isOverdue(due, now)),
        )
        expect(yield* CaseDeadlines.casesWithoutDeadline).toEqual(
          undated
            .sort((a, b) => a.levelEnteredAt - b.levelEnteredAt || byId(a, b))
            .map((c) => ({ caseId: c.caseId, level: c.level, levelEnteredAt: c.levelEnteredAt })),
        )
      }),
    ))

  it("every case's timeline", () =>
    check((history) =>
      Effect.gen(function* () {
        for (const caseId of sortedUnique(history.map((event) => event.caseId))) {
          const entries = history.flatMap((event, index) =>
            event.caseId === caseId ? [{ position: index + 1, recordedAt: event.at, event }] : [],
          )
          expect(yield* CaseTimeline.of(caseId)).toEqual({ caseId, entries })
        }
      }),
    ))

  it("self-resolution, reopen, satisfaction, hotline diversion and time to resolve", () =>
    check((history) =>
      Effect.gen(function* () {
        const states = finalStates(history)
        const closed = states.filter((c) => c.status === "closed")
        const solvedByGrid = new Map<string, boolean>()
        for (const event of history) {
          if (event._tag === "HotlineOutcomeReported") solvedByGrid.set(event.caseId, event.solvedByGrid)
        }
        const grids = sortedUnique(states.map((c) => c.location.gridId))
        const scopes = [
          {},
          ...grids.map((gridId) => ({ gridId })),
          { communityId: "tianhong" },
          { communityId: "nanshan" },
        ]
        const inScope = (scope: { gridId?: string; communityId?: string }) => (c: Case.OpenedCase) =>
          scope.gridId !== undefined
            ? c.location.gridId === scope.gridId
            : scope.communityId === undefined || COMMUNITIES.get(c.location.gridId) === scope.communityId
        const took = (c: Case.OpenedCase) => c.steps.whole.endedAt! - c.steps.whole.startedAt
        for (const scope of scopes) {
          const mine = closed.filter(inScope(scope))
          const atGrid = mine.filter((c) => Level.rank(c.level) <= Level.rank("grid"))
          expect(yield* outcomes.selfResolutionRate(scope)).toEqual(rate(atGrid.length, mine.length))
          expect(yield* outcomes.reopenRate(scope)).toEqual(
            rate(mine.filter((c) => c.reopens > 0).length, mine.length),
          )
          const verdicts = mine.filter((c) => c.satisfaction !== undefined && c.satisfaction !== "notReached")
          const pleased = verdicts.filter(
            (c) => c.satisfaction === "satisfied" || c.satisfaction === "basicallySatisfied",
          )
          expect(yield* outcomes.satisfactionRate(scope)).toEqual(rate(pleased.length, verdicts.length))
          const reported = states.filter(inScope(scope)).filter((c) => solvedByGrid.has(c.caseId))
          const solved = reported.filter((c) => solvedByGrid.get(c.caseId))
          expect(yield* outcomes.hotlineDiversion(scope)).toEqual(rate(solved.length, reported.length))
          expect(yield* outcomes.timeToResolve(scope)).toEqual(times(mine.map(took)))
          for (const category of sortedUnique(closed.map((c) => c.category))) {
            expect(yield* outcomes.timeToResolve({ ...scope, category })).toEqual(
              times(mine.filter((c) => c.category === category).map(took)),
            )
          }
        }
        expect(yield* outcomes.selfResolutionPerGrid).toEqual(
          sortedUnique(closed.map((c) => c.location.gridId)).map((gridId) => {
            const mine = closed.filter((c) => c.location.gridId === gridId)
            return {
              gridId,
              ...rate(mine.filter((c) => Level.rank(c.level) <= Level.rank("grid")).length, mine.length),
            }
          }),
        )
        expect(yield* outcomes.selfResolutionPerCommunity).toEqual(
          sortedUnique(closed.flatMap((c) => COMMUNITIES.get(c.location.gridId) ?? [])).map((communityId) => {
            const mine = closed.filter((c) => COMMUNITIES.get(c.location.gridId) === communityId)
            return {
              communityId,
              ...rate(mine.filter((c) => Level.rank(c.level) <= Level.rank("grid")).length, mine.length),
            }
          }),
        )
      }),
    ))
})
