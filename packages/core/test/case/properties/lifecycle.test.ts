import { makeMemoryEventStore } from "@gridcase/adapters/memory"
import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { CaseCommandTag } from "../../../src/case/commands.ts"
import { makeCaseDecider } from "../../../src/case/decide.ts"
import { CaseRuleViolated, IllegalCaseTransition } from "../../../src/case/errors.ts"
import { type CaseStatus, isPaused, isTerminal } from "../../../src/case/state.ts"
import { makeGridcase } from "../../../src/facade/gridcase.ts"
import { makeFixedClock } from "../../../src/services/business-clock.ts"
import { arbitraryCaseCommand } from "../../../src/testing/arbitraries/case.ts"
import { arbitraryCaseLifecycle } from "../../../src/testing/arbitraries/case-lifecycle.ts"
import { runCommands } from "../../../src/testing/run-commands.ts"
import { caseUnderAnyPolicy, config, decider, RUNS } from "./setup.ts"
import { startsFrom } from "./starts-from.ts"

const UNCHANGED = "unchanged"

/**
 * Where each accepted command may leave a case: the loop of docs/domain.md#loop written out once more,
 * independently of `evolve`, as the oracle of the "no forbidden state" property.
 */
const LEADS_TO: { readonly [T in CaseCommandTag]: ReadonlyArray<CaseStatus | typeof UNCHANGED> } = {
  ReportCase: ["reported"],
  RecordSelfHandledCase: ["selfHandled"],
  AuditSelfHandledCase: ["closed", "registered"],
  RegisterCase: ["registered"],
  RejectCase: ["rejected"],
  DispatchCase: ["dispatched"],
  AcknowledgeCase: ["acknowledged"],
  SendBackCase: ["registered"],
  StartHandling: ["inProgress"],
  AddProgressNote: [UNCHANGED],
  RequestExtension: [UNCHANGED],
  RequestVoid: [UNCHANGED],
  RequestShelve: [UNCHANGED],
  RequestSendBack: [UNCHANGED],
  // An approved send-back (退回) returns the case to dispatch.
  ApproveRequest: [UNCHANGED, "voided", "shelved", "registered"],
  DenyRequest: [UNCHANGED],
  RestoreCase: ["registered", "dispatched", "acknowledged", "inProgress", "onHold"],
  HoldCase: ["onHold"],
  ResumeCase: ["inProgress"],
  ResolveCase: ["resolved"],
  VerifyCase: ["verified", "inProgress"],
  CloseCase: ["closed"],
  FollowUpCase: [UNCHANGED],
  RemindCase: [UNCHANGED],
  ExplainDelay: [UNCHANGED],
  CriticizeCase: [UNCHANGED],
  ReopenCase: ["inProgress"],
  MergeCase: ["merged"],
  SuperviseCase: [UNCHANGED],
  AnswerSupervision: [UNCHANGED],
  LinkHotlineTicket: [UNCHANGED],
  ReportHotlineOutcome: [UNCHANGED],
  // A level change hands a case that was out with a handler back to the new level's dispatch.
  EscalateCase: [UNCHANGED, "registered"],
  DeEscalateCase: [UNCHANGED, "registered"],
}

/** Left out of the extension property's walks: cases then stay in handling and ask again and again. */
const KEEPS_HANDLING: ReadonlyArray<CaseCommandTag> = [
  "ResolveCase",
  "SendBackCase",
  "EscalateCase",
  "DeEscalateCase",
  "MergeCase",
  "RequestVoid",
  "RequestShelve",
  "RequestSendBack",
]

describe("case lifecycle properties", () => {
  it("no sequence of commands reaches a state that the lifecycle forbids", () => {
    fc.assert(
      fc.property(arbitraryCaseLifecycle(config), (commands) => {
        for (const { command, before, decision, after } of runCommands(decider, commands)) {
          if (Result.isFailure(decision)) continue
          const from = before.exists ? before.status : "none"
          expect(startsFrom(command._tag, from), `${command._tag} accepted while ${from}`).toBe(true)
          if (!after.exists) throw new Error(`${command._tag} left no case`)
          const leadsTo = LEADS_TO[command._tag]
          const unchanged = before.exists && after.status === before.status
          const outcome = unchanged && leadsTo.includes(UNCHANGED) ? UNCHANGED : after.status
          expect(leadsTo, `${command._tag} from ${from} led to ${after.status}`).toContain(outcome)
          if (command._tag === "RestoreCase" && before.exists) expect(after.status).toBe(before.shelvedFrom)
          if (before.exists && isTerminal(before.status) && command._tag !== "ReopenCase") {
            expect(after.status).toBe(before.status)
          }
        }
      }),
      RUNS,
    )
  })

  it("the clocks stand still exactly while a case is shelved or on hold, never where it may be pressed", () => {
    // 挂账 and 暂停 stop every clock (docs/domain.md); the reminders and criticisms (催办, 通报批评)
    // and the report of a delay's reason rely on the statuses they start from never being paused.
    const STOPPED: ReadonlyArray<CaseStatus> = ["shelved", "onHold"]
    let stoppedSeen = 0
    fc.assert(
      fc.property(arbitraryCaseLifecycle(config), (commands) => {
        for (const { command, after } of runCommands(decider, commands)) {
          if (!after.exists) continue
          const stopped = STOPPED.includes(after.status)
          if (stopped) stoppedSeen++
          expect(isPaused(after), `${after.status} after ${command._tag}`).toBe(stopped)
          for (const pressing of ["RemindCase", "CriticizeCase", "ExplainDelay"] as const) {
            if (startsFrom(pressing, after.status))
              expect(stopped, `${pressing} from ${after.status}`).toBe(false)
          }
        }
      }),
      RUNS,
    )
    // The walks do shelve and hold cases: the property is not vacuous.
    expect(stoppedSeen).toBeGreaterThan(0)
  })

  it("every refused command appends nothing, leaves the case unchanged and says which command met which status", async () => {
    // Besides a case's life, a stray command to a case nobody reported (status "none").
    const stray = arbitraryCaseCommand({
      caseId: "case-never-reported",
      at: config.calendar.knownRange.start,
    })
    await fc.assert(
      fc.asyncProperty(arbitraryCaseLifecycle(config), stray, async (commands, strayCommand) => {
        const desk = makeGridcase({ store: makeMemoryEventStore(), clock: makeFixedClock(0) })
        try {
          for (const command of [strayCommand, ...commands]) {
            const before = await desk.cases.get(command.caseId)
            const stored = (await desk.cases.history(command.caseId)).length
            const refusal = await desk.cases.send(command).then(
              () => undefined,
              (error: unknown) => error,
            )
            if (refusal === undefined) continue
            expect(await desk.cases.history(command.caseId)).toHaveLength(stored)
            expect(await desk.cases.get(command.caseId)).toStrictEqual(before)
            const status = before.exists ? before.status : "none"
            if (startsFrom(command._tag, status)) {
              expect(refusal).toBeInstanceOf(CaseRuleViolated)
              expect(refusal).toMatchObject({ caseId: command.caseId, command: command._tag })
            } else {
              expect(refusal).toBeInstanceOf(IllegalCaseTransition)
              expect(refusal).toMatchObject({ caseId: command.caseId, command: command._tag, status })
            }
          }
        } finally {
          await desk.dispose()
        }
      }),
      RUNS,
    )
  })

  it("extensions stay within their bound: at most the policy's count, each at most its length", () => {
    fc.assert(
      fc.property(caseUnderAnyPolicy({ exclude: KEEPS_HANDLING }), ({ config, commands }) => {
        const { maxCount, maxMinutes } = config.policy.data.extensions
        for (const { decision, after } of runCommands(makeCaseDecider(config), commands)) {
          if (!after.exists) continue
          expect(after.extensionsGranted).toBeLessThanOrEqual(maxCount)
          expect(after.extensionMinutes).toBeLessThanOrEqual(after.extensionsGranted * maxMinutes)
          if (Result.isFailure(decision)) continue
          for (const event of decision.success) {
            if (event._tag === "ExtensionGranted") expect(event.minutes).toBeLessThanOrEqual(maxMinutes)
          }
        }
      }),
      RUNS,
    )
  })
})
