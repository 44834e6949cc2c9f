import { describe, expect, it } from "vitest"
import { shanghaiCalendar } from "../../src/calendar/china-mainland.ts"
import { deadlineAcross, runningMinutes } from "../../src/case/clocks.ts"
import type { Pause } from "../../src/case/state.ts"
import { stepLimitOf } from "../../src/case/timers.ts"
import { defaultPolicy } from "../../src/policy/default-policy.ts"
import type { TimeLimit } from "../../src/policy/time-limit.ts"
import { HOUR, MINUTE } from "../../src/shared/instant.ts"
import { event, inProgress, SUPERVISOR, shanghai, stateAfter, t } from "./support/story.ts"

/**
 * The case's clocks stand still while it is shelved (挂账) or on hold (暂停), and only then
 * (docs/domain.md: shelving and holding stop every clock; restoring resumes them where they
 * stopped). Worked on the wall clock, where a minute is a minute, so each expected figure is
 * plain arithmetic; the boundaries are the ones `pnpm mutate 'case/*.ts'` found untested: a pause
 * before the clock started, a pause beginning exactly as the limit runs out, a pause that begins
 * only after the moment looked at.
 */
const wall = (hours: number): TimeLimit => ({ clock: "wall", minutes: hours * 60 })
const START = shanghai("2026-03-10T09:00")
const at = (hours: number) => START + hours * HOUR

describe("runningMinutes: how much of a clock ran", () => {
  it("leaves out the time paused, and a pause over before the clock started takes nothing off", () => {
    const pauses: ReadonlyArray<Pause> = [
      { from: at(-5), to: at(-3) },
      { from: at(2), to: at(3) },
    ]
    expect(runningMinutes(shanghaiCalendar, wall(10), START, at(6), pauses)).toBe(5 * 60)
  })

  it("counts a pause still open up to the moment looked at", () => {
    expect(runningMinutes(shanghaiCalendar, wall(10), START, at(6), [{ from: at(4) }])).toBe(4 * 60)
  })

  it("counts no office minute across a pause that ended before the clock started", () => {
    // On the working clock too: 09:00–12:00 ran, the pause of the evening before takes nothing off.
    const working: TimeLimit = { clock: "working", minutes: 480 }
    const eveningBefore: Pause = { from: shanghai("2026-03-09T17:00"), to: shanghai("2026-03-09T18:00") }
    expect(runningMinutes(shanghaiCalendar, working, START, at(3), [eveningBefore])).toBe(180)
  })
})

describe("deadlineAcross: when a limit runs out, its clock standing still in pauses", () => {
  it("pushes the deadline back by each pause that began before it", () => {
    const pauses: ReadonlyArray<Pause> = [{ from: at(2), to: at(5) }]
    expect(deadlineAcross(shanghaiCalendar, START, wall(4), pauses, at(9))).toBe(at(7))
  })

  it("keeps the deadline when the limit ran out just as the pause began", () => {
    // Due at 10:00; shelved at 10:00 — already due, so the pause moves nothing.
    const pauses: ReadonlyArray<Pause> = [{ from: at(1), to: at(3) }]
    expect(deadlineAcross(shanghaiCalendar, START, wall(1), pauses, at(5))).toBe(at(1))
    // A minute later the pause would have come too late as well; a minute earlier it counts.
    expect(
      deadlineAcross(shanghaiCalendar, START, wall(1), [{ from: at(1) - MINUTE, to: at(3) }], at(5)),
    ).toBe(at(3) + MINUTE)
  })

  it("ignores a pause that begins after the moment looked at (the step ended before it)", () => {
    const later: ReadonlyArray<Pause> = [{ from: at(5), to: at(6) }]
    expect(deadlineAcross(shanghaiCalendar, START, wall(10), later, at(4))).toBe(at(10))
  })

  it("ignores a pause over before the clock started", () => {
    const before: ReadonlyArray<Pause> = [{ from: at(-4), to: at(-2) }]
    expect(deadlineAcross(shanghaiCalendar, START, wall(3), before, at(5))).toBe(at(3))
  })
})

describe("stepLimitOf: extensions (延期)", () => {
  it("lengthens the handling at the level that granted it and the whole case for good; no other step", () => {
    const extended = stateAfter([
      ...inProgress,
      event("ExtensionGranted", { at: t(5), by: SUPERVISOR, minutes: 960, note: undefined }),
    ])
    const base = (step: "handle" | "whole" | "verify") =>
      defaultPolicy.stepLimit(step, "commonAreaClutter", "normal")
    expect(stepLimitOf(extended, "handle", defaultPolicy)).toEqual({
      ...base("handle"),
      minutes: base("handle").minutes + 960,
    })
    expect(stepLimitOf(extended, "whole", defaultPolicy)).toEqual({
      ...base("whole"),
      minutes: base("whole").minutes + 960,
    })
    expect(stepLimitOf(extended, "verify", defaultPolicy)).toEqual(base("verify"))
    const escalated = stateAfter([
      ...inProgress,
      event("ExtensionGranted", { at: t(5), by: SUPERVISOR, minutes: 960, note: undefined }),
      event("CaseEscalated", {
        at: t(6),
        by: SUPERVISOR,
        from: "grid",
        to: "community",
        reason: "overdue",
        note: undefined,
      }),
    ])
    expect(stepLimitOf(escalated, "handle", defaultPolicy)).toEqual(base("handle"))
    expect(stepLimitOf(escalated, "whole", defaultPolicy).minutes).toBe(base("whole").minutes + 960)
  })
})
