import { describe, expect, it } from "vitest"
import { shanghaiCalendar } from "../../src/calendar/china-mainland.ts"
import { escalationDue, isOverdue } from "../../src/case/escalation-due.ts"
import type { CaseEvent } from "../../src/case/events.ts"
import { evolveCase } from "../../src/case/evolve.ts"
import { initialCaseState, isPaused, isSettled, stepHolder } from "../../src/case/state.ts"
import { defaultPolicy } from "../../src/policy/default-policy.ts"
import { MINUTE } from "../../src/shared/instant.ts"
import {
  closed,
  closedWith,
  event,
  inProgress,
  LEADER,
  registered,
  reported,
  SUPERVISOR,
  stateAfter,
  t,
  WORKER,
} from "./support/story.ts"

/**
 * When a case can be forgotten, when its clocks stand still, when it is overdue — the three
 * questions the deadline process and the read models ask of every case, written from the loop
 * (docs/domain.md §1): only a case closed with a verdict that allows no reopen, or rejected,
 * voided or merged, never changes again; a case closed and still waiting for its call-back (回访)
 * may yet be sent back for rework (发回重办).
 */
const held = [
  ...inProgress,
  event("CaseHeld", { at: t(5), by: WORKER, reason: "等待配件 — waiting for a part" }),
]
const resumed = [...held, event("CaseResumed", { at: t(6), by: WORKER })]

describe("isSettled", () => {
  it("settles only what can never change again", () => {
    const table: ReadonlyArray<[string, ReadonlyArray<CaseEvent>, boolean]> = [
      ["reported", reported, false],
      ["in handling", inProgress, false],
      ["closed, waiting for its call-back", closed, false],
      ["closed, satisfied", closedWith("satisfied"), true],
      ["closed, not reached", closedWith("notReached"), true],
      ["closed, unsatisfied (may be sent back)", closedWith("unsatisfied"), false],
      [
        "rejected",
        [
          ...registered,
          event("CaseRejected", { at: t(2), by: LEADER, reason: "notAProblem", note: undefined }),
        ],
        true,
      ],
      [
        "voided",
        [
          ...inProgress,
          event("VoidRequested", { at: t(5), by: WORKER, reason: "误报 — false report" }),
          event("CaseVoided", { at: t(6), by: SUPERVISOR, note: undefined }),
        ],
        true,
      ],
      [
        "merged",
        [...registered, event("CaseMerged", { at: t(2), by: LEADER, into: "nanshan-2026-0041" })],
        true,
      ],
    ]
    for (const [name, history, settled] of table) expect(isSettled(stateAfter(history)), name).toBe(settled)
  })
})

describe("isPaused", () => {
  it("is paused while on hold, and runs again once resumed", () => {
    expect(isPaused(stateAfter(inProgress))).toBe(false)
    expect(isPaused(stateAfter(held))).toBe(true)
    expect(isPaused(stateAfter(resumed))).toBe(false)
  })
})

describe("isOverdue", () => {
  it("is overdue strictly after the level's deadline, not at it", () => {
    const due = escalationDue(stateAfter(resumed), defaultPolicy, shanghaiCalendar)
    expect(due).toBeDefined()
    if (due === undefined) return
    expect(isOverdue(due, due.dueAt)).toBe(false)
    expect(isOverdue(due, due.dueAt + MINUTE)).toBe(true)
    // While on hold its clocks stand still: nothing is due.
    expect(escalationDue(stateAfter(held), defaultPolicy, shanghaiCalendar)).toBeUndefined()
  })
})

describe("stepHolder: who answers for a step (the unit pressed by 催办 and 通报批评)", () => {
  it("is the assignee for acknowledging and handling, the notice's responder for its answer, nobody for the office's own", () => {
    const toWorker = { _tag: "person", personId: WORKER } as const
    const supervised = [
      ...inProgress,
      event("CaseSupervised", {
        at: t(5),
        by: SUPERVISOR,
        note: "请说明",
        reason: "sensitive",
        responder: toWorker,
      }),
    ]
    const c = stateAfter(supervised)
    expect(stepHolder(c, "handle")).toEqual(toWorker)
    expect(stepHolder(c, "acknowledge")).toEqual(toWorker)
    expect(stepHolder(c, "supervision")).toEqual(toWorker)
    for (const step of ["register", "dispatch", "verify", "followUp", "whole"] as const) {
      expect(stepHolder(c, step), step).toBeUndefined()
    }
    const answered = stateAfter([
      ...supervised,
      event("SupervisionAnswered", { at: t(6), by: WORKER, note: "已安排" }),
    ])
    expect(stepHolder(answered, "supervision")).toBeUndefined()
  })
})

describe("evolveCase is total: replay never crashes", () => {
  it("keeps no case for an event before any report, and a second report changes nothing but the time", () => {
    expect(evolveCase(initialCaseState, registered[1]!)).toEqual(initialCaseState)
    const again = { ...reported[0]!, at: t(3) } as CaseEvent
    expect(evolveCase(stateAfter(registered), again)).toEqual({ ...stateAfter(registered), lastAt: t(3) })
  })
})
