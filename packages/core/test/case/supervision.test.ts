import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { shanghaiCalendar } from "../../src/calendar/china-mainland.ts"
import { caseEventCodec, caseStreamId } from "../../src/case/codec.ts"
import type { CaseCommand, CaseCommandOf } from "../../src/case/commands.ts"
import { makeCaseDecider } from "../../src/case/decide.ts"
import type { CaseEvent, CaseEventOf, CaseEventTag } from "../../src/case/events.ts"
import type { OpenedCase } from "../../src/case/state.ts"
import { caseTimers } from "../../src/case/timers.ts"
import type { Assignee } from "../../src/case/vocabulary.ts"
import { defaultPolicy } from "../../src/policy/default-policy.ts"
import { fold } from "../../src/shared/decider.ts"
import { MINUTE } from "../../src/shared/instant.ts"
import { DeciderSpecification } from "../../src/testing/decider-spec.ts"

const decider = makeCaseDecider({ policy: defaultPolicy, calendar: shanghaiCalendar })
const spec = DeciderSpecification.for(decider)

/** A moment in Shanghai, e.g. `shanghai("2026-03-10T09:30")`. */
const shanghai = (local: string): number => Date.parse(`${local}:00+08:00`)

const caseId = "nanshan-2026-0077"
const WORKER = "grid-worker-wang"
const LEADER = "grid-leader-li"
const SUPERVISOR = "supervisor-chen"
const OPERATOR = "hotline-operator-zhao"
const toWorker: Assignee = { _tag: "person", personId: WORKER }

/** Tuesday 10 March 2026, 09:30; each step of the history ten minutes after the one before. */
const t = (n: number): number => shanghai("2026-03-10T09:30") + n * 10 * MINUTE

const event = <T extends CaseEventTag>(tag: T, fields: Omit<CaseEventOf<T>, "_tag" | "caseId">): CaseEvent =>
  ({ _tag: tag, caseId, ...fields }) as unknown as CaseEvent

const registered = [
  event("CaseReported", {
    at: t(0),
    by: WORKER,
    source: "patrol",
    category: "commonAreaClutter",
    urgency: "normal",
    description: "楼道堆放杂物 — boxes block the stairwell",
    location: { gridId: "nanshan-grid-12" },
    level: "grid",
  }),
  event("CaseRegistered", { at: t(1), by: LEADER }),
]
const inProgress = [
  ...registered,
  event("CaseDispatched", { at: t(2), by: LEADER, assignee: toWorker, note: undefined }),
  event("CaseAcknowledged", { at: t(3), by: WORKER }),
  event("HandlingStarted", { at: t(4), by: WORKER }),
]

const supervise = (
  at: number,
  reason: CaseCommandOf<"SuperviseCase">["reason"],
  responder?: Assignee,
): CaseCommand => ({
  _tag: "SuperviseCase",
  caseId,
  at,
  by: SUPERVISOR,
  reason,
  responder,
  note: "请说明 — explain",
})
const answer = (at: number): CaseCommand => ({
  _tag: "AnswerSupervision",
  caseId,
  at,
  by: WORKER,
  note: "已安排清理 — clearing arranged",
})
const noticeTo = (at: number, reason: CaseCommandOf<"SuperviseCase">["reason"], responder: Assignee) =>
  event("CaseSupervised", { at, by: SUPERVISOR, note: "请说明 — explain", reason, responder })

const stateAfter = (history: ReadonlyArray<CaseEvent>): OpenedCase => {
  const state = fold(decider, history)
  if (!state.exists) throw new Error("the history opens no case")
  return state
}
const supervisionTimer = (history: ReadonlyArray<CaseEvent>, now: number) =>
  caseTimers(stateAfter(history), now, defaultPolicy, shanghaiCalendar).find(
    (timer) => timer.step === "supervision",
  )

/** Handling (5 working days from 签收 at t(3), Tuesday 10:00) runs out the next Tuesday at 10:00. */
const handlingDue = shanghai("2026-03-17T10:00")

describe("督办: a supervision notice (督办单) and its answer (督办回复)", () => {
  const supervised = [...inProgress, noticeTo(t(5), "sensitive", toWorker)]

  it("sends the notice to the assignee, whose answer it awaits on a clock of 2 working days", () => {
    spec
      .given(inProgress)
      .when(supervise(t(5), "sensitive"))
      .then(supervised.slice(-1))
    expect(stateAfter(supervised)).toMatchObject({
      supervisions: 1,
      supervision: { by: SUPERVISOR, at: t(5), reason: "sensitive", responder: toWorker },
    })
    // Notice on Tuesday 10:20; two office days (8 hours each) later is Thursday 10:20.
    const due = shanghai("2026-03-12T10:20")
    expect(supervisionTimer(supervised, due)).toMatchObject({ startedAt: t(5), dueAt: due, light: "yellow" })
    expect(supervisionTimer(supervised, due + MINUTE)).toMatchObject({ light: "red", endedAt: undefined })
    const answered = [
      ...supervised,
      event("SupervisionAnswered", { at: t(6), by: WORKER, note: "已安排清理 — clearing arranged" }),
    ]
    spec
      .given(supervised)
      .when(answer(t(6)))
      .then(answered.slice(-1))
    // Answered in time, its light stays green for good; the notice is kept for the record.
    expect(supervisionTimer(answered, due + 10 * MINUTE)).toMatchObject({ endedAt: t(6), light: "green" })
    expect(stateAfter(answered).supervision).toMatchObject({ reason: "sensitive" })
  })

  it("refuses an answer when no notice waits for one, and a second notice while one does", () => {
    expect(
      spec
        .given(inProgress)
        .when(answer(t(5)))
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({
      rule: "noOpenSupervision",
    })
    const answered = [...supervised, event("SupervisionAnswered", { at: t(6), by: WORKER, note: "ok" })]
    expect(
      spec
        .given(answered)
        .when(answer(t(7)))
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({
      rule: "noOpenSupervision",
    })
    expect(
      spec
        .given(supervised)
        .when(supervise(t(6), "sensitive"))
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({ rule: "supervisionOpen" })
    // Once answered, a new notice may follow.
    spec
      .given(answered)
      .when(supervise(t(7), "sensitive"))
      .then([noticeTo(t(7), "sensitive", toWorker)])
  })

  it("stops the answer's clock while the case is on hold (暂停), like every clock", () => {
    const held = [
      ...supervised,
      event("CaseHeld", {
        at: shanghai("2026-03-11T10:20"),
        by: WORKER,
        reason: "等待材料 — awaiting parts",
      }),
      event("CaseResumed", { at: shanghai("2026-03-13T10:20"), by: WORKER }),
    ]
    // One office day used before the hold; the other runs from Friday 10:20 to Monday 10:20.
    const due = shanghai("2026-03-16T10:20")
    expect(supervisionTimer(held, due + MINUTE)).toMatchObject({ dueAt: due, light: "red" })
    expect(supervisionTimer(held, shanghai("2026-03-13T10:21"))).not.toMatchObject({ light: "red" })
  })

  it("holds a supervisor to the reason given: overdue needs a step past its deadline", () => {
    expect(
      spec
        .given(inProgress)
        .when(supervise(t(5), "overdue"))
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({
      rule: "nothingOverdue",
    })
    spec
      .given(inProgress)
      .when(supervise(handlingDue + MINUTE, "overdue"))
      .then([noticeTo(handlingDue + MINUTE, "overdue", toWorker)])
  })

  it("holds a supervisor to the reason given: repeatedly unsatisfied needs a reopened case (重办)", () => {
    expect(
      spec
        .given(inProgress)
        .when(supervise(t(5), "repeatedlyUnsatisfied"))
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({ rule: "notUnsatisfied" })
    const reopened = [
      ...inProgress,
      event("CaseResolved", { at: t(5), by: WORKER, result: "已清理 — cleared" }),
      event("VerificationPassed", { at: t(6), by: LEADER, note: undefined }),
      event("CaseClosed", { at: t(7), by: LEADER, satisfaction: undefined, note: undefined }),
      event("CaseFollowedUp", { at: t(8), by: OPERATOR, satisfaction: "unsatisfied", note: undefined }),
      event("CaseReopened", { at: t(9), by: OPERATOR, reason: "还在 — still there" }),
    ]
    spec
      .given(reopened)
      .when(supervise(t(10), "repeatedlyUnsatisfied"))
      .then([noticeTo(t(10), "repeatedlyUnsatisfied", toWorker)])
  })

  it("addresses the party the case is with: its assignee, or before dispatch a unit of its owner level", () => {
    const someoneElse: Assignee = { _tag: "person", personId: "grid-worker-ma" }
    expect(
      spec
        .given(inProgress)
        .when(supervise(t(5), "sensitive", someoneElse))
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({ rule: "responderNotHolder" })
    spec
      .given(inProgress)
      .when(supervise(t(5), "sensitive", { _tag: "person", personId: WORKER }))
      .then([noticeTo(t(5), "sensitive", toWorker)])
    expect(
      spec
        .given(registered)
        .when(supervise(t(2), "sensitive"))
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({
      rule: "noResponder",
    })
    const gridOffice: Assignee = { _tag: "unit", level: "grid", unitId: "nanshan-grid-12" }
    spec
      .given(registered)
      .when(supervise(t(2), "sensitive", gridOffice))
      .then([noticeTo(t(2), "sensitive", gridOffice)])
    for (const elsewhere of [
      { _tag: "unit", level: "community", unitId: "nanshan" },
      { _tag: "person", personId: LEADER },
    ] as const) {
      expect(
        spec
          .given(registered)
          .when(supervise(t(2), "sensitive", elsewhere))
          .thenFails("CaseRuleViolated"),
      ).toMatchObject({ rule: "responderNotHolder" })
    }
  })

  it("ends the notice with the case: closing stops its clock, and a closed case takes no answer", () => {
    const closed = [
      ...inProgress,
      event("CaseResolved", { at: t(5), by: WORKER, result: "已清理 — cleared" }),
      noticeTo(t(6), "sensitive", toWorker),
      event("VerificationPassed", { at: t(7), by: LEADER, note: undefined }),
      event("CaseClosed", { at: t(8), by: LEADER, satisfaction: "satisfied", note: undefined }),
    ]
    expect(supervisionTimer(closed, t(20))).toMatchObject({ startedAt: t(6), endedAt: t(8) })
    expect(
      spec
        .given(closed)
        .when(answer(t(9)))
        .thenFails("IllegalCaseTransition"),
    ).toMatchObject({
      status: "closed",
    })
  })

  it("still reads a notice stored before notices had a reason and a responder: counted, owing no answer", () => {
    const old = caseEventCodec.decode({
      streamId: caseStreamId(caseId),
      revision: 6,
      position: 6,
      type: "CaseSupervised",
      data: { caseId, at: t(5), by: SUPERVISOR, note: "请加快 — hurry" },
      metadata: { eventId: "event-6", schemaVersion: 1, recordedAt: t(5) },
    })
    const decoded = Result.getOrThrow(old)
    expect(decoded).toEqual({
      _tag: "CaseSupervised",
      caseId,
      at: t(5),
      by: SUPERVISOR,
      note: "请加快 — hurry",
    })
    const state = stateAfter([...inProgress, decoded])
    expect(state.supervisions).toBe(1)
    expect(state.supervision).toBeUndefined()
    expect(state.steps.supervision).toBeUndefined()
    expect(
      spec
        .given([...inProgress, decoded])
        .when(answer(t(6)))
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({
      rule: "noOpenSupervision",
    })
  })
})

describe("催办 of one step: the reminder of its deadline, once", () => {
  const remind = (at: number, step: CaseCommandOf<"RemindCase">["step"]): CaseCommand => ({
    _tag: "RemindCase",
    caseId,
    at,
    by: SUPERVISOR,
    step,
    note: "请尽快办理 — please hurry",
  })
  const reminded = (at: number) =>
    event("CaseReminded", {
      at,
      by: SUPERVISOR,
      note: "请尽快办理 — please hurry",
      step: "handle",
      dueAt: handlingDue,
    })

  it("reminds of a running step past its deadline, naming the deadline, and only once for it", () => {
    expect(
      spec
        .given(inProgress)
        .when(remind(t(5), "handle"))
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({
      rule: "nothingOverdue",
    })
    const late = handlingDue + MINUTE
    spec
      .given(inProgress)
      .when(remind(late, "handle"))
      .then([reminded(late)])
    const once = [...inProgress, reminded(late)]
    expect(stateAfter(once)).toMatchObject({ reminders: 1, remindedOf: { handle: handlingDue } })
    expect(
      spec
        .given(once)
        .when(remind(late + MINUTE, "handle"))
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({
      rule: "alreadyReminded",
    })
    // Dispatch ended long ago: there is nothing of it to remind of.
    expect(
      spec
        .given(once)
        .when(remind(late + MINUTE, "dispatch"))
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({
      rule: "nothingOverdue",
    })
  })

  it("reminds of a step whose deadline is known though the whole case's lies beyond the calendar's years", () => {
    // Reported Monday 21 December 2026: the intake hour ran out that morning, while 15 working
    // days of the whole case run into 2027, which the shipped calendar does not know.
    const december = [{ ...registered[0]!, at: shanghai("2026-12-21T09:00") } as CaseEvent]
    const late = shanghai("2026-12-31T10:00")
    const registerDue = shanghai("2026-12-21T10:00")
    spec
      .given(december)
      .when(remind(late, "register"))
      .then([
        event("CaseReminded", {
          at: late,
          by: SUPERVISOR,
          note: "请尽快办理 — please hurry",
          step: "register",
          dueAt: registerDue,
        }),
      ])
    expect(spec.given(december).when(remind(late, "whole")).thenFails("CaseRuleViolated")).toMatchObject({
      rule: "nothingOverdue",
    })
  })

  it("reminds again once an extension (延期) moves the deadline and the new one passes too", () => {
    const extended = [
      ...inProgress,
      event("CaseReminded", {
        at: handlingDue + MINUTE,
        by: SUPERVISOR,
        note: "请尽快办理 — please hurry",
        step: "handle",
        dueAt: handlingDue,
      }),
      event("ExtensionRequested", {
        at: handlingDue + 2 * MINUTE,
        by: WORKER,
        minutes: 480,
        reason: "需要吊车",
      }),
      event("ExtensionGranted", {
        at: handlingDue + 3 * MINUTE,
        by: SUPERVISOR,
        minutes: 480,
        note: undefined,
      }),
    ]
    // One more office day: Wednesday 18 March, 10:00.
    const newDue = shanghai("2026-03-18T10:00")
    expect(spec.given(extended).when(remind(newDue, "handle")).thenFails("CaseRuleViolated")).toMatchObject({
      rule: "nothingOverdue",
    })
    spec
      .given(extended)
      .when(remind(newDue + MINUTE, "handle"))
      .then([
        event("CaseReminded", {
          at: newDue + MINUTE,
          by: SUPERVISOR,
          note: "请尽快办理 — please hurry",
          step: "handle",
          dueAt: newDue,
        }),
      ])
  })
})

describe("通报批评: the written criticism of a unit reminded once and still late, unexplained", () => {
  const late = handlingDue + MINUTE
  const reminded = [
    ...inProgress,
    event("CaseReminded", {
      at: late,
      by: SUPERVISOR,
      note: "请尽快办理 — please hurry",
      step: "handle",
      dueAt: handlingDue,
    }),
  ]
  /**
   * 「仍超过办理时限5个工作日」, counted by hand from the deadline, Tuesday 17 March 10:00: Wednesday,
   * Thursday, Friday, Monday and Tuesday — the 24th, 10:00.
   */
  const fiveWorkingDaysOn = shanghai("2026-03-24T10:00")
  const criticize = (at: number, step: CaseCommandOf<"CriticizeCase">["step"] = "handle"): CaseCommand => ({
    _tag: "CriticizeCase",
    caseId,
    at,
    by: SUPERVISOR,
    step,
    note: "书面通报批评",
  })
  const explain = (at: number, step: CaseCommandOf<"ExplainDelay">["step"] = "handle"): CaseCommand => ({
    _tag: "ExplainDelay",
    caseId,
    at,
    by: WORKER,
    step,
    reason: "等待燃气公司 — waiting for the gas company",
  })
  const criticized = (at: number) =>
    event("CaseCriticized", {
      at,
      by: SUPERVISOR,
      step: "handle",
      dueAt: handlingDue,
      criticised: toWorker,
      note: "书面通报批评",
    })
  const refusal = (history: ReadonlyArray<CaseEvent>, command: CaseCommand) =>
    spec.given(history).when(command).thenFails("CaseRuleViolated")

  it("criticises the holder strictly after 5 working days past the deadline, once, and only after a reminder", () => {
    const due = fiveWorkingDaysOn + MINUTE
    expect(refusal(inProgress, criticize(due))).toMatchObject({ rule: "notReminded" })
    expect(refusal(reminded, criticize(fiveWorkingDaysOn))).toMatchObject({ rule: "notYetDue" })
    spec
      .given(reminded)
      .when(criticize(due))
      .then([criticized(due)])
    const once = [...reminded, criticized(due)]
    expect(stateAfter(once).criticizedOf).toEqual({ handle: handlingDue })
    expect(refusal(once, criticize(due + MINUTE))).toMatchObject({ rule: "alreadyCriticized" })
  })

  it("lets the holder report a reason (报告说明理由) once the step is late, which spares it the criticism", () => {
    expect(refusal(inProgress, explain(handlingDue))).toMatchObject({ rule: "nothingOverdue" })
    const explained = event("DelayExplained", {
      at: late,
      by: WORKER,
      step: "handle",
      dueAt: handlingDue,
      reason: "等待燃气公司 — waiting for the gas company",
    })
    spec.given(inProgress).when(explain(late)).then([explained])
    expect(refusal([...inProgress, explained], explain(late + MINUTE))).toMatchObject({
      rule: "alreadyExplained",
    })
    expect(refusal([...reminded, explained], criticize(fiveWorkingDaysOn + MINUTE))).toMatchObject({
      rule: "delayExplained",
    })
  })

  it("leaves the office's own steps alone: no unit holds the intake hour, so none explains or is criticised for it", () => {
    // Reported and never registered: intake (register, dispatch) ran out at 10:30 that Tuesday.
    const intakeDue = t(0) + 60 * MINUTE
    const waiting = [
      registered[0]!,
      event("CaseReminded", {
        at: shanghai("2026-03-11T09:00"),
        by: SUPERVISOR,
        note: "请尽快立案",
        step: "register",
        dueAt: intakeDue,
      }),
    ]
    expect(refusal(waiting, criticize(shanghai("2026-03-20T09:00"), "register"))).toMatchObject({
      rule: "notHeld",
    })
    expect(refusal(waiting, explain(shanghai("2026-03-11T09:00"), "register"))).toMatchObject({
      rule: "notHeld",
    })
  })

  it("criticises the responder who left a supervision notice unanswered, not the case's assignee", () => {
    const community: Assignee = { _tag: "unit", level: "community", unitId: "nanshan" }
    // A notice at t(5), Tuesday 10:20, has 2 working days: due Thursday 12 March, 10:20.
    const answerDue = shanghai("2026-03-12T10:20")
    const noticed = [
      ...inProgress,
      noticeTo(t(5), "sensitive", community),
      event("CaseReminded", {
        at: shanghai("2026-03-13T09:00"),
        by: SUPERVISOR,
        note: "请回复督办单",
        step: "supervision",
        dueAt: answerDue,
      }),
    ]
    // Five working days from Thursday 12 March 10:20: Thursday the 19th, 10:20.
    const at = shanghai("2026-03-19T10:21")
    spec
      .given(noticed)
      .when(criticize(at, "supervision"))
      .then([
        event("CaseCriticized", {
          at,
          by: SUPERVISOR,
          step: "supervision",
          dueAt: answerDue,
          criticised: community,
          note: "书面通报批评",
        }),
      ])
  })

  it("does not count time on hold (暂停) after the deadline, and criticises nothing while it lasts", () => {
    // On hold from Wednesday 18 March 09:00 to Monday 23 March 09:00: three working days stood still.
    const held = [
      ...reminded,
      event("CaseHeld", { at: shanghai("2026-03-18T09:00"), by: WORKER, reason: "等待燃气公司" }),
    ]
    expect(
      spec
        .given(held)
        .when(criticize(fiveWorkingDaysOn + MINUTE))
        .thenFails("IllegalCaseTransition"),
    ).toMatchObject({ status: "onHold" })
    const resumed = [...held, event("CaseResumed", { at: shanghai("2026-03-23T09:00"), by: WORKER })]
    const threeDaysLater = shanghai("2026-03-27T10:00")
    expect(refusal(resumed, criticize(threeDaysLater))).toMatchObject({ rule: "notYetDue" })
    spec
      .given(resumed)
      .when(criticize(threeDaysLater + MINUTE))
      .then([criticized(threeDaysLater + MINUTE)])
  })
})
