import { describe, expect, it } from "vitest"
import { shanghaiCalendar } from "../../src/calendar/china-mainland.ts"
import type { CaseCommand } from "../../src/case/commands.ts"
import { makeCaseDecider } from "../../src/case/decide.ts"
import type { CaseRule } from "../../src/case/errors.ts"
import type { CaseEvent } from "../../src/case/events.ts"
import type { Assignee } from "../../src/case/vocabulary.ts"
import { defaultPolicy } from "../../src/policy/default-policy.ts"
import { HOUR, MINUTE } from "../../src/shared/instant.ts"
import type { Level } from "../../src/shared/level.ts"

const DAY = 24 * HOUR

import {
  acknowledged,
  closed,
  closedWith,
  command,
  event,
  inProgress,
  LEADER,
  OPERATOR,
  registered,
  report,
  reported,
  resolved,
  SUPERVISOR,
  shanghai,
  spec,
  stateAfter,
  T0,
  t,
  WORKER,
} from "./support/story.ts"

/**
 * What each refused case command says, and whom the loop's "by someone else" rules refuse. A
 * refusal reaches an operator's screen or an API answer, so besides its rule it says what to do
 * next or what it found (the pending request's kind, the linked ticket, the time a window
 * closed). Found by `pnpm mutate case/decisions` (docs/mutation.md): the tests checked the rules
 * of these refusals, some not at all, and none of their words.
 */
const refusal = (given: ReadonlyArray<CaseEvent>, attempted: CaseCommand) =>
  spec.given(given).when(attempted).thenFails("CaseRuleViolated")

const expectRefused = (
  given: ReadonlyArray<CaseEvent>,
  attempted: CaseCommand,
  rule: CaseRule,
  detail: string | RegExp,
) => {
  const refused = refusal(given, attempted)
  expect(refused.rule).toBe(rule)
  if (typeof detail === "string") expect(refused.detail).toBe(detail)
  else expect(refused.detail).toMatch(detail)
}

describe("intake (立案, 不予立案, 合并, 自处理核查)", () => {
  const selfHandled = [
    ...reported,
    event("CaseSelfHandled", { at: t(0), by: WORKER, result: "当场劝离 — moved on at once" }),
  ]
  const audit = (by: string) =>
    command({ _tag: "AuditSelfHandledCase", at: t(1), by, passed: true, note: undefined })

  it("audits a self-handled case by anyone but the worker who fixed it", () => {
    expectRefused(
      selfHandled,
      audit(WORKER),
      "verifierIsHandler",
      "a self-handled case is audited by someone other than its worker",
    )
    spec
      .given(selfHandled)
      .when(audit(SUPERVISOR))
      .then(event("SelfHandlingAudited", { at: t(1), by: SUPERVISOR, passed: true, note: undefined }))
  })

  it("rejects a duplicate only when it names another case it repeats; other reasons need none", () => {
    const reject = (reason: "duplicate" | "outOfScope", duplicateOf: string | undefined) =>
      command({ _tag: "RejectCase", at: t(1), by: LEADER, reason, duplicateOf, note: undefined })
    const needsOriginal = "a duplicate must name the other case it repeats"
    expectRefused(reported, reject("duplicate", undefined), "duplicateNeedsOriginal", needsOriginal)
    expectRefused(reported, reject("duplicate", "nanshan-2026-0042"), "duplicateNeedsOriginal", needsOriginal)
    spec
      .given(reported)
      .when(reject("duplicate", "nanshan-2026-0040"))
      .then(
        event("CaseRejected", {
          at: t(1),
          by: LEADER,
          reason: "duplicate",
          duplicateOf: "nanshan-2026-0040",
          note: undefined,
        }),
      )
    spec
      .given(reported)
      .when(reject("outOfScope", undefined))
      .then(
        event("CaseRejected", {
          at: t(1),
          by: LEADER,
          reason: "outOfScope",
          duplicateOf: undefined,
          note: undefined,
        }),
      )
  })

  it("merges into another case, never into itself", () => {
    const into = (other: string) => command({ _tag: "MergeCase", at: t(5), by: LEADER, into: other })
    expectRefused(
      inProgress,
      into("nanshan-2026-0042"),
      "cannotMergeIntoItself",
      "a case cannot absorb itself",
    )
  })
})

describe("handling (退回)", () => {
  it("sends back within two working days of dispatch, and past them points to the supervisor's approval", () => {
    // Dispatched Tuesday 09:50; the window closes Thursday 09:50 (two working days).
    const sendBack = (at: number) =>
      command({ _tag: "SendBackCase", at, by: WORKER, reason: "不属本网格 — not this grid's remit" })
    spec
      .given(acknowledged)
      .when(sendBack(shanghai("2026-03-12T09:49")))
      .then(
        event("CaseSentBack", {
          at: shanghai("2026-03-12T09:49"),
          by: WORKER,
          reason: "不属本网格 — not this grid's remit",
        }),
      )
    expectRefused(
      acknowledged,
      sendBack(shanghai("2026-03-12T09:51")),
      "sendBackWindowClosed",
      "the window to send back closed at 2026-03-12T09:50:00+08:00; ask a supervisor (RequestSendBack)",
    )
  })
})

describe("requests waiting for a supervisor (延期, 作废, 挂账, 退回申请)", () => {
  const voidRequested = [...inProgress, event("VoidRequested", { at: t(5), by: WORKER, reason: "误报" })]
  const extension = (minutes: number) =>
    command({ _tag: "RequestExtension", at: t(6), by: WORKER, minutes, reason: "等待配件" })

  it("takes one request at a time, naming the one that waits", () => {
    expectRefused(voidRequested, extension(60), "requestPending", "a void request is pending")
  })

  it("grants one extension a level, of at most ten working days", () => {
    const granted = [
      ...inProgress,
      event("ExtensionRequested", { at: t(5), by: WORKER, minutes: 60, reason: "等待配件" }),
      event("ExtensionGranted", { at: t(5), by: SUPERVISOR, note: undefined, minutes: 60 }),
    ]
    expectRefused(granted, extension(60), "extensionLimitReached", "at most 1 extension(s) per level")
    expectRefused(inProgress, extension(4801), "extensionTooLong", "an extension is at most 4800 minutes")
    spec
      .given(inProgress)
      .when(extension(4800))
      .then(event("ExtensionRequested", { at: t(6), by: WORKER, minutes: 4800, reason: "等待配件" }))
  })

  it("answers only the request of the kind that waits, by someone other than its requester", () => {
    const approve = (kind: "void" | "extension", by: string) =>
      command({ _tag: "ApproveRequest", at: t(6), by, kind, note: undefined })
    expectRefused(inProgress, approve("void", SUPERVISOR), "noPendingRequest", "no void request is waiting")
    expectRefused(
      voidRequested,
      approve("extension", SUPERVISOR),
      "noPendingRequest",
      "no extension request is waiting",
    )
    expectRefused(
      voidRequested,
      approve("void", WORKER),
      "selfApproval",
      "a request is decided by someone other than its requester",
    )
  })

  it("turns each kind of request down with its own event", () => {
    // A send-back request waits only while the case is not yet in handling (it lapses after).
    const requests = [
      [inProgress, "void", event("VoidRequested", { at: t(5), by: WORKER, reason: "误报" }), "VoidDenied"],
      [
        inProgress,
        "shelve",
        event("ShelveRequested", { at: t(5), by: WORKER, reason: "资金未到位" }),
        "ShelveDenied",
      ],
      [
        acknowledged,
        "sendBack",
        event("SendBackRequested", { at: t(5), by: WORKER, reason: "不属本网格" }),
        "SendBackDenied",
      ],
      [
        inProgress,
        "extension",
        event("ExtensionRequested", { at: t(5), by: WORKER, minutes: 60, reason: "等待配件" }),
        "ExtensionDenied",
      ],
    ] as const
    for (const [history, kind, requested, denied] of requests) {
      spec
        .given([...history, requested])
        .when(command({ _tag: "DenyRequest", at: t(6), by: SUPERVISOR, kind, reason: "理由不足" }))
        .then(event(denied, { at: t(6), by: SUPERVISOR, reason: "理由不足" }))
    }
  })
})

describe("closing (核查, 回访, 发回重办)", () => {
  it("has the result checked by neither the worker who resolved it nor the person it is assigned to", () => {
    const verify = (by: string) =>
      command({ _tag: "VerifyCase", at: t(6), by, passed: true, note: undefined })
    const detail = "the result is checked by someone other than its handler"
    expectRefused(resolved, verify(WORKER), "verifierIsHandler", detail)
    // Resolved by a colleague of the assignee: the assignee is still the handler.
    const resolvedByColleague = [
      ...inProgress,
      event("CaseResolved", { at: t(5), by: "grid-worker-zhou", result: "杂物已清理 — cleared" }),
    ]
    expectRefused(resolvedByColleague, verify(WORKER), "verifierIsHandler", detail)
    expectRefused(resolvedByColleague, verify("grid-worker-zhou"), "verifierIsHandler", detail)
    spec
      .given(resolved)
      .when(verify(LEADER))
      .then(event("VerificationPassed", { at: t(6), by: LEADER, note: undefined }))
  })

  it("takes the reporter's verdict once, naming the one it has", () => {
    expectRefused(
      closedWith("satisfied"),
      command({ _tag: "FollowUpCase", at: t(8), by: OPERATOR, satisfaction: "unsatisfied", note: undefined }),
      "alreadyFollowedUp",
      "the reporter's verdict is in already (satisfied)",
    )
  })

  it("reopens only an unsatisfied case, within a week of closing — not of the call-back", () => {
    const reopen = (at: number) => command({ _tag: "ReopenCase", at, by: OPERATOR, reason: "杂物又堆回来了" })
    expectRefused(
      closedWith("satisfied"),
      reopen(t(9)),
      "notUnsatisfied",
      "only a case closed with an unsatisfied verdict can be reopened",
    )
    expectRefused(closed, reopen(t(9)), "notUnsatisfied", /unsatisfied verdict/)
    // Closed Tuesday 10:40; the reporter was reached only six days later.
    const closedAt = t(7)
    const calledBackLate = closedWith("unsatisfied", closedAt + 6 * DAY)
    spec
      .given(calledBackLate)
      .when(reopen(closedAt + 7 * DAY))
      .then(event("CaseReopened", { at: closedAt + 7 * DAY, by: OPERATOR, reason: "杂物又堆回来了" }))
    expectRefused(
      calledBackLate,
      reopen(closedAt + 7 * DAY + MINUTE),
      "reopenWindowExpired",
      "the reopen window ended at 2026-03-17T10:40:00+08:00",
    )
  })
})

describe("the 12345 hotline (工单关联, 答复)", () => {
  const linked = [
    ...inProgress,
    event("HotlineTicketLinked", { at: t(5), by: OPERATOR, ticketId: "12345-0815" }),
  ]
  const link = command({ _tag: "LinkHotlineTicket", at: t(6), by: OPERATOR, ticketId: "12345-0816" })
  const outcome = command({
    _tag: "ReportHotlineOutcome",
    at: T0 + HOUR * 3,
    by: OPERATOR,
    outcome: "已办结",
    solvedByGrid: true,
  })

  it("links one ticket, naming the one linked", () => {
    expectRefused(linked, link, "hotlineAlreadyLinked", "already linked to ticket 12345-0815")
  })

  it("reports the outcome once, and only of a linked ticket", () => {
    const closedLinked = [
      ...closed,
      event("HotlineTicketLinked", { at: t(8), by: OPERATOR, ticketId: "12345-0815" }),
    ]
    expectRefused(closed, outcome, "hotlineNotLinked", "no 12345 ticket is linked")
    const reportedOnce = [
      ...closedLinked,
      event("HotlineOutcomeReported", { at: t(9), by: OPERATOR, outcome: "已办结", solvedByGrid: true }),
    ]
    expectRefused(
      reportedOnce,
      outcome,
      "hotlineOutcomeAlreadyReported",
      "the outcome was reported to the hotline already",
    )
  })
})

describe("deadlines the calendar cannot place", () => {
  const lateInTheYear = [event("CaseReported", { at: shanghai("2026-12-31T17:30"), by: WORKER, ...report })]
  const escalate = command({
    _tag: "EscalateCase",
    at: shanghai("2026-12-31T23:00"),
    by: SUPERVISOR,
    fromLevel: "grid",
    reason: "overdue",
    note: undefined,
  })

  it("refuses a decision whose deadline lies past the calendar's years, saying which year it lacks", () => {
    // The grid's stay runs on working days into 2027, which the calendar has no notice for.
    expectRefused(lateInTheYear, escalate, "outsideCalendar", /has no data for 2027/)
  })

  it("lets any other fault of the calendar through instead of passing it off as a refusal", () => {
    const fault = new RangeError("the calendar's table is corrupt")
    const broken = makeCaseDecider({
      policy: defaultPolicy,
      calendar: {
        ...shanghaiCalendar,
        addWorkingMinutes: () => {
          throw fault
        },
      },
    })
    expect(() => broken.decide(escalate, stateAfter(lateInTheYear))).toThrow(fault)
  })
})

describe("oversight (催办, 报告说明理由, 通报批评, 督办, 上报, 下派)", () => {
  // Handling (5 working days from 签收 at t(3), Tuesday 10:00) runs out the next Tuesday at 10:00;
  // the day after, it is late. A written criticism is owed 5 working days after the deadline.
  const HANDLE_DUE = "2026-03-17T10:00:00+08:00"
  const late = shanghai("2026-03-18T09:00")
  const remind = (step?: "handle" | "verify", at = late) =>
    command({ _tag: "RemindCase", at, by: SUPERVISOR, note: "催办通知书", step })
  const reminded = [
    ...inProgress,
    event("CaseReminded", {
      at: late,
      by: SUPERVISOR,
      note: "催办通知书",
      step: "handle",
      dueAt: Date.parse(HANDLE_DUE),
    }),
  ]
  const explain = (step: "handle" | "dispatch", at = late) =>
    command({
      _tag: "ExplainDelay",
      at,
      by: WORKER,
      step,
      reason: "等待物业配合 — waiting for the property company",
    })
  const criticize = (at: number) =>
    command({ _tag: "CriticizeCase", at, by: SUPERVISOR, step: "handle", note: "通报批评" })
  const criticismDue = shanghai("2026-03-24T10:00")
  /** The handling unit's reason for the late handling step (报告说明理由), given the day after. */
  const delayExplained = event("DelayExplained", {
    at: late,
    by: WORKER,
    step: "handle",
    dueAt: Date.parse(HANDLE_DUE),
    reason: "等待物业配合",
  })

  it("reminds only of what is past its deadline, once per deadline, naming the step and the deadline", () => {
    expectRefused(
      inProgress,
      remind(undefined, t(5)),
      "nothingOverdue",
      "no running step of the case is past its time limit",
    )
    expectRefused(
      inProgress,
      remind("handle", t(5)),
      "nothingOverdue",
      "the handle step is not running past its time limit",
    )
    expectRefused(
      reminded,
      remind("handle"),
      "alreadyReminded",
      `the handle step was reminded of its deadline ${HANDLE_DUE} already`,
    )
  })

  it("takes a reason for a delay from the step's holder, once per deadline", () => {
    expectRefused(
      inProgress,
      explain("handle", t(5)),
      "nothingOverdue",
      "the handle step is not running past its time limit",
    )
    const explained = [...inProgress, delayExplained]
    expectRefused(
      explained,
      explain("handle"),
      "alreadyExplained",
      `the delay past the handle step's deadline ${HANDLE_DUE} is explained already`,
    )
    // Intake is the office's own: nobody outside it is held to its hour.
    expectRefused(
      reported,
      explain("dispatch", late),
      "notHeld",
      "no unit holds the dispatch step: it is the office's own",
    )
  })

  it("criticises in writing only a reminded, unexplained step, once, after its grace", () => {
    expectRefused(
      inProgress,
      criticize(criticismDue + HOUR),
      "notReminded",
      `the handle step was not reminded (催办) of its deadline ${HANDLE_DUE}`,
    )
    expectRefused(
      reminded,
      criticize(criticismDue),
      "notYetDue",
      "a criticism for the handle step is due after 2026-03-24T10:00:00+08:00",
    )
    const criticised = [
      ...reminded,
      event("CaseCriticized", {
        at: criticismDue + HOUR,
        by: SUPERVISOR,
        step: "handle",
        dueAt: Date.parse(HANDLE_DUE),
        criticised: { _tag: "person", personId: WORKER },
        note: "通报批评",
      }),
    ]
    expectRefused(
      criticised,
      criticize(criticismDue + 2 * HOUR),
      "alreadyCriticized",
      `the handle step was criticised for its deadline ${HANDLE_DUE} already`,
    )
    const explained = [...reminded, delayExplained]
    expectRefused(
      explained,
      criticize(criticismDue + HOUR),
      "delayExplained",
      `the handle step's holder reported why it is past ${HANDLE_DUE}`,
    )
  })

  describe("督办: who answers the notice", () => {
    const notice = (
      responder: Assignee | undefined,
      reason: "sensitive" | "overdue" | "repeatedlyUnsatisfied" = "sensitive",
    ) => command({ _tag: "SuperviseCase", at: t(5), by: SUPERVISOR, reason, responder, note: "请说明" })
    const dispatchedTo = (assignee: Assignee) => [
      ...registered,
      event("CaseDispatched", { at: t(2), by: LEADER, assignee, note: undefined }),
    ]
    const gridUnit: Assignee = { _tag: "unit", level: "grid", unitId: "nanshan-grid-12" }
    const department: Assignee = { _tag: "department", departmentId: "urban-management" }

    it("is the assignee, named or not, whatever kind of party it is", () => {
      for (const assignee of [gridUnit, department]) {
        for (const named of [undefined, assignee]) {
          spec
            .given(dispatchedTo(assignee))
            .when(notice(named))
            .then(
              event("CaseSupervised", {
                at: t(5),
                by: SUPERVISOR,
                note: "请说明",
                reason: "sensitive",
                responder: assignee,
              }),
            )
        }
      }
      const isWithAssignee = "the case is with its assignee, who answers the notice"
      expectRefused(
        dispatchedTo(gridUnit),
        notice({ ...gridUnit, unitId: "nanshan-grid-13" }),
        "responderNotHolder",
        isWithAssignee,
      )
      expectRefused(
        dispatchedTo(gridUnit),
        notice({ ...gridUnit, level: "community" }),
        "responderNotHolder",
        isWithAssignee,
      )
      expectRefused(
        dispatchedTo(department),
        notice({ _tag: "department", departmentId: "housing" }),
        "responderNotHolder",
        isWithAssignee,
      )
    })

    it("before dispatch, is a unit of the owner level the supervisor names", () => {
      expectRefused(
        registered,
        notice(undefined),
        "noResponder",
        "the case is with no assignee: name the unit of its owner level",
      )
      const ownerLevelOnly = "the case is with its owner level (grid): only a unit at that level answers"
      expectRefused(
        registered,
        notice({ _tag: "person", personId: WORKER }),
        "responderNotHolder",
        ownerLevelOnly,
      )
      expectRefused(
        registered,
        notice({ ...gridUnit, level: "community" }),
        "responderNotHolder",
        ownerLevelOnly,
      )
    })

    it("waits for the open notice's answer, and holds the notice's reason to the case", () => {
      const open = [
        ...inProgress,
        event("CaseSupervised", {
          at: t(5),
          by: SUPERVISOR,
          note: "请说明",
          reason: "sensitive",
          responder: { _tag: "person", personId: WORKER },
        }),
      ]
      const again = command({
        _tag: "SuperviseCase",
        at: t(6),
        by: SUPERVISOR,
        reason: "sensitive",
        responder: undefined,
        note: "再次督办",
      })
      expectRefused(open, again, "supervisionOpen", "the last supervision notice is not answered yet")
      expectRefused(
        inProgress,
        notice(undefined, "overdue"),
        "nothingOverdue",
        "no running step of the case is past its time limit",
      )
      expectRefused(
        inProgress,
        notice(undefined, "repeatedlyUnsatisfied"),
        "notUnsatisfied",
        "the case was never reopened on an unsatisfied verdict",
      )
      expectRefused(
        inProgress,
        command({ _tag: "AnswerSupervision", at: t(5), by: WORKER, note: "已安排" }),
        "noOpenSupervision",
        "no supervision notice waits for an answer",
      )
    })
  })

  describe("上报 and 下派: the ladder", () => {
    const escalate = (fromLevel: Level, reason: "overdue" | "manual", at = t(5)) =>
      command({ _tag: "EscalateCase", at, by: SUPERVISOR, fromLevel, reason, note: undefined })
    const at = (level: Level, history: ReadonlyArray<CaseEvent> = inProgress) => [
      ...history,
      event("CaseEscalated", {
        at: t(5),
        by: SUPERVISOR,
        from: "grid",
        to: level,
        reason: "manual",
        note: undefined,
      }),
    ]

    it("climbs from where the case is, never past the district", () => {
      expectRefused(
        inProgress,
        escalate("community", "manual"),
        "staleLevel",
        "the case is at grid, not community",
      )
      expectRefused(
        at("district"),
        escalate("district", "manual", t(6)),
        "atTopLevel",
        "district is the top of the ladder",
      )
      expectRefused(
        at("district"),
        escalate("district", "overdue", t(6)),
        "atTopLevel",
        "district is the top of the ladder",
      )
    })

    it("escalates for lateness only a case whose stay ran out, and never while its clocks stand still", () => {
      const held = [...inProgress, event("CaseHeld", { at: t(5), by: WORKER, reason: "等待配件" })]
      expectRefused(
        held,
        escalate("grid", "overdue", shanghai("2026-06-01T09:00")),
        "notOverdue",
        "its clocks stand still while it is shelved or on hold",
      )
      expectRefused(
        inProgress,
        escalate("grid", "overdue", t(5)),
        "notOverdue",
        /^due at 2026-03-\d\dT\d\d:\d\d:00\+08:00$/,
      )
    })

    it("hands down only from where the case is, and only to a lower level", () => {
      const handDown = (fromLevel: Level, toLevel: Level) =>
        command({ _tag: "DeEscalateCase", at: t(6), by: SUPERVISOR, fromLevel, toLevel, reason: "属地处理" })
      expectRefused(
        at("street"),
        handDown("community", "grid"),
        "staleLevel",
        "the case is at street, not community",
      )
      expectRefused(
        at("street"),
        handDown("street", "street"),
        "notBelowCurrentLevel",
        "street is not below street",
      )
      expectRefused(
        at("street"),
        handDown("street", "district"),
        "notBelowCurrentLevel",
        "district is not below street",
      )
    })
  })
})

describe("a command for another case, or dated before the case's last event", () => {
  it("names the case the stream holds, and the time of its last event", () => {
    const elsewhere = command({ _tag: "RegisterCase", at: t(1), by: LEADER })
    expectRefused(
      reported,
      { ...elsewhere, caseId: "nanshan-2026-0043" } as CaseCommand,
      "caseIdMismatch",
      "this stream holds case nanshan-2026-0042",
    )
    expectRefused(
      registered,
      command({
        _tag: "DispatchCase",
        at: t(0),
        by: LEADER,
        assignee: { _tag: "person", personId: WORKER },
        note: undefined,
      }),
      "clockWentBackwards",
      "the case's last event is at 2026-03-10T09:40:00+08:00",
    )
  })

  it("says in its message which command on which case broke which rule, and how", () => {
    const refused = refusal(reported, {
      ...command({ _tag: "RegisterCase", at: t(1), by: LEADER }),
      caseId: "nanshan-2026-0043",
    } as CaseCommand)
    expect(refused.message).toBe(
      "RegisterCase on case nanshan-2026-0043 refused (caseIdMismatch): this stream holds case nanshan-2026-0042",
    )
  })
})
