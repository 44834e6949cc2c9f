import { describe, expect, it } from "vitest"
import { OutsideCalendarError } from "../../src/calendar/calendar.ts"
import { shanghaiCalendar } from "../../src/calendar/china-mainland.ts"
import { criticismsDue } from "../../src/case/criticism-due.ts"
import type { CaseEvent } from "../../src/case/events.ts"
import { remindersDue } from "../../src/case/reminder-due.ts"
import { placed, runningDeadlines } from "../../src/case/timers.ts"
import { defaultPolicy } from "../../src/policy/default-policy.ts"
import { deadlineAfter } from "../../src/policy/time-limit.ts"
import { HOUR, MINUTE } from "../../src/shared/instant.ts"
import {
  closed,
  dispatched,
  event,
  inProgress,
  registered,
  report,
  reported,
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
    // Dispatched on the last morning the calendar knows: the acknowledgement's hour falls in it,
    // the whole case's working days do not — one step owed, the other left out.
    const lastMorning = (minutes: number) => shanghai("2026-12-31T09:00") + minutes * MINUTE
    const mixed = [
      event("CaseReported", { at: lastMorning(0), by: WORKER, ...report }),
      event("CaseRegistered", { at: lastMorning(10), by: WORKER }),
      event("CaseDispatched", {
        at: lastMorning(20),
        by: WORKER,
        assignee: { _tag: "person", personId: WORKER },
        note: undefined,
      }),
    ]
    expect(due(mixed)).toEqual([
      { step: "acknowledge", deadline: lastMorning(80), remindAt: shanghai("2027-01-01T00:00") },
    ])
  })
})

describe("criticisms owed (通报批评)", () => {
  // Reminded of the handling deadline the day after it; owed a criticism once 5 working days more
  // have run (docs/domain.md#rule-reminder), unless a reason was reported or it was criticised.
  const remindedOfHandling = [
    ...inProgress,
    event("CaseReminded", {
      at: shanghai("2026-03-18T09:00"),
      by: SUPERVISOR,
      note: "催办通知书",
      step: "handle",
      dueAt: HANDLE_DUE,
    }),
  ]
  const owed = (history: ReadonlyArray<CaseEvent>) =>
    criticismsDue(stateAfter(history), defaultPolicy, shanghaiCalendar).map(
      ({ step, deadline, criticizeAfter }) => ({
        step,
        deadline,
        criticizeAfter,
      }),
    )
  const after = (history: ReadonlyArray<CaseEvent>, more: CaseEvent) => [...history, more]

  it("owes the holder of a reminded step one criticism, after 5 working days past its deadline", () => {
    expect(owed(remindedOfHandling)).toEqual([
      { step: "handle", deadline: HANDLE_DUE, criticizeAfter: shanghai("2026-03-24T10:00") },
    ])
  })

  it("owes nothing for a step not reminded of its deadline, explained, or criticised already", () => {
    expect(owed(inProgress)).toEqual([])
    const stamp = { at: shanghai("2026-03-18T10:00"), step: "handle", dueAt: HANDLE_DUE } as const
    expect(
      owed(
        after(remindedOfHandling, event("DelayExplained", { ...stamp, by: WORKER, reason: "等待物业配合" })),
      ),
    ).toEqual([])
    expect(
      owed(
        after(
          remindedOfHandling,
          event("CaseCriticized", {
            ...stamp,
            by: SUPERVISOR,
            criticised: { _tag: "person", personId: WORKER },
            note: "通报批评",
          }),
        ),
      ),
    ).toEqual([])
  })

  it("owes nothing for the office's own steps, reminded or not", () => {
    // Intake's hour ran out unregistered and was reminded: nobody outside the office holds it.
    const remindedOfIntake = [
      ...reported,
      event("CaseReminded", {
        at: shanghai("2026-03-11T09:00"),
        by: SUPERVISOR,
        note: "催办通知书",
        step: "register",
        dueAt: shanghai("2026-03-10T10:30"),
      }),
    ]
    expect(owed(remindedOfIntake)).toEqual([])
  })

  it("presses no case on hold, shelved or ended", () => {
    const held = after(
      remindedOfHandling,
      event("CaseHeld", { at: shanghai("2026-03-18T10:00"), by: WORKER, reason: "等待配件" }),
    )
    expect(owed(held)).toEqual([])
    const resolvedLate = after(
      remindedOfHandling,
      event("CaseResolved", { at: shanghai("2026-03-18T10:00"), by: WORKER, result: "已清理" }),
    )
    expect(owed(resolvedLate)).toEqual([])
  })
})

describe("runningDeadlines", () => {
  it("lists each running step once with its deadline, and only those the calendar can place", () => {
    // The whole case runs from the report on its category's limit, nothing paused.
    const wholeDue = deadlineAfter(
      shanghaiCalendar,
      t(0),
      defaultPolicy.stepLimit("whole", report.category, "normal"),
    )
    expect(runningDeadlines(stateAfter(dispatched), defaultPolicy, shanghaiCalendar)).toEqual([
      { step: "acknowledge", deadline: ACKNOWLEDGE_DUE },
      { step: "whole", deadline: wholeDue },
    ])
    const lateInTheYear = stateAfter([
      event("CaseReported", { at: shanghai("2026-12-31T17:30"), by: WORKER, ...report }),
    ])
    expect(runningDeadlines(lateInTheYear, defaultPolicy, shanghaiCalendar)).toEqual([])
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
