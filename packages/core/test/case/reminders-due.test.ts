import { describe, expect, it } from "vitest"
import { OutsideCalendarError } from "../../src/calendar/calendar.ts"
import { shanghaiCalendar } from "../../src/calendar/china-mainland.ts"
import type { CaseEvent } from "../../src/case/events.ts"
import { remindersDue } from "../../src/case/reminder-due.ts"
import { placed } from "../../src/case/timers.ts"
import { defaultPolicy } from "../../src/policy/default-policy.ts"
import { HOUR } from "../../src/shared/instant.ts"
import {
  closed,
  dispatched,
  event,
  inProgress,
  registered,
  report,
  SUPERVISOR,
  shanghai,
  stateAfter,
  t,
  WORKER,
} from "./support/story.ts"

/**
 * Which steps a case is owed a reminder (催办) for, written from the rule (docs/domain.md#rule-reminder):
 * the reminder notice goes out the day after (到期次日, a calendar day) a running step's deadline,
 * once per deadline; a case on hold (暂停), shelved (挂账) or ended is not pressed. The deadline
 * process's properties run these through the store; these pin each condition on a made case, as
 * `pnpm mutate 'case/*.ts'` found every one of them could be flipped unseen (docs/mutation.md).
 */
const due = (history: ReadonlyArray<CaseEvent>) =>
  remindersDue(stateAfter(history), defaultPolicy, shanghaiCalendar).map(({ step, deadline, remindAt }) => ({
    step,
    deadline,
    remindAt,
  }))

const stepsDue = (history: ReadonlyArray<CaseEvent>) => due(history).map(({ step }) => step)

/** The first moment of the calendar day after `at`'s, in Shanghai: 到期次日, read off the date. */
const nextDayInShanghai = (at: number): number => {
  const date = new Date(at + 8 * HOUR).toISOString().slice(0, 10)
  return Date.parse(`${date}T00:00:00+08:00`) + 24 * HOUR
}

// Dispatched at t(2), Tuesday 10 March 2026 09:50: the unit acknowledges (签收) within 1 working
// hour (docs/policy.md); handling, from the acknowledgement at t(3), 10:00, takes 5 working days
// of eight office hours (09:00–12:00, 13:00–18:00): Tuesday's seven, four whole days, and one
// more hour on Tuesday 17 March.
const ACKNOWLEDGE_DUE = shanghai("2026-03-10T10:50")
const HANDLE_DUE = shanghai("2026-03-17T10:00")

describe("reminders owed (催办)", () => {
  it("owes each running step one reminder, from the first moment of the day after its deadline", () => {
    const owed = due(dispatched)
    expect(owed.map(({ step }) => step)).toEqual(["acknowledge", "whole"])
    expect(owed[0]).toEqual({
      step: "acknowledge",
      deadline: ACKNOWLEDGE_DUE,
      remindAt: shanghai("2026-03-11T00:00"),
    })
    for (const { deadline, remindAt } of owed) expect(remindAt).toBe(nextDayInShanghai(deadline))
  })

  it("owes nothing for the steps that ended", () => {
    // Register and dispatch ended with the dispatch; the acknowledgement ended its own step.
    expect(stepsDue(inProgress)).toEqual(["handle", "whole"])
    expect(due(inProgress)[0]?.deadline).toBe(HANDLE_DUE)
  })

  it("owes a step nothing more once reminded of its deadline, and again when the deadline moves", () => {
    const reminded = [
      ...inProgress,
      event("CaseReminded", {
        at: t(30),
        by: SUPERVISOR,
        note: "催办通知书",
        step: "handle",
        dueAt: HANDLE_DUE,
      }),
    ]
    expect(stepsDue(reminded)).toEqual(["whole"])
    const extended = [
      ...reminded,
      event("ExtensionGranted", { at: t(31), by: SUPERVISOR, minutes: 60, note: undefined }),
    ]
    expect(due(extended)[0]).toMatchObject({ step: "handle", deadline: HANDLE_DUE + HOUR })
    const remindedOfAnother = [
      ...inProgress,
      event("CaseReminded", {
        at: t(30),
        by: SUPERVISOR,
        note: "催办通知书",
        step: "handle",
        dueAt: ACKNOWLEDGE_DUE,
      }),
    ]
    expect(stepsDue(remindedOfAnother)).toEqual(["handle", "whole"])
  })

  it("presses no case on hold, shelved or ended", () => {
    const held = [
      ...inProgress,
      event("CaseHeld", { at: t(5), by: WORKER, reason: "等待配件 — waiting for a part" }),
    ]
    const shelved = [
      ...inProgress,
      event("ShelveRequested", { at: t(5), by: WORKER, reason: "待拆迁 — awaiting demolition" }),
      event("CaseShelved", { at: t(6), by: SUPERVISOR, note: undefined }),
    ]
    for (const [name, history] of [
      ["on hold", held],
      ["shelved", shelved],
      // Closed and waiting for its call-back (回访): the call-back's clock runs, yet closing ends the case's pressing.
      ["closed", closed],
      [
        "rejected",
        [
          ...registered,
          event("CaseRejected", { at: t(2), by: SUPERVISOR, reason: "notAProblem", note: undefined }),
        ],
      ],
    ] as const) {
      expect(due(history), name).toEqual([])
    }
  })

  it("leaves out a deadline the calendar cannot place, and only that one", () => {
    // Reported at 17:30 on the last working day the calendar knows: the hour of intake (登记, 派遣)
    // and the case's working days end in a year it has no notice for.
    const lateInTheYear = [event("CaseReported", { at: shanghai("2026-12-31T17:30"), by: WORKER, ...report })]
    expect(due(lateInTheYear)).toEqual([])
    // An urgent report runs on the wall clock, which every year has.
    const urgent = [
      event("CaseReported", { at: shanghai("2026-12-31T17:30"), by: WORKER, ...report, urgency: "urgent" }),
    ]
    expect(stepsDue(urgent)).toEqual(["register", "dispatch", "whole"])
  })
})

describe("placed", () => {
  it("gives nothing for a moment outside the calendar's years, and lets any other fault through", () => {
    const outside = new OutsideCalendarError({
      calendar: "shanghai",
      at: 0,
      year: 1970,
      knownYears: [2025, 2026],
    })
    expect(
      placed(() => {
        throw outside
      }),
    ).toBeUndefined()
    const fault = new RangeError("not a calendar's gap")
    expect(() =>
      placed(() => {
        throw fault
      }),
    ).toThrow(fault)
    expect(placed(() => 42)).toBe(42)
  })
})
