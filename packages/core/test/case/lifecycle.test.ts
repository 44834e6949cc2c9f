import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { shanghaiCalendar } from "../../src/calendar/china-mainland.ts"
import { decodeCaseCommand } from "../../src/case/case-handler.ts"
import { caseEventCodec, caseStreamId } from "../../src/case/codec.ts"
import type { CaseCommand } from "../../src/case/commands.ts"
import { makeCaseDecider } from "../../src/case/decide.ts"
import { escalationDue, levelDeadline } from "../../src/case/escalation-due.ts"
import type { CaseEvent, CaseEventOf, CaseEventTag } from "../../src/case/events.ts"
import { type CaseStatus, isSettled, type OpenedCase } from "../../src/case/state.ts"
import { caseTimers } from "../../src/case/timers.ts"
import { type EscalationReason, Satisfaction } from "../../src/case/vocabulary.ts"
import { defaultPolicy } from "../../src/policy/default-policy.ts"
import { fold } from "../../src/shared/decider.ts"
import { MINUTE } from "../../src/shared/instant.ts"
import type { Level } from "../../src/shared/level.ts"
import type { RecordedEvent } from "../../src/store/recorded-event.ts"
import { DeciderSpecification } from "../../src/testing/decider-spec.ts"

const decider = makeCaseDecider({ policy: defaultPolicy, calendar: shanghaiCalendar })
const spec = DeciderSpecification.for(decider)

/** A moment in Shanghai, e.g. `shanghai("2026-03-10T09:30")`. */
const shanghai = (local: string): number => Date.parse(`${local}:00+08:00`)

const caseId = "nanshan-2026-0042"
const WORKER = "grid-worker-wang"
const LEADER = "grid-leader-li"
const SUPERVISOR = "supervisor-chen"

/** Tuesday 10 March 2026, 09:30: an ordinary working morning. */
const T0 = shanghai("2026-03-10T09:30")
/** The n-th step of a history: ten minutes apart. */
const t = (n: number): number => T0 + n * 10 * MINUTE

const event = <T extends CaseEventTag>(tag: T, fields: Omit<CaseEventOf<T>, "_tag" | "caseId">): CaseEvent =>
  ({ _tag: tag, caseId, ...fields }) as unknown as CaseEvent

type WithoutCaseId<C> = C extends unknown ? Omit<C, "caseId"> : never
const command = (fields: WithoutCaseId<CaseCommand>): CaseCommand => ({ caseId, ...fields }) as CaseCommand
/** The case, left in `status` by `given`, refuses `attempted` as a step it cannot take from there. */
const refusedIn = (status: CaseStatus, given: ReadonlyArray<CaseEvent>, attempted: CaseCommand) =>
  expect(spec.given(given).when(attempted).thenFails("IllegalCaseTransition")).toMatchObject({
    command: attempted._tag,
    status,
  })

const report = {
  source: "patrol",
  category: "commonAreaClutter",
  urgency: "normal",
  description: "楼道堆放杂物 — bicycles and boxes block the stairwell",
  location: { gridId: "nanshan-grid-12", address: "Nanshan community, building 3" },
  level: "grid",
} as const

/** A normal report, registered, dispatched, acknowledged, in handling, resolved, verified: each history extends the previous. */
const reported = [event("CaseReported", { at: t(0), by: WORKER, ...report })]
const registered = [...reported, event("CaseRegistered", { at: t(1), by: LEADER })]
const dispatched = [
  ...registered,
  event("CaseDispatched", {
    at: t(2),
    by: LEADER,
    assignee: { _tag: "person", personId: WORKER },
    note: undefined,
  }),
]
const acknowledged = [...dispatched, event("CaseAcknowledged", { at: t(3), by: WORKER })]
const inProgress = [...acknowledged, event("HandlingStarted", { at: t(4), by: WORKER })]
const resolved = [
  ...inProgress,
  event("CaseResolved", { at: t(5), by: WORKER, result: "杂物已清理 — cleared" }),
]
const verified = [...resolved, event("VerificationPassed", { at: t(6), by: LEADER, note: undefined })]
const closed = [...verified, event("CaseClosed", { at: t(7), by: LEADER, note: undefined })]
const OPERATOR = "hotline-operator-zhao"
/** Closed, then called back (回访) at once with the reporter's verdict. */
const closedWith = (satisfaction: Satisfaction) => [
  ...closed,
  event("CaseFollowedUp", { at: t(7), by: OPERATOR, satisfaction, note: undefined }),
]

const stateAfter = (history: ReadonlyArray<CaseEvent>): OpenedCase => {
  const state = fold(decider, history)
  if (!state.exists) throw new Error("the history opens no case")
  return state
}

/** The state after `history` and the events `next` decides on it. */
const stateWhen = (history: ReadonlyArray<CaseEvent>, next: CaseCommand): OpenedCase => {
  const before = fold(decider, history)
  const decision = decider.decide(next, before)
  if (Result.isFailure(decision)) throw decision.failure
  return stateAfter([...history, ...decision.success])
}

describe("case lifecycle, command by command", () => {
  it("reports a case at the reporter's level; a second report of the same case is refused", () => {
    spec
      .given([])
      .when(command({ _tag: "ReportCase", at: t(0), by: WORKER, ...report }))
      .then(reported)
    const error = spec
      .given(reported)
      .when(command({ _tag: "ReportCase", at: t(1), by: WORKER, ...report }))
      .thenFails("IllegalCaseTransition")
    expect(error).toMatchObject({ caseId, command: "ReportCase", status: "reported" })
  })

  it("registers (立案) a reported case, and only once", () => {
    spec
      .given(reported)
      .when(command({ _tag: "RegisterCase", at: t(1), by: LEADER }))
      .then(registered.slice(-1))
    const error = spec
      .given(registered)
      .when(command({ _tag: "RegisterCase", at: t(2), by: LEADER }))
      .thenFails("IllegalCaseTransition")
    expect(error.message).toBe(`RegisterCase is not allowed when case ${caseId} is registered`)
  })

  it("rejects (不予立案) a report; a duplicate must name the case it repeats", () => {
    spec
      .given(reported)
      .when(
        command({
          _tag: "RejectCase",
          at: t(1),
          by: LEADER,
          reason: "duplicate",
          duplicateOf: "nanshan-2026-0041",
        }),
      )
      .then(
        event("CaseRejected", {
          at: t(1),
          by: LEADER,
          reason: "duplicate",
          duplicateOf: "nanshan-2026-0041",
          note: undefined,
        }),
      )
    const error = spec
      .given(reported)
      .when(command({ _tag: "RejectCase", at: t(1), by: LEADER, reason: "duplicate" }))
      .thenFails("CaseRuleViolated")
    expect(error).toMatchObject({ command: "RejectCase", rule: "duplicateNeedsOriginal" })
  })

  it("dispatches (派遣) a registered case, not a merely reported one", () => {
    const dispatch = command({
      _tag: "DispatchCase",
      at: t(2),
      by: LEADER,
      assignee: { _tag: "person", personId: WORKER },
      note: undefined,
    })
    spec.given(registered).when(dispatch).then(dispatched.slice(-1))
    refusedIn("reported", reported, dispatch)
  })

  it("acknowledges (签收) a dispatched case; the receiver may send it back (退回) to be dispatched again", () => {
    spec
      .given(dispatched)
      .when(command({ _tag: "AcknowledgeCase", at: t(3), by: WORKER }))
      .then(acknowledged.slice(-1))
    const sentBack = stateWhen(
      acknowledged,
      command({ _tag: "SendBackCase", at: t(4), by: WORKER, reason: "不属于本网格 — not our grid" }),
    )
    expect(sentBack).toMatchObject({ status: "registered", assignee: undefined, sendBacks: 1 })
    refusedIn("registered", registered, command({ _tag: "AcknowledgeCase", at: t(2), by: WORKER }))
  })

  it("starts handling an acknowledged case and takes progress notes while handling", () => {
    spec
      .given(acknowledged)
      .when(command({ _tag: "StartHandling", at: t(4), by: WORKER }))
      .then(inProgress.slice(-1))
    spec
      .given(inProgress)
      .when(command({ _tag: "AddProgressNote", at: t(5), by: WORKER, note: "联系物业 — called the manager" }))
      .then(event("ProgressNoted", { at: t(5), by: WORKER, note: "联系物业 — called the manager" }))
    refusedIn("dispatched", dispatched, command({ _tag: "StartHandling", at: t(3), by: WORKER }))
  })

  it("holds (暂停) and resumes handling", () => {
    const held = [
      ...inProgress,
      event("CaseHeld", { at: t(5), by: WORKER, reason: "等待配件 — waiting for a part" }),
    ]
    spec
      .given(inProgress)
      .when(command({ _tag: "HoldCase", at: t(5), by: WORKER, reason: "等待配件 — waiting for a part" }))
      .then(held.slice(-1))
    expect(stateAfter(held).status).toBe("onHold")
    spec
      .given(held)
      .when(command({ _tag: "ResumeCase", at: t(6), by: WORKER }))
      .then(event("CaseResumed", { at: t(6), by: WORKER }))
    refusedIn("onHold", held, command({ _tag: "ResolveCase", at: t(6), by: WORKER, result: "done" }))
  })

  it("resolves (办结), verifies (核查) and closes (结案), the verdict left to the call-back; a failed check is rework (重办)", () => {
    spec
      .given(inProgress)
      .when(command({ _tag: "ResolveCase", at: t(5), by: WORKER, result: "杂物已清理 — cleared" }))
      .then(resolved.slice(-1))
    spec
      .given(resolved)
      .when(command({ _tag: "VerifyCase", at: t(6), by: LEADER, passed: true, note: undefined }))
      .then(verified.slice(-1))
    const rework = stateWhen(
      resolved,
      command({ _tag: "VerifyCase", at: t(6), by: LEADER, passed: false, note: "还有纸箱 — boxes left" }),
    )
    expect(rework).toMatchObject({ status: "inProgress", reworks: 1 })
    spec
      .given(verified)
      .when(command({ _tag: "CloseCase", at: t(7), by: LEADER, note: undefined }))
      .then(closed.slice(-1))
    refusedIn("resolved", resolved, command({ _tag: "CloseCase", at: t(7), by: LEADER, note: undefined }))
  })

  it("has the result checked (核查) by someone other than its handler (docs/domain.md#rule-verification)", () => {
    const byHandler = command({ _tag: "VerifyCase", at: t(6), by: WORKER, passed: true, note: undefined })
    expect(spec.given(resolved).when(byHandler).thenFails("CaseRuleViolated")).toMatchObject({
      rule: "verifierIsHandler",
    })
    // The reporter may confirm the fix — unless the reporter handled it too.
    const ownReport = [event("CaseReported", { at: t(0), by: "resident-7", ...report }), ...resolved.slice(1)]
    spec
      .given(ownReport)
      .when(command({ _tag: "VerifyCase", at: t(6), by: "resident-7", passed: true, note: undefined }))
      .then([event("VerificationPassed", { at: t(6), by: "resident-7", note: undefined })])
    // A department's handler is whoever reported the result.
    const departmentResolved = [
      ...registered,
      event("CaseDispatched", {
        at: t(2),
        by: LEADER,
        assignee: { _tag: "department", departmentId: "water-company" },
        note: undefined,
      }),
      event("CaseAcknowledged", { at: t(3), by: "water-clerk" }),
      event("HandlingStarted", { at: t(4), by: "water-clerk" }),
      event("CaseResolved", { at: t(5), by: "water-clerk", result: "修好了 — mended" }),
    ]
    expect(
      spec
        .given(departmentResolved)
        .when(command({ _tag: "VerifyCase", at: t(6), by: "water-clerk", passed: true, note: undefined }))
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({ rule: "verifierIsHandler" })
  })
})

describe("call-back (回访) after closing, and reminders (催办) past a deadline", () => {
  it("closes without a verdict, then calls back once, on its own clock, and may reopen on an unsatisfied one", () => {
    const c = stateAfter(closed)
    expect(c).toMatchObject({ status: "closed", satisfaction: undefined })
    const timer = caseTimers(c, t(8), defaultPolicy, shanghaiCalendar).find((x) => x.step === "followUp")
    expect(timer).toMatchObject({ startedAt: t(7), dueAt: shanghaiCalendar.addWorkingMinutes(t(7), 480) })
    const call = command({
      _tag: "FollowUpCase",
      at: t(8),
      by: OPERATOR,
      satisfaction: "unsatisfied",
      note: undefined,
    })
    const called = [
      ...closed,
      event("CaseFollowedUp", { at: t(8), by: OPERATOR, satisfaction: "unsatisfied", note: undefined }),
    ]
    spec.given(closed).when(call).then(called.slice(-1))
    expect(spec.given(called).when(call).thenFails("CaseRuleViolated")).toMatchObject({
      rule: "alreadyFollowedUp",
    })
    spec
      .given(called)
      .when(command({ _tag: "ReopenCase", at: t(9), by: OPERATOR, reason: "还在漏 — still leaking" }))
      .then([event("CaseReopened", { at: t(9), by: OPERATOR, reason: "还在漏 — still leaking" })])
    // Before the call-back there is no verdict to reopen on.
    expect(
      spec
        .given(closed)
        .when(command({ _tag: "ReopenCase", at: t(9), by: OPERATOR, reason: "?" }))
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({ rule: "notUnsatisfied" })
  })

  it("refuses a verdict given to CloseCase with a typed error that names the call-back", () => {
    const withVerdict = decodeCaseCommand({
      _tag: "CloseCase",
      caseId,
      at: t(7),
      by: LEADER,
      satisfaction: "satisfied",
    })
    if (Result.isSuccess(withVerdict)) throw new Error("a closing with a verdict was taken")
    expect(withVerdict.failure).toMatchObject({ _tag: "InvalidCommand", command: "CloseCase" })
    expect(withVerdict.failure.message).toContain("FollowUpCase")
    expect(Result.isSuccess(decodeCaseCommand({ _tag: "CloseCase", caseId, at: t(7), by: LEADER }))).toBe(
      true,
    )
  })

  it("reads a CaseClosed stored with the verdict, from before the call-back was a command, as a call-back at closing", () => {
    for (const satisfaction of Satisfaction.literals) {
      // As the store hands it back: JSON written when closing still took the verdict.
      const stored: RecordedEvent = {
        streamId: caseStreamId(caseId),
        revision: 7,
        position: 7,
        type: "CaseClosed",
        data: { caseId, at: t(7), by: LEADER, satisfaction },
        metadata: { eventId: "closed-with-verdict", schemaVersion: 1, recordedAt: t(7) },
      }
      const closedWithVerdict = Result.getOrThrow(caseEventCodec.decode(stored))
      expect(closedWithVerdict).toEqual(
        event("CaseClosed", { at: t(7), by: LEADER, satisfaction, note: undefined }),
      )
      const old = stateAfter([...verified, closedWithVerdict])
      // The rule it kept: a verdict at closing is the call-back made that moment — only no
      // call-back step was ever timed for it.
      const { followUp, ...steps } = stateAfter(closedWith(satisfaction)).steps
      expect(followUp).toEqual({ startedAt: t(7), endedAt: t(7) })
      expect(old).toEqual({ ...stateAfter(closedWith(satisfaction)), steps })
      expect(old).toMatchObject({ status: "closed", satisfaction })
      expect(isSettled(old)).toBe(satisfaction !== "unsatisfied")
      const callAgain = command({
        _tag: "FollowUpCase",
        at: t(8),
        by: OPERATOR,
        satisfaction,
        note: undefined,
      })
      expect(
        spec
          .given([...verified, closedWithVerdict])
          .when(callAgain)
          .thenFails("CaseRuleViolated"),
      ).toMatchObject({
        rule: "alreadyFollowedUp",
      })
    }
  })

  it("reminds (催办) only once a running step is past its limit, and counts each reminder", () => {
    const remind = (at: number) =>
      command({ _tag: "RemindCase", at, by: SUPERVISOR, note: "请尽快办理 — please hurry" })
    expect(
      spec
        .given(inProgress)
        .when(remind(t(6)))
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({
      rule: "nothingOverdue",
    })
    // Handling (5 working days from 签收 at t(3)) runs out the next Tuesday morning.
    const late = shanghaiCalendar.addWorkingMinutes(t(3), 5 * 480) + MINUTE
    spec
      .given(inProgress)
      .when(remind(late))
      .then([event("CaseReminded", { at: late, by: SUPERVISOR, note: "请尽快办理 — please hurry" })])
    expect(stateWhen(inProgress, remind(late)).reminders).toBe(1)
  })
})

describe("send-back (退回) within its window, or on a supervisor's approval", () => {
  const notOurs = "不属于本单位职责 — not our remit"
  /** Dispatched at t(2), Tuesday 09:50: two working days run to Thursday 09:50. */
  const closes = shanghai("2026-03-12T09:50")

  it("lets the receiver send back what is not its remit within 2 working days of dispatch", () => {
    spec
      .given(acknowledged)
      .when(command({ _tag: "SendBackCase", at: closes, by: WORKER, reason: notOurs }))
      .then([event("CaseSentBack", { at: closes, by: WORKER, reason: notOurs })])
    expect(
      spec
        .given(acknowledged)
        .when(command({ _tag: "SendBackCase", at: closes + MINUTE, by: WORKER, reason: notOurs }))
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({ rule: "sendBackWindowClosed" })
  })

  it("past the window, sends it back only when a supervisor approves, and counts every return", () => {
    const late = closes + 60 * MINUTE
    const asked = [...acknowledged, event("SendBackRequested", { at: late, by: WORKER, reason: notOurs })]
    spec
      .given(acknowledged)
      .when(command({ _tag: "RequestSendBack", at: late, by: WORKER, reason: notOurs }))
      .then(asked.slice(-1))
    expect(stateAfter(asked).pending).toMatchObject({ kind: "sendBack", by: WORKER, reason: notOurs })
    const approve = command({
      _tag: "ApproveRequest",
      at: late + MINUTE,
      by: SUPERVISOR,
      kind: "sendBack",
      note: undefined,
    })
    spec
      .given(asked)
      .when(approve)
      .then([event("CaseSentBack", { at: late + MINUTE, by: SUPERVISOR, reason: notOurs })])
    expect(stateWhen(asked, approve)).toMatchObject({
      status: "registered",
      pending: undefined,
      sendBacks: 1,
    })
    const deny = command({
      _tag: "DenyRequest",
      at: late + MINUTE,
      by: SUPERVISOR,
      kind: "sendBack",
      reason: "属于你单位 — yours",
    })
    expect(stateWhen(asked, deny)).toMatchObject({ status: "acknowledged", pending: undefined, sendBacks: 0 })
    // Sent back and forth (推诿): each return counts.
    const twice = [
      ...acknowledged,
      event("CaseSentBack", { at: t(4), by: WORKER, reason: notOurs }),
      event("CaseDispatched", {
        at: t(5),
        by: LEADER,
        assignee: { _tag: "person", personId: WORKER },
        note: undefined,
      }),
      event("CaseSentBack", { at: t(6), by: WORKER, reason: notOurs }),
    ]
    expect(stateAfter(twice).sendBacks).toBe(2)
  })
})

describe("extensions (延期)", () => {
  const ask = (minutes: number, at = t(5), by = WORKER) =>
    command({ _tag: "RequestExtension", at, by, minutes, reason: "等待燃气公司 — gas company" })
  const requested = [
    ...inProgress,
    event("ExtensionRequested", { at: t(5), by: WORKER, minutes: 960, reason: "等待燃气公司 — gas company" }),
  ]
  const granted = [
    ...requested,
    event("ExtensionGranted", { at: t(6), by: SUPERVISOR, minutes: 960, note: undefined }),
  ]

  it("are asked for while handling and granted by someone else, lengthening handling and the level's limit", () => {
    spec.given(inProgress).when(ask(960)).then(requested.slice(-1))
    spec
      .given(requested)
      .when(command({ _tag: "ApproveRequest", at: t(6), by: SUPERVISOR, kind: "extension", note: undefined }))
      .then(granted.slice(-1))
    expect(stateAfter(granted)).toMatchObject({
      extensionsGranted: 1,
      extensionMinutes: 960,
      pending: undefined,
    })
  })

  it("cannot be approved by the person who asked, nor when nothing is pending", () => {
    const selfApproval = command({
      _tag: "ApproveRequest",
      at: t(6),
      by: WORKER,
      kind: "extension",
      note: undefined,
    })
    expect(spec.given(requested).when(selfApproval).thenFails("CaseRuleViolated")).toMatchObject({
      rule: "selfApproval",
    })
    expect(
      spec
        .given(inProgress)
        .when(
          command({ _tag: "ApproveRequest", at: t(6), by: SUPERVISOR, kind: "extension", note: undefined }),
        )
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({ rule: "noPendingRequest" })
  })

  it("lapse when the case moves where they could no longer take effect, freeing the way for new requests", () => {
    const resolvedMeanwhile = [
      ...requested,
      event("CaseResolved", { at: t(6), by: WORKER, result: "修好了 — fixed" }),
    ]
    expect(stateAfter(resolvedMeanwhile).pending).toBeUndefined()
    expect(
      spec
        .given(resolvedMeanwhile)
        .when(
          command({ _tag: "ApproveRequest", at: t(7), by: SUPERVISOR, kind: "extension", note: undefined }),
        )
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({ rule: "noPendingRequest" })
    spec
      .given(resolvedMeanwhile)
      .when(command({ _tag: "RequestVoid", at: t(7), by: WORKER, reason: "重复工单" }))
      .then(event("VoidRequested", { at: t(7), by: WORKER, reason: "重复工单" }))
    const heldMeanwhile = [...requested, event("CaseHeld", { at: t(6), by: WORKER, reason: "等配件" })]
    expect(stateAfter(heldMeanwhile).pending).toMatchObject({ kind: "extension" })
  })

  it("may be denied", () => {
    spec
      .given(requested)
      .when(
        command({ _tag: "DenyRequest", at: t(6), by: SUPERVISOR, kind: "extension", reason: "不符合条件" }),
      )
      .then(event("ExtensionDenied", { at: t(6), by: SUPERVISOR, reason: "不符合条件" }))
  })

  it("are bounded: one per case, of at most 10 working days, under the default policy", () => {
    expect(
      spec
        .given(granted)
        .when(ask(60, t(7)))
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({
      rule: "extensionLimitReached",
    })
    expect(
      spec
        .given(inProgress)
        .when(ask(10 * 480 + 1))
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({
      rule: "extensionTooLong",
    })
    spec
      .given(inProgress)
      .when(ask(10 * 480))
      .then(
        event("ExtensionRequested", {
          at: t(5),
          by: WORKER,
          minutes: 4800,
          reason: "等待燃气公司 — gas company",
        }),
      )
    expect(
      spec
        .given(requested)
        .when(ask(60, t(6)))
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({
      rule: "requestPending",
    })
  })
})

describe("reopening (发回重办)", () => {
  const reopen = (at: number) =>
    command({ _tag: "ReopenCase", at, by: LEADER, reason: "住户不满意 — the resident is not satisfied" })

  it("reopens an unsatisfied case within the window, back to handling at the same level", () => {
    const reopened = stateWhen(closedWith("unsatisfied"), reopen(t(7) + 6 * 24 * 60 * MINUTE))
    expect(reopened).toMatchObject({
      status: "inProgress",
      reopens: 1,
      satisfaction: undefined,
      level: "grid",
    })
  })

  it("refuses once the window (a week on the wall clock) has passed, or when the reporter was satisfied", () => {
    const weekLater = t(7) + 7 * 24 * 60 * MINUTE
    spec
      .given(closedWith("unsatisfied"))
      .when(reopen(weekLater))
      .then(
        event("CaseReopened", {
          at: weekLater,
          by: LEADER,
          reason: "住户不满意 — the resident is not satisfied",
        }),
      )
    expect(
      spec
        .given(closedWith("unsatisfied"))
        .when(reopen(weekLater + 1))
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({ rule: "reopenWindowExpired" })
    expect(
      spec
        .given(closedWith("satisfied"))
        .when(reopen(t(8)))
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({
      rule: "notUnsatisfied",
    })
  })
})

describe("exception paths that need a supervisor (docs/domain.md#rule-exception-approval)", () => {
  const selfHandled = {
    _tag: "RecordSelfHandledCase",
    at: t(0),
    by: WORKER,
    ...report,
    result: "当场清理 — cleared on the spot",
  } as const

  it("records a self-handled case (自处理), closed by a passing audit or sent to dispatch by a failing one", () => {
    const { result, _tag, ...fields } = selfHandled
    const history = [
      event("CaseReported", { ...fields }),
      event("CaseSelfHandled", { at: t(0), by: WORKER, result }),
    ]
    spec.given([]).when(command(selfHandled)).then(history)
    expect(stateAfter(history)).toMatchObject({ status: "selfHandled", selfHandled: true })
    const audit = (passed: boolean) =>
      command({ _tag: "AuditSelfHandledCase", at: t(1), by: SUPERVISOR, passed, note: undefined })
    expect(stateWhen(history, audit(true)).status).toBe("closed")
    expect(stateWhen(history, audit(false)).status).toBe("registered")
    refusedIn("reported", reported, audit(true))
  })

  it("shelves (挂账) on approval and restores the case where it was, its clocks stopped in between", () => {
    const shelved = [
      ...inProgress,
      event("ShelveRequested", { at: t(5), by: WORKER, reason: "待拆迁 — awaiting demolition" }),
      event("CaseShelved", { at: t(6), by: SUPERVISOR, note: undefined }),
    ]
    spec
      .given(inProgress)
      .when(command({ _tag: "RequestShelve", at: t(5), by: WORKER, reason: "待拆迁 — awaiting demolition" }))
      .then(shelved.slice(-2, -1))
    spec
      .given(shelved.slice(0, -1))
      .when(command({ _tag: "ApproveRequest", at: t(6), by: SUPERVISOR, kind: "shelve", note: undefined }))
      .then(shelved.slice(-1))
    expect(stateAfter(shelved)).toMatchObject({ status: "shelved", shelvedFrom: "inProgress" })
    const restoredAt = shanghai("2026-04-20T10:00")
    const restored = stateWhen(
      shelved,
      command({ _tag: "RestoreCase", at: restoredAt, by: SUPERVISOR, note: undefined }),
    )
    expect(restored).toMatchObject({
      status: "inProgress",
      shelvedFrom: undefined,
      levelEnteredAt: t(0),
      pauses: [{ from: t(6), to: restoredAt }],
    })
    refusedIn(
      "shelved",
      shelved,
      command({ _tag: "EscalateCase", at: t(7), by: SUPERVISOR, fromLevel: "grid", reason: "manual" }),
    )
  })

  it("voids (作废) on approval; a void waiting while handling blocks other requests", () => {
    const voidRequested = [
      ...inProgress,
      event("VoidRequested", { at: t(5), by: WORKER, reason: "误报 — false report" }),
    ]
    spec
      .given(inProgress)
      .when(command({ _tag: "RequestVoid", at: t(5), by: WORKER, reason: "误报 — false report" }))
      .then(voidRequested.slice(-1))
    spec
      .given(voidRequested)
      .when(command({ _tag: "ApproveRequest", at: t(6), by: SUPERVISOR, kind: "void", note: undefined }))
      .then(event("CaseVoided", { at: t(6), by: SUPERVISOR, note: undefined }))
    expect(
      spec
        .given(voidRequested)
        .when(command({ _tag: "RequestShelve", at: t(6), by: WORKER, reason: "later" }))
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({ rule: "requestPending" })
  })

  it("merges a duplicate into another case, never into itself", () => {
    spec
      .given(registered)
      .when(command({ _tag: "MergeCase", at: t(2), by: LEADER, into: "nanshan-2026-0041" }))
      .then(event("CaseMerged", { at: t(2), by: LEADER, into: "nanshan-2026-0041" }))
    expect(
      spec
        .given(registered)
        .when(command({ _tag: "MergeCase", at: t(2), by: LEADER, into: caseId }))
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({ rule: "cannotMergeIntoItself" })
  })

  it("supervises (督办) an open case, not a closed one", () => {
    expect(
      stateWhen(
        inProgress,
        command({
          _tag: "SuperviseCase",
          at: t(5),
          by: SUPERVISOR,
          reason: "sensitive",
          responder: undefined,
          note: "请加快 — hurry",
        }),
      ),
    ).toMatchObject({ supervisions: 1 })
    refusedIn(
      "closed",
      closedWith("satisfied"),
      command({
        _tag: "SuperviseCase",
        at: t(8),
        by: SUPERVISOR,
        reason: "sensitive",
        responder: undefined,
        note: "请加快 — hurry",
      }),
    )
  })
})

describe("12345 hotline", () => {
  const link = command({ _tag: "LinkHotlineTicket", at: t(1), by: LEADER, ticketId: "12345-2026-000123" })
  const outcome = (at: number) =>
    command({ _tag: "ReportHotlineOutcome", at, by: LEADER, outcome: "已解决", solvedByGrid: true })

  it("links a ticket once and reports the outcome back once the case is closed", () => {
    spec
      .given(reported)
      .when(link)
      .then(event("HotlineTicketLinked", { at: t(1), by: LEADER, ticketId: "12345-2026-000123" }))
    expect(
      spec
        .given([
          ...reported,
          event("HotlineTicketLinked", { at: t(1), by: LEADER, ticketId: "12345-2026-000123" }),
        ])
        .when(link)
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({ rule: "hotlineAlreadyLinked" })
    const linkedAndClosed = [
      ...closedWith("satisfied"),
      event("HotlineTicketLinked", { at: t(8), by: LEADER, ticketId: "12345-2026-000123" }),
    ]
    spec
      .given(linkedAndClosed)
      .when(outcome(t(9)))
      .then(event("HotlineOutcomeReported", { at: t(9), by: LEADER, outcome: "已解决", solvedByGrid: true }))
    const reportedBack = [
      ...linkedAndClosed,
      event("HotlineOutcomeReported", { at: t(9), by: LEADER, outcome: "已解决", solvedByGrid: true }),
    ]
    expect(
      spec
        .given(reportedBack)
        .when(outcome(t(10)))
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({
      rule: "hotlineOutcomeAlreadyReported",
    })
  })

  it("has no outcome to report without a ticket, nor before the case is finished", () => {
    expect(
      spec
        .given(closedWith("satisfied"))
        .when(outcome(t(8)))
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({
      rule: "hotlineNotLinked",
    })
    refusedIn("inProgress", inProgress, outcome(t(5)))
  })
})

describe("escalation and de-escalation", () => {
  /** Friday 13 February 2026: the next day is a make-up working day (调休), then the Spring Festival (02-15…02-23). */
  const friday = shanghai("2026-02-13T10:00")
  const atGrid = [event("CaseReported", { at: friday, by: WORKER, ...report })]
  const escalate = (at: number, reason: EscalationReason, fromLevel: Level = "grid") =>
    command({ _tag: "EscalateCase", at, by: "system:deadlines", fromLevel, reason, note: undefined })
  /** Two working days at grid level: Friday 10:00–18:00 (7 h), Saturday's make-up day (8 h), then 1 h after the holiday. */
  const due = shanghai("2026-02-24T10:00")

  it("escalates an overdue case one level up only after its deadline, counted in working time across the holiday", () => {
    expect(spec.given(atGrid).when(escalate(due, "overdue")).thenFails("CaseRuleViolated")).toMatchObject({
      rule: "notOverdue",
    })
    spec
      .given(atGrid)
      .when(escalate(due + MINUTE, "overdue"))
      .then(
        event("CaseEscalated", {
          at: due + MINUTE,
          by: "system:deadlines",
          from: "grid",
          to: "community",
          reason: "overdue",
          note: undefined,
        }),
      )
  })

  it("lets an urgent safety hazard skip to the community when overdue, but a request for help climbs one level", () => {
    const gas = [
      event("CaseReported", {
        at: T0,
        by: WORKER,
        ...report,
        category: "safetyHazard",
        urgency: "urgent",
        level: "microGrid",
      }),
    ]
    const twoHoursLater = T0 + 120 * MINUTE + 1
    expect(stateWhen(gas, escalate(twoHoursLater, "overdue", "microGrid")).level).toBe("community")
    expect(stateWhen(gas, escalate(T0 + MINUTE, "requested", "microGrid")).level).toBe("grid")
  })

  it("hands a dispatched case back to the new level's dispatch queue", () => {
    const moved = stateWhen(dispatched, escalate(t(3), "requested"))
    expect(moved).toMatchObject({
      status: "registered",
      assignee: undefined,
      level: "community",
      escalations: 1,
    })
  })

  it("refuses to escalate from a stale level, past the top, or once resolved", () => {
    expect(
      spec
        .given(reported)
        .when(escalate(t(1), "manual", "community"))
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({
      rule: "staleLevel",
    })
    const atDistrict = [event("CaseReported", { at: t(0), by: WORKER, ...report, level: "district" })]
    expect(
      spec
        .given(atDistrict)
        .when(escalate(t(1), "manual", "district"))
        .thenFails("CaseRuleViolated"),
    ).toMatchObject({ rule: "atTopLevel" })
    refusedIn("resolved", resolved, escalate(t(6), "manual"))
  })

  it("de-escalates (下派) by a supervisor's hand to any lower level, never sideways or up", () => {
    const atStreet = [event("CaseReported", { at: t(0), by: WORKER, ...report, level: "street" })]
    const down = (toLevel: "grid" | "street" | "district") =>
      command({
        _tag: "DeEscalateCase",
        at: t(1),
        by: SUPERVISOR,
        fromLevel: "street",
        toLevel,
        reason: "网格可处置 — the grid can handle it",
      })
    spec
      .given(atStreet)
      .when(down("grid"))
      .then(
        event("CaseDeEscalated", {
          at: t(1),
          by: SUPERVISOR,
          from: "street",
          to: "grid",
          reason: "网格可处置 — the grid can handle it",
        }),
      )
    for (const level of ["street", "district"] as const) {
      expect(spec.given(atStreet).when(down(level)).thenFails("CaseRuleViolated")).toMatchObject({
        rule: "notBelowCurrentLevel",
      })
    }
  })
})

describe("step lights (红黄绿灯) with the default policy on the Shanghai calendar", () => {
  /** Reported on the eve of National Day 2026 (holidays 10-01…10-07), half an hour before closing. */
  const eve = shanghai("2026-09-30T17:30")
  const c = stateAfter([event("CaseReported", { at: eve, by: WORKER, ...report })])
  const register = (now: number) =>
    caseTimers(c, now, defaultPolicy, shanghaiCalendar).find((x) => x.step === "register")

  it("registers within one working hour, which the holiday week does not eat into", () => {
    expect(register(eve)?.dueAt).toBe(shanghai("2026-10-08T09:30"))
  })

  it("is green below 80 % of the limit, even deep into the holiday", () => {
    expect(register(shanghai("2026-10-05T12:00"))).toMatchObject({ light: "green", used: 0.5 })
  })

  it("turns yellow from 80 % and red past 100 %", () => {
    expect(register(shanghai("2026-10-08T09:18"))).toMatchObject({ light: "yellow", used: 0.8 })
    expect(register(shanghai("2026-10-08T09:30"))).toMatchObject({ light: "yellow", used: 1 })
    expect(register(shanghai("2026-10-08T09:31"))?.light).toBe("red")
  })

  it("freezes a finished step's light at what it was when the step ended", () => {
    const done = stateAfter([
      event("CaseReported", { at: eve, by: WORKER, ...report }),
      event("CaseRegistered", { at: shanghai("2026-10-08T09:10"), by: LEADER }),
    ])
    const timer = caseTimers(done, shanghai("2026-12-01T10:00"), defaultPolicy, shanghaiCalendar).find(
      (x) => x.step === "register",
    )
    expect(timer).toMatchObject({ light: "green", endedAt: shanghai("2026-10-08T09:10") })
  })

  it("counts urgent limits on the wall clock: one hour to register, holiday or not", () => {
    const urgent = stateAfter([event("CaseReported", { at: eve, by: WORKER, ...report, urgency: "urgent" })])
    const timer = (now: number) =>
      caseTimers(urgent, now, defaultPolicy, shanghaiCalendar).find((x) => x.step === "register")
    expect(timer(eve)?.dueAt).toBe(eve + 60 * MINUTE)
    expect(timer(eve + 47 * MINUTE)?.light).toBe("green")
    expect(timer(eve + 48 * MINUTE)?.light).toBe("yellow")
    expect(timer(eve + 61 * MINUTE)?.light).toBe("red")
  })
})

describe("clocks (时限) that stop, start from receipt, and belong to a level", () => {
  const timersAt = (c: OpenedCase, now: number) =>
    new Map(caseTimers(c, now, defaultPolicy, shanghaiCalendar).map((timer) => [timer.step, timer]))

  it("counts verify, register and dispatch together: one working hour from receipt", () => {
    // Registered 50 minutes after receipt: dispatch has 10 minutes left, not a fresh hour.
    const late = stateAfter([...reported, event("CaseRegistered", { at: T0 + 50 * MINUTE, by: LEADER })])
    expect(timersAt(late, T0 + 50 * MINUTE).get("dispatch")).toMatchObject({
      startedAt: T0,
      dueAt: T0 + 60 * MINUTE,
    })
    expect(timersAt(late, T0 + 61 * MINUTE).get("dispatch")?.light).toBe("red")
  })

  /**
   * The Tianhong basement pumps (docs/domain.md#nantong-16 to #nantong-19): the obvious parts
   * mended, the rest shelved until a tender. Thirty days on the shelf count on no clock.
   */
  it("stops every clock while a case is shelved (挂账), and resumes each where it stopped", () => {
    const shelvedAt = t(6)
    const pumps = [
      ...inProgress,
      event("ShelveRequested", { at: t(5), by: WORKER, reason: "其他部位待招标 — the rest awaits a tender" }),
      event("CaseShelved", { at: shelvedAt, by: SUPERVISOR, note: undefined }),
    ]
    const before = timersAt(stateAfter(pumps), shelvedAt)
    const thirtyDaysOn = shelvedAt + 30 * 24 * 60 * MINUTE
    const onTheShelf = timersAt(stateAfter(pumps), thirtyDaysOn)
    for (const step of ["handle", "whole"] as const) {
      expect(onTheShelf.get(step)?.used, step).toBeCloseTo(before.get(step)?.used ?? -1)
    }
    const restored = stateAfter([
      ...pumps,
      event("CaseRestored", { at: thirtyDaysOn, by: SUPERVISOR, note: "招标完成 — tender done" }),
    ])
    const after = timersAt(restored, thirtyDaysOn)
    for (const step of ["handle", "whole"] as const) {
      expect(after.get(step)?.light, step).toBe("green")
      expect(after.get(step)?.used, step).toBeCloseTo(before.get(step)?.used ?? -1)
    }
    // The level's stay moved back by the shelved time too: no escalation is due for weeks.
    expect(levelDeadline(restored, defaultPolicy, shanghaiCalendar)).toBeGreaterThan(thirtyDaysOn)
    expect(escalationDue(stateAfter(pumps), defaultPolicy, shanghaiCalendar)).toBeUndefined()
  })

  it("stops every clock while a case is on hold (暂停)", () => {
    const heldAt = t(5)
    const resumedAt = shanghai("2026-03-20T09:30")
    const held = [
      ...inProgress,
      event("CaseHeld", { at: heldAt, by: WORKER, reason: "等待配件 — awaiting parts" }),
    ]
    const resumed = stateAfter([...held, event("CaseResumed", { at: resumedAt, by: WORKER })])
    expect(resumed.pauses).toEqual([{ from: heldAt, to: resumedAt }])
    const handle = timersAt(resumed, resumedAt).get("handle")
    expect(handle?.light).toBe("green")
    // Five working days from 签收, pushed back by the hold's working time.
    const unpaused = shanghaiCalendar.addWorkingMinutes(t(3), 5 * 480)
    const held_ = shanghaiCalendar.workingMinutesBetween(heldAt, resumedAt)
    expect(handle?.dueAt).toBe(shanghaiCalendar.addWorkingMinutes(unpaused, held_))
    expect(escalationDue(stateAfter(held), defaultPolicy, shanghaiCalendar)).toBeUndefined()
  })

  it("keeps a case at its level while its handler is still within the handling limit", () => {
    // The grid's stay is 2 working days; handling gets 5: the grid keeps the case for the 5.
    const due = levelDeadline(stateAfter(inProgress), defaultPolicy, shanghaiCalendar)
    expect(due).toBe(shanghaiCalendar.addWorkingMinutes(t(3), 5 * 480))
    // Before anyone acknowledges it, the stay alone counts.
    expect(levelDeadline(stateAfter(dispatched), defaultPolicy, shanghaiCalendar)).toBe(
      shanghaiCalendar.addWorkingMinutes(t(0), 2 * 480),
    )
  })

  it("gives an extension (延期) to the level where it was granted: a new level starts afresh", () => {
    const extended = [
      ...inProgress,
      event("ExtensionRequested", {
        at: t(5),
        by: WORKER,
        minutes: 960,
        reason: "等待配件 — awaiting parts",
      }),
      event("ExtensionGranted", { at: t(6), by: SUPERVISOR, minutes: 960, note: undefined }),
    ]
    expect(stateAfter(extended)).toMatchObject({ extensionsAtLevel: 1, extensionMinutes: 960 })
    const escalated = stateAfter([
      ...extended,
      event("CaseEscalated", {
        at: t(7),
        by: SUPERVISOR,
        from: "grid",
        to: "community",
        reason: "manual",
        note: undefined,
      }),
    ])
    expect(escalated).toMatchObject({
      extensionsGranted: 1,
      extensionsAtLevel: 0,
      extensionMinutes: 0,
      extensionMinutesTotal: 960,
    })
    // The community's handler may ask for its own extension.
    const community = [
      ...extended,
      event("CaseEscalated", {
        at: t(7),
        by: SUPERVISOR,
        from: "grid",
        to: "community",
        reason: "manual",
        note: undefined,
      }),
      event("CaseDispatched", {
        at: t(8),
        by: LEADER,
        assignee: { _tag: "person", personId: WORKER },
        note: undefined,
      }),
      event("CaseAcknowledged", { at: t(9), by: WORKER }),
      event("HandlingStarted", { at: t(10), by: WORKER }),
    ]
    spec
      .given(community)
      .when(
        command({ _tag: "RequestExtension", at: t(11), by: WORKER, minutes: 480, reason: "复杂 — complex" }),
      )
      .then([event("ExtensionRequested", { at: t(11), by: WORKER, minutes: 480, reason: "复杂 — complex" })])
  })
})
