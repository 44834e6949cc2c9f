import { Calendar, Case, Territory } from "@gridcase/core"
import { Effect } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { CaseMeasures } from "../../src/index.ts"
import { config, projectHistory, provideReadModels } from "../support/cases.ts"
import { arbitraryCaseHistory } from "../support/history.ts"
import { areaTree } from "../support/residents.ts"

// The naive version: walk the history event by event, keep each case's state and its list of
// dispatches, and count what the rules name — by hand, per (kind, id).

const territory = areaTree([
  ["city", "district"],
  ["street", "street", "city"],
  ["tianhong", "community", "street"],
  ["nanshan", "community", "street"],
  ["tianhong-grid-03", "grid", "tianhong"],
  ["nanshan-grid-12", "grid", "nanshan"],
  ["hekou-grid-01", "grid", "nanshan"],
])
const AREAS = ["city", "tianhong", "nanshan", "hekou-grid-01"]

/** The party an assignee names, written from the rule: departments, people (workers) and units. */
const party = (assignee: Case.Assignee | undefined): string | undefined => {
  if (assignee === undefined) return undefined
  if (assignee._tag === "department") return `department/${assignee.departmentId}`
  if (assignee._tag === "person") return `worker/${assignee.personId}`
  return `unit/${assignee.unitId}`
}

/** Steps the case left rather than finished (docs: escalation, de-escalation, send-back, void, merge). */
const LEFT_BY = ["CaseEscalated", "CaseDeEscalated", "CaseSentBack", "CaseVoided", "CaseMerged"]
const STEPS = [
  "register",
  "dispatch",
  "acknowledge",
  "handle",
  "verify",
  "followUp",
  "supervision",
  "whole",
] as const
const BY_ASSIGNEE = ["acknowledge", "handle"]

/** Who a finished step counts against besides its grid: the assignee its own, the notice's responder its answer (督办回复). */
const ownerOfStep = (step: string, held: string | undefined, after: Case.OpenedCase) =>
  step === "supervision" ? party(after.supervision?.responder) : BY_ASSIGNEE.includes(step) ? held : undefined

interface Expected {
  returns: number
  bounced: number
  reworks: number
  misdispatches: number
  supervisions: number
  reminders: number
  criticisms: number
  done: Record<string, number>
  onTime: Record<string, number>
}

/** Criticisms the recount met: the walks must reach some, or the property says nothing of them. */
let criticisms = 0

const naiveMeasures = (history: ReadonlyArray<Case.Event>, inArea: (grid: string) => boolean) => {
  const table = new Map<string, Expected>()
  const row = (key: string) => {
    const found = table.get(key) ?? {
      returns: 0,
      bounced: 0,
      reworks: 0,
      misdispatches: 0,
      supervisions: 0,
      reminders: 0,
      criticisms: 0,
      done: {},
      onTime: {},
    }
    table.set(key, found)
    return found
  }
  const states = new Map<string, Case.State>()
  const dispatches = new Map<string, Array<{ level: string; to: string }>>()
  const senders = new Map<string, Array<string>>()
  for (const event of history) {
    const before = states.get(event.caseId) ?? Case.initialState
    const after = Case.evolve(before, event)
    states.set(event.caseId, after)
    if (!after.exists) continue
    const grid = after.location.gridId
    if (!inArea(grid)) continue
    const held = before.exists ? party(before.assignee) : undefined
    const count = (who: ReadonlyArray<string | undefined>, add: (of: Expected) => void) => {
      for (const key of who) if (key !== undefined) add(row(key))
    }
    const gridAnd = (other: string | undefined) => [`grid/${grid}`, other]
    if (event._tag === "CaseSentBack") {
      count(gridAnd(held), (of) => of.returns++)
      senders.set(event.caseId, [
        ...(senders.get(event.caseId) ?? []),
        ...gridAnd(held).filter((k) => k !== undefined),
      ])
    }
    if (event._tag === "VerificationFailed" || event._tag === "CaseReopened")
      count(gridAnd(held), (of) => of.reworks++)
    if (event._tag === "CaseDispatched") {
      const list = dispatches.get(event.caseId) ?? []
      const last = list.at(-1)
      const to = party(event.assignee)!
      if (last !== undefined && last.level === after.level && last.to !== to)
        count(gridAnd(last.to), (of) => of.misdispatches++)
      dispatches.set(event.caseId, [...list, { level: after.level, to }])
    }
    // 督办 against the party the notice names (one stored before notices named it: the holder), 催办 the holder.
    if (event._tag === "CaseSupervised")
      count(gridAnd(event.responder === undefined ? held : party(event.responder)), (of) => of.supervisions++)
    if (event._tag === "CaseReminded") count(gridAnd(held), (of) => of.reminders++)
    // 通报批评 against the unit it names: the holder of the late step.
    if (event._tag === "CaseCriticized") {
      criticisms++
      count(gridAnd(party(event.criticised)), (of) => of.criticisms++)
    }
    if (LEFT_BY.includes(event._tag) || !before.exists) continue
    for (const step of STEPS) {
      const then = before.steps[step]
      const now = after.steps[step]
      const finished = now?.endedAt === event.at && then !== undefined && then.endedAt === undefined
      if (!finished) continue
      let timer: Case.StepTimer | undefined
      try {
        timer = Case.timers(after, event.at, config.policy, config.calendar).find((t) => t.step === step)
      } catch (error) {
        if (error instanceof Calendar.OutsideCalendarError) continue
        throw error
      }
      // On time: not past the limit — the light was not red when the step ended.
      const inTime = timer!.light !== "red"
      count(gridAnd(ownerOfStep(step, held, after)), (of) => {
        of.done[step] = (of.done[step] ?? 0) + 1
        if (inTime) of.onTime[step] = (of.onTime[step] ?? 0) + 1
      })
    }
  }
  // 推诿: a case sent back two times or more counts once for each party that sent it back.
  for (const [caseId, keys] of senders) {
    const c = states.get(caseId)
    if (c?.exists === true && c.sendBacks >= 2) for (const key of new Set(keys)) row(key).bounced++
  }
  return table
}

const asRows = (kind: CaseMeasures.MeasuredBy, table: Map<string, Expected>) =>
  [...table]
    .filter(([key]) => key.startsWith(`${kind}/`))
    .map(([key, of]) => ({ id: key.slice(kind.length + 1), ...of }))
    .sort((a, b) => (a.id < b.id ? -1 : 1))

const check = (property: (history: ReadonlyArray<Case.Event>) => Effect.Effect<void, unknown, never>) =>
  fc.assert(
    fc.asyncProperty(arbitraryCaseHistory(), (history) => property(history).pipe(Effect.runPromise)),
    { numRuns: 60 },
  )

describe("the case measures equal a naive recount from the full history", () => {
  it("returns, 推诿, rework, wrong dispatches, 督办, 催办, 通报批评 and on-time steps per grid, department, worker and unit, in every area", async () => {
    await check((history) =>
      Effect.gen(function* () {
        const readModels = yield* Effect.promise(() =>
          projectHistory(history, [CaseMeasures.makeProjection(config)]),
        )
        yield* provideReadModels(readModels)(
          Effect.gen(function* () {
            for (const areaId of AREAS) {
              const within = { territory, areaId }
              const table = naiveMeasures(history, (grid) => Territory.isWithin(territory, grid, areaId))
              for (const kind of CaseMeasures.MEASURED_BY) {
                const rows = yield* CaseMeasures.by(kind, within)
                const expected = asRows(kind, table)
                expect(rows.map((of) => of.id)).toEqual(expected.map((of) => of.id))
                for (const [i, of] of rows.entries()) {
                  const want = expected[i]!
                  expect({
                    returns: of.returns,
                    bounced: of.bounced,
                    reworks: of.reworks,
                    misdispatches: of.misdispatches,
                    supervisions: of.supervisions,
                    reminders: of.reminders,
                    criticisms: of.criticisms,
                  }).toEqual({
                    returns: want.returns,
                    bounced: want.bounced,
                    reworks: want.reworks,
                    misdispatches: want.misdispatches,
                    supervisions: want.supervisions,
                    reminders: want.reminders,
                    criticisms: want.criticisms,
                  })
                  expect(Object.fromEntries(of.steps.map((step) => [step.step, step.denominator]))).toEqual(
                    want.done,
                  )
                  for (const step of of.steps) expect(step.numerator).toBe(want.onTime[step.step] ?? 0)
                }
              }
              const totals = yield* CaseMeasures.totals(within)
              const grids = asRows("grid", table)
              expect(totals.returns).toBe(grids.reduce((sum, of) => sum + of.returns, 0))
              expect(totals.reworks).toBe(grids.reduce((sum, of) => sum + of.reworks, 0))
              expect(totals.criticisms).toBe(grids.reduce((sum, of) => sum + of.criticisms, 0))
              expect(totals.onTime.denominator).toBe(
                grids.reduce((sum, of) => sum + Object.values(of.done).reduce((a, b) => a + b, 0), 0),
              )
            }
          }),
        )
      }),
    )
    expect(criticisms).toBeGreaterThan(0)
  })
})
