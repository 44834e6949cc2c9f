import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { makeCaseDecider } from "../../../src/case/decide.ts"
import { escalationDue, isOverdue } from "../../../src/case/escalation-due.ts"
import { MINUTE } from "../../../src/shared/instant.ts"
import { finalState, runCommands } from "../../../src/testing/run-commands.ts"
import { applyTick } from "../../../src/testing/tick.ts"
import { casesUnderAnyPolicy, DAY, RUNS } from "./setup.ts"

/** How long after the latest event the tick runs: at once, minutes, hours or weeks later. */
const delay = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 59 * MINUTE }),
  fc.integer({ min: 1, max: 2 * DAY }),
  fc.integer({ min: 2 * DAY, max: 30 * DAY }),
)

/** Now and then the tick runs exactly at (or a millisecond beside) one case's due time, where off-by-ones live. */
const pin = fc.option(fc.record({ index: fc.nat(), nudge: fc.constantFrom(-1, 0, 1) }), { nil: undefined })

/**
 * Many cases as their commands left them, and a present moment no earlier than any of their
 * events: some delay after the latest one, or pinned to a due time when that is late enough.
 */
const casesAndNow = fc.tuple(casesUnderAnyPolicy(), delay, pin).map(([{ config, cases }, after, pinned]) => {
  const decider = makeCaseDecider(config)
  const states = cases.map((commands) => finalState(runCommands(decider, commands), decider.initialState))
  const latest = Math.max(...states.map((state) => (state.exists ? state.lastAt : 0)))
  const pinnedState = pinned === undefined ? undefined : states[pinned.index % states.length]
  const due = pinnedState?.exists ? escalationDue(pinnedState, config.policy, config.calendar) : undefined
  const atDue = due === undefined || pinned === undefined ? undefined : due.dueAt + pinned.nudge
  return { config, states, now: atDue !== undefined && atDue >= latest ? atDue : latest + after }
})

describe("deadline tick properties", () => {
  it("liveness: after a tick at any present moment, no open case is overdue and un-escalated", () => {
    fc.assert(
      fc.property(casesAndNow, ({ config, states, now }) => {
        const tick = applyTick(states, now, config)
        expect(tick.refusals).toEqual([])
        for (const state of tick.states) {
          if (!state.exists) continue
          const due = escalationDue(state, config.policy, config.calendar)
          if (due !== undefined) expect(isOverdue(due, now)).toBe(false)
        }
      }),
      RUNS,
    )
  })

  it("ticks are idempotent: the same tick again appends nothing and changes nothing", () => {
    fc.assert(
      fc.property(casesAndNow, ({ config, states, now }) => {
        const first = applyTick(states, now, config)
        const second = applyTick(first.states, now, config)
        expect(second.events).toEqual([])
        expect(second.refusals).toEqual([])
        expect(second.states).toStrictEqual(first.states)
      }),
      RUNS,
    )
  })
})
