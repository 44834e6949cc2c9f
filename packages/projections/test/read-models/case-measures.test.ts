import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, type Scope } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { CaseMeasures, ReadModelStore } from "../../src/index.ts"
import { makeSqliteReadModelStore } from "../../src/stores/sqlite/index.ts"
import {
  caseStorable,
  catchUp,
  closeAndCallBack,
  command,
  config,
  eventsOf,
  freshStores,
  provideReadModels,
  report,
} from "../support/cases.ts"
import { appendStorable } from "../support/domain-events.ts"
import { readModelsInFreshSchema, testPool } from "../support/postgres.ts"

const water = { _tag: "department", departmentId: "water" } as const
const gas = { _tag: "department", departmentId: "gas" } as const
const wang = { _tag: "person", personId: "grid-worker-wang" } as const

// Monday 09:00 + hours. A leak nobody owns: the water company sends it back, the gas company
// too (推诿), the grid worker takes it; his first fix fails verification (返工).
const history = eventsOf([
  report("leak", 0, { category: "utilities" }),
  command("RegisterCase", "leak", 0.5, {}),
  command("DispatchCase", "leak", 0.75, { assignee: water }),
  command("SendBackCase", "leak", 1, { reason: "不属于本单位 — not ours", by: "water-handler" }),
  command("DispatchCase", "leak", 1.25, { assignee: gas }),
  command("SendBackCase", "leak", 1.5, { reason: "不属于本单位 — not ours", by: "gas-handler" }),
  command("DispatchCase", "leak", 1.75, { assignee: wang }),
  command("AcknowledgeCase", "leak", 2, { by: "grid-worker-wang" }),
  command("StartHandling", "leak", 2.1, { by: "grid-worker-wang" }),
  command("ResolveCase", "leak", 3, { result: "已修 — fixed", by: "grid-worker-wang" }),
  command("VerifyCase", "leak", 4, { passed: false }),
  command("ResolveCase", "leak", 5, { result: "已修好 — fixed now", by: "grid-worker-wang" }),
  command("VerifyCase", "leak", 6, { passed: true }),
  ...closeAndCallBack("leak", 7),
])

const directory = mkdtempSync(join(tmpdir(), "gridcase-measures-"))
afterAll(() => rmSync(directory, { recursive: true, force: true }))
const pool = testPool()

const STORES: ReadonlyArray<readonly [string, Effect.Effect<ReadModelStore.Shape, unknown, Scope.Scope>]> = [
  ["memory", Effect.sync(ReadModelStore.makeMemory)],
  ["sqlite", makeSqliteReadModelStore({ filename: join(directory, "measures.db") })],
  ["postgres", readModelsInFreshSchema(pool)],
]

const byId = (rows: ReadonlyArray<CaseMeasures.PartyMeasures>) =>
  Object.fromEntries(
    rows.map(({ id, returns, bounced, reworks, misdispatches }) => [
      id,
      { returns, bounced, reworks, misdispatches },
    ]),
  )

describe.each(STORES)("the case measures (综合评价) on the %s store", (_, make) => {
  it("count returns against who sent back, 推诿, wrong dispatches and rework against the handler", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const readModels = yield* make
          const { events } = freshStores()
          yield* appendStorable(events, caseStorable(history))
          yield* catchUp(CaseMeasures.makeProjection(config), events, readModels)
          yield* provideReadModels(readModels)(
            Effect.gen(function* () {
              expect(byId(yield* CaseMeasures.by("department"))).toEqual({
                gas: { returns: 1, bounced: 1, reworks: 0, misdispatches: 1 },
                water: { returns: 1, bounced: 1, reworks: 0, misdispatches: 1 },
              })
              expect(byId(yield* CaseMeasures.by("worker"))).toEqual({
                "grid-worker-wang": { returns: 0, bounced: 0, reworks: 1, misdispatches: 0 },
              })
              const [grid] = yield* CaseMeasures.by("grid")
              expect(grid).toMatchObject({
                id: "grid-a",
                returns: 2,
                bounced: 1,
                reworks: 1,
                misdispatches: 2,
              })
              // The grid's steps: registered in 30 min, dispatched three times (each within the
              // hour), verified twice, called back (回访) when closed, the whole case closed the same day — all on
              // time.
              expect(
                grid!.steps.map(({ step, numerator, denominator }) => [step, numerator, denominator]),
              ).toEqual([
                ["register", 1, 1],
                ["dispatch", 3, 3],
                ["acknowledge", 1, 1],
                ["handle", 2, 2],
                ["verify", 2, 2],
                ["followUp", 1, 1],
                ["whole", 1, 1],
              ])
              // Wang's steps: his acknowledgement and his two runs of handling.
              const [worker] = yield* CaseMeasures.by("worker")
              expect(worker!.onTime).toEqual({ numerator: 3, denominator: 3, rate: 1 })
              expect((yield* CaseMeasures.totals()).returns).toBe(2)
            }),
          )
        }),
      ),
    ))
})

describe("on-time steps", () => {
  it("a step finished past its limit is done but not on time; one the case left is neither", async () => {
    const late = eventsOf([
      report("late", 0),
      // Registered three working hours after the report: past the register limit.
      command("RegisterCase", "late", 3, {}),
      command("EscalateCase", "late", 4, { fromLevel: "grid", reason: "requested" }),
    ])
    const { events, readModels } = freshStores()
    const rows = await Effect.runPromise(
      Effect.gen(function* () {
        yield* appendStorable(events, caseStorable(late))
        yield* catchUp(CaseMeasures.makeProjection(config), events, readModels)
        return yield* provideReadModels(readModels)(CaseMeasures.by("grid"))
      }),
    )
    // The dispatch step the escalation interrupted is not counted.
    expect(rows[0]!.steps).toEqual([{ step: "register", numerator: 0, denominator: 1, rate: 0 }])
  })
})

describe("supervision (督办), reminders (催办) and written criticism (通报批评)", () => {
  it("count notices against their responder, reminders against the holder, and the answer as the responder's step", async () => {
    const wang = { _tag: "person", personId: "grid-worker-wang" } as const
    const pressed = eventsOf([
      report("pressed", 0, { category: "commonAreaClutter" }),
      command("RegisterCase", "pressed", 0.2, {}),
      command("DispatchCase", "pressed", 0.4, { assignee: wang }),
      command("AcknowledgeCase", "pressed", 0.6, { by: "grid-worker-wang" }),
      command("StartHandling", "pressed", 0.7, { by: "grid-worker-wang" }),
      command("SuperviseCase", "pressed", 1, { reason: "sensitive", note: "请说明", by: "supervisor-chen" }),
      // Answered on Thursday: a day past the two working days it had.
      command("AnswerSupervision", "pressed", 73, { note: "已安排", by: "grid-worker-wang" }),
      // Handling (5 working days from Monday 09:36) ran out the next Monday: reminded on Tuesday.
      command("RemindCase", "pressed", 8 * 24 + 1, {
        step: "handle",
        note: "催办通知书",
        by: "supervisor-chen",
      }),
    ])
    const { events, readModels } = freshStores()
    const [worker, grid] = await Effect.runPromise(
      Effect.gen(function* () {
        yield* appendStorable(events, caseStorable(pressed))
        yield* catchUp(CaseMeasures.makeProjection(config), events, readModels)
        return yield* provideReadModels(readModels)(
          Effect.all([CaseMeasures.by("worker"), CaseMeasures.by("grid")]),
        )
      }),
    )
    expect(worker).toMatchObject([{ id: "grid-worker-wang", supervisions: 1, reminders: 1 }])
    expect(grid).toMatchObject([{ id: "grid-a", supervisions: 1, reminders: 1 }])
    // Wang acknowledged on time and answered late: his supervision step is done, not on time.
    expect(worker![0]!.steps).toEqual([
      { step: "acknowledge", numerator: 1, denominator: 1, rate: 1 },
      { step: "supervision", numerator: 0, denominator: 1, rate: 0 },
    ])
  })
  it("count each criticism against the unit criticised: the late step's holder, not whoever holds the case", async () => {
    const office = { _tag: "unit", level: "grid", unitId: "grid-a-office" } as const
    const criticised = eventsOf([
      // Not dispatched: the notice goes to the grid's office, which never answers it.
      report("unanswered", 0, { category: "commonAreaClutter" }),
      command("RegisterCase", "unanswered", 0.2, {}),
      command("SuperviseCase", "unanswered", 1, {
        reason: "sensitive",
        note: "请说明",
        responder: office,
        by: "supervisor-chen",
      }),
      // Its two working days ran out on Wednesday 10:00: reminded on Thursday, criticised a
      // minute past five working days later, the next Wednesday 10:00.
      command("RemindCase", "unanswered", 73, {
        step: "supervision",
        note: "催办通知书",
        by: "supervisor-chen",
      }),
      command("CriticizeCase", "unanswered", 9 * 24 + 1 + 1 / 60, {
        step: "supervision",
        note: "书面通报批评",
        by: "supervisor-chen",
      }),
    ])
    const { events, readModels } = freshStores()
    const [units, workers, grids] = await Effect.runPromise(
      Effect.gen(function* () {
        yield* appendStorable(events, caseStorable(criticised))
        yield* catchUp(CaseMeasures.makeProjection(config), events, readModels)
        return yield* provideReadModels(readModels)(
          Effect.all([CaseMeasures.by("unit"), CaseMeasures.by("worker"), CaseMeasures.by("grid")]),
        )
      }),
    )
    expect(units).toMatchObject([{ id: "grid-a-office", supervisions: 1, criticisms: 1 }])
    expect(workers).toEqual([])
    expect(grids).toMatchObject([{ id: "grid-a", reminders: 1, criticisms: 1 }])
  })
})
