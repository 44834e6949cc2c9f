import { Case, Escalation, Instant } from "@gridcase/core"
import { describe, expect, it } from "vitest"
import { CaseDeadlines } from "../../src/index.ts"
import { at, command, config, eventsOf, projectHistory, query, report } from "../support/cases.ts"

const deadlines = CaseDeadlines.makeProjection(config)

const commands = [
  // Grid level, normal: 2 working days from Monday 09:00, so due Tuesday 18:00.
  report("grid-case", 0),
  command("RegisterCase", "grid-case", 1, {}),
  command("DispatchCase", "grid-case", 2, {
    assignee: { _tag: "department", departmentId: "water-company" },
  }),
  // Urgent: 2 wall-clock hours at each level.
  report("urgent-case", 1, { urgency: "urgent", category: "safetyHazard" }),
  // At the top of the ladder: overdue, but it cannot escalate any further.
  report("district-case", 0, { level: "district" }),
  // Resolved cases never show as overdue.
  report("resolved-case", 0),
  command("RegisterCase", "resolved-case", 1, {}),
  command("DispatchCase", "resolved-case", 1, { assignee: { _tag: "person", personId: "worker-zhang" } }),
  command("AcknowledgeCase", "resolved-case", 1, {}),
  command("StartHandling", "resolved-case", 1, {}),
  command("ResolveCase", "resolved-case", 2, { result: "已修复 — fixed" }),
]
const history = eventsOf(commands)

const dueOf = (caseId: string): number => {
  const state = history
    .filter((event) => event.caseId === caseId)
    .reduce<Case.State>(Case.evolve, Case.initialState)
  return Escalation.levelDeadline(state as Case.OpenedCase, config.policy, config.calendar)
}

describe("the overdue board", () => {
  it("lists cases past their level deadline by level and department, with the time overdue", async () => {
    const readModels = await projectHistory(history, [deadlines])
    const now = at(24 * 28)
    const board = await query(readModels, CaseDeadlines.overdueBoard(now))
    expect(board.map((cell) => [cell.level, cell.departmentId, cell.cases.map((c) => c.caseId)])).toEqual([
      ["grid", undefined, ["urgent-case"]],
      ["grid", "water-company", ["grid-case"]],
      ["district", undefined, ["district-case"]],
    ])
    const gridCase = board[1]!.cases[0]!
    expect(gridCase).toEqual({
      caseId: "grid-case",
      gridId: "grid-a",
      category: "sanitation",
      urgency: "normal",
      level: "grid",
      departmentId: "water-company",
      dueAt: dueOf("grid-case"),
      overdueMs: now - dueOf("grid-case"),
    })
    expect(gridCase.dueAt).toBe(at(33))
  })

  it("shows nothing before the first deadline passes", async () => {
    const readModels = await projectHistory(history, [deadlines])
    expect(await query(readModels, CaseDeadlines.overdueBoard(at(2)))).toEqual([])
    expect(await query(readModels, CaseDeadlines.overdueBoard(at(1) + 2 * Instant.HOUR + 1))).toMatchObject([
      { level: "grid", cases: [{ caseId: "urgent-case", overdueMs: 1 }] },
    ])
  })
})

describe("the escalation queue", () => {
  it("holds the cases that will escalate by themselves, soonest first, and yields those overdue", async () => {
    const readModels = await projectHistory(history, [deadlines])
    const upcoming = await query(readModels, CaseDeadlines.upcomingEscalations())
    expect(upcoming).toEqual([
      { caseId: "urgent-case", level: "grid", dueAt: at(3) },
      { caseId: "grid-case", level: "grid", dueAt: at(33) },
    ])
    expect(await query(readModels, CaseDeadlines.dueForEscalation(at(3)))).toEqual([])
    expect(await query(readModels, CaseDeadlines.dueForEscalation(at(40)))).toEqual(upcoming)
    expect(await query(readModels, CaseDeadlines.dueForEscalation(at(40), 1))).toEqual(upcoming.slice(0, 1))
  })

  it("drops a case from the queue once it escalates, and queues it again at its new level", async () => {
    const escalated = eventsOf([
      ...commands,
      command("EscalateCase", "urgent-case", 4, { fromLevel: "grid", reason: "overdue" }),
    ])
    const escalation = escalated.find((event) => event._tag === "CaseEscalated")
    const readModels = await projectHistory(escalated, [deadlines])
    const upcoming = await query(readModels, CaseDeadlines.upcomingEscalations())
    expect(upcoming.filter((due) => due.caseId === "urgent-case")).toEqual([
      {
        caseId: "urgent-case",
        level: escalation?._tag === "CaseEscalated" ? escalation.to : "",
        dueAt: at(4) + 2 * Instant.HOUR,
      },
    ])
  })

  it("lists apart the cases whose deadline lies beyond the calendar's years", async () => {
    const lateDecember = Date.UTC(2026, 11, 31, 1, 0)
    const events = eventsOf([report("year-end", (lateDecember - at(0)) / Instant.HOUR)])
    const readModels = await projectHistory(events, [deadlines])
    expect(await query(readModels, CaseDeadlines.casesWithoutDeadline)).toEqual([
      { caseId: "year-end", level: "grid", levelEnteredAt: lateDecember },
    ])
    expect(await query(readModels, CaseDeadlines.upcomingEscalations())).toEqual([])
  })
})
