import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { CaseCommandOf } from "../../../src/case/commands.ts"
import { makeCaseDecider } from "../../../src/case/decide.ts"
import { levelDeadline } from "../../../src/case/escalation-due.ts"
import type { CaseEvent } from "../../../src/case/events.ts"
import { isEscalatable } from "../../../src/case/state.ts"
import { caseTimers } from "../../../src/case/timers.ts"
import { EscalationReason } from "../../../src/case/vocabulary.ts"
import { isTopLevel, LEVELS, type Level } from "../../../src/shared/level.ts"
import { arbitraryCaseActor } from "../../../src/testing/arbitraries/case.ts"
import { arbitraryCaseLifecycle } from "../../../src/testing/arbitraries/case-lifecycle.ts"
import { runCommands } from "../../../src/testing/run-commands.ts"
import { caseUnderAnyPolicy, config, DAY, decider, RUNS } from "./setup.ts"

const eventsOf = (decision: Result.Result<ReadonlyArray<CaseEvent>, unknown>): ReadonlyArray<CaseEvent> =>
  Result.isSuccess(decision) ? decision.success : []

/** The level an event hands the case to, if it moves the case. */
const ownerAfter = (event: CaseEvent): Level | undefined =>
  event._tag === "CaseReported" || event._tag === "CaseEscalated" || event._tag === "CaseDeEscalated"
    ? event._tag === "CaseReported"
      ? event.level
      : event.to
    : undefined

describe("escalation properties", () => {
  it("single owner: every reachable case has exactly one owner level, the one its history handed it to", () => {
    fc.assert(
      fc.property(arbitraryCaseLifecycle(config), (commands) => {
        let owner: Level | undefined
        for (const step of runCommands(decider, commands)) {
          for (const event of eventsOf(step.decision)) owner = ownerAfter(event) ?? owner
          if (!step.after.exists) continue
          expect(LEVELS).toContain(step.after.level)
          expect(step.after.level).toBe(owner)
        }
      }),
      RUNS,
    )
  })

  it("never escalates a resolved, closed or top-level case, for any reason", () => {
    const escalation = fc.record({
      by: arbitraryCaseActor,
      reason: fc.constantFrom(...EscalationReason.literals),
      // Long enough after the last event that an overdue escalation would be due, if anything were.
      laterBy: fc.integer({ min: 0, max: 60 * DAY }),
    })
    fc.assert(
      fc.property(caseUnderAnyPolicy(), escalation, ({ config, commands }, { by, reason, laterBy }) => {
        const decider = makeCaseDecider(config)
        for (const step of runCommands(decider, commands)) {
          const c = step.after
          if (!c.exists || (isEscalatable(c.status) && !isTopLevel(c.level))) continue
          const command: CaseCommandOf<"EscalateCase"> = {
            _tag: "EscalateCase",
            caseId: c.caseId,
            at: c.lastAt + laterBy,
            by,
            fromLevel: c.level,
            reason,
          }
          expect(Result.isFailure(decider.decide(command, c))).toBe(true)
        }
      }),
      RUNS,
    )
  })

  it("deadlines in working time fall after their clock starts and on a working moment", () => {
    fc.assert(
      fc.property(caseUnderAnyPolicy(), ({ config, commands }) => {
        const { policy, calendar } = config
        const check = (startedAt: number, dueAt: number) => {
          expect(dueAt).toBeGreaterThan(startedAt)
          expect(calendar.isWorkingMoment(dueAt)).toBe(true)
        }
        for (const step of runCommands(makeCaseDecider(config), commands)) {
          const c = step.after
          if (!c.exists) continue
          const timers = caseTimers(c, c.lastAt, policy, calendar)
          const handling = timers.find((timer) => timer.step === "handle" && timer.endedAt === undefined)
          const due = levelDeadline(c, policy, calendar)
          // The later of the stay and the handling limit: a working stay lands on a working moment.
          if (
            due !== handling?.dueAt &&
            policy.levelLimit(c.category, c.urgency, c.level).clock === "working"
          ) {
            check(c.levelEnteredAt, due)
          }
          for (const timer of timers) {
            if (timer.limit.clock === "working") check(timer.startedAt, timer.dueAt)
          }
        }
      }),
      RUNS,
    )
  })
  it("never escalates a case for being overdue while its handler is within the handling limit", () => {
    fc.assert(
      fc.property(caseUnderAnyPolicy(), ({ config, commands }) => {
        const { policy, calendar } = config
        for (const { before, decision } of runCommands(makeCaseDecider(config), commands)) {
          if (!before.exists) continue
          for (const event of eventsOf(decision)) {
            if (event._tag !== "CaseEscalated" || event.reason !== "overdue") continue
            const handling = caseTimers(before, event.at, policy, calendar).find(
              (timer) => timer.step === "handle" && timer.endedAt === undefined,
            )
            if (handling !== undefined) expect(event.at).toBeGreaterThan(handling.dueAt)
          }
        }
      }),
      RUNS,
    )
  })
})
