import { Case } from "@gridcase/core"
import { describe, expect, it } from "vitest"
import { CaseDeadlines, CaseLights, OpenCases } from "../../src/index.ts"
import { at, command, config, eventsOf, fullLoop, projectHistory, query, report } from "../support/cases.ts"

const deadlines = CaseDeadlines.makeProjection(config)

// Monday 09:00 + hours. Registering and dispatching share 1 working hour from receipt (Fuzhou
// intake), acknowledging has 1 working hour from dispatch; yellow from 80 % of a limit, red past it.
const history = eventsOf([
  // Reported at 09:00 and never registered: at 11:00 its register and dispatch steps are red,
  // overdue, while its level deadline (2 working days in the grid) is far off.
  report("unregistered", 0),
  // Reported at 10:06: 54 minutes of its hour used at 11:00, yellow.
  report("nearly-due", 1.1),
  // Reported at 10:54: green.
  report("fresh", 1.9),
  // Registered in time, dispatched to a department at 09:54 that has not acknowledged by 11:00.
  report("at-the-water-works", 0),
  command("RegisterCase", "at-the-water-works", 0.5, {}),
  command("DispatchCase", "at-the-water-works", 0.9, {
    assignee: { _tag: "department", departmentId: "water-company" },
  }),
])

describe("overdue from the lights (超期)", () => {
  it("counts an open case with any red step, by level and department, most overdue first", async () => {
    const readModels = await projectHistory(history, [OpenCases.projection, deadlines])
    const now = at(2)
    const board = await query(readModels, CaseLights.overdueBoard(now, config))
    expect(board).toEqual([
      {
        level: "grid",
        departmentId: undefined,
        cases: [
          {
            caseId: "unregistered",
            gridId: "grid-a",
            category: "sanitation",
            urgency: "normal",
            level: "grid",
            departmentId: undefined,
            redSteps: ["register", "dispatch"],
            dueAt: at(1),
            overdueMs: at(2) - at(1),
          },
        ],
      },
      {
        level: "grid",
        departmentId: "water-company",
        cases: [
          {
            caseId: "at-the-water-works",
            gridId: "grid-a",
            category: "sanitation",
            urgency: "normal",
            level: "grid",
            departmentId: "water-company",
            redSteps: ["acknowledge"],
            dueAt: at(1.9),
            overdueMs: at(2) - at(1.9),
          },
        ],
      },
    ])
    // The level deadlines have not passed: the deadline process's board shows nothing yet.
    expect(await query(readModels, CaseDeadlines.overdueBoard(now))).toEqual([])
  })

  it("gives each open case its worst light", async () => {
    const readModels = await projectHistory(history, [OpenCases.projection])
    const cases = await query(readModels, CaseLights.openCases(at(2), config))
    expect(cases.map((c) => [c.case.caseId, c.worst, c.overdue])).toEqual([
      ["at-the-water-works", "red", true],
      ["fresh", "green", false],
      ["nearly-due", "yellow", false],
      ["unregistered", "red", true],
    ])
  })

  it("never counts a closed case, even one whose steps went red", () => {
    // Registered two working hours after the report, then the loop ran to its close.
    const late = eventsOf([report("closed-late", 0), ...fullLoop("closed-late", 2)])
    const closed = late.reduce<Case.State>(Case.evolve, Case.initialState) as Case.OpenedCase
    const lit = CaseLights.lit(closed, at(12), config)
    expect(closed.status).toBe("closed")
    expect(lit.timers.find((timer) => timer.step === "register")?.light).toBe("red")
    expect(lit.worst).toBe("red")
    expect(lit.overdue).toBe(false)
    expect(CaseLights.isOverdue(closed, at(12), config)).toBe(false)
  })

  it("lights a supervision notice (督办单) red once its answer is late, and counts the case overdue", () => {
    const wang = "grid-worker-wang"
    const pressed = eventsOf([
      report("pressed", 0, { category: "commonAreaClutter" }),
      command("RegisterCase", "pressed", 0.2, {}),
      command("DispatchCase", "pressed", 0.4, { assignee: { _tag: "person", personId: wang } }),
      command("AcknowledgeCase", "pressed", 0.6, { by: wang }),
      command("StartHandling", "pressed", 0.7, { by: wang }),
      // Monday 10:00: two working days (16 office hours) to answer, to Wednesday 10:00.
      command("SuperviseCase", "pressed", 1, {
        reason: "sensitive",
        note: "请说明 — explain",
        by: "supervisor-chen",
      }),
    ])
    const c = pressed.reduce<Case.State>(Case.evolve, Case.initialState) as Case.OpenedCase
    const light = (now: number) =>
      CaseLights.lit(c, now, config).timers.find((timer) => timer.step === "supervision")?.light
    expect(light(at(49))).toBe("yellow") // Wednesday 10:00, the limit reached
    expect(light(at(49.1))).toBe("red")
    expect(CaseLights.isOverdue(c, at(49.1), config)).toBe(true)
    // Answered in time, it stays green: the handling (5 working days) is not due yet either.
    const answered = Case.evolve(c, {
      _tag: "SupervisionAnswered",
      caseId: "pressed",
      at: at(2),
      by: wang,
      note: "已安排 — arranged",
    }) as Case.OpenedCase
    expect(CaseLights.lit(answered, at(49.1), config).overdue).toBe(false)
  })

  it("takes the worst of the lights, and none of none", () => {
    expect(CaseLights.worstLight([])).toBeUndefined()
    expect(CaseLights.worstLight([{ light: "green" }, { light: "yellow" }, { light: "green" }])).toBe(
      "yellow",
    )
    expect(CaseLights.worstLight([{ light: "red" }, { light: "yellow" }])).toBe("red")
  })
})
