import { describe, expect, it } from "vitest"
import type { CaseEvent } from "../../src/case/events.ts"
import type { CaseStep } from "../../src/policy/policy.ts"
import {
  acknowledged,
  closed,
  closedWith,
  dispatched,
  event,
  inProgress,
  LEADER,
  registered,
  reported,
  resolved,
  SUPERVISOR,
  stateAfter,
  t,
  verified,
  WORKER,
} from "./support/story.ts"

/**
 * Which steps' clocks run after each event of the loop, written from the loop itself (docs/domain.md
 * §1): intake — register and dispatch — runs from the report (one hour in total); a step's clock
 * stops when its step is done and the next one's starts; closing stops every clock and starts the
 * call-back's (回访); a send-back or a failed check hands the case back to the step before. The
 * read models time every step from these spans (on-time rates, lights), so a span that never ends
 * would show a step late for ever. Found by `pnpm mutate 'case/*.ts'` (docs/mutation.md): emptying
 * the list of steps an event ends went unnoticed, no test reading when a span ends.
 */
const running = (history: ReadonlyArray<CaseEvent>): ReadonlyArray<CaseStep> => {
  const steps = stateAfter(history).steps as Partial<
    Record<CaseStep, { startedAt: number; endedAt?: number }>
  >
  return (Object.keys(steps) as Array<CaseStep>).filter((step) => steps[step]?.endedAt === undefined).sort()
}

/** The steps a history's last event ended, each at that event's time. */
const endedByLast = (history: ReadonlyArray<CaseEvent>): ReadonlyArray<CaseStep> => {
  const before = new Set(running(history.slice(0, -1)))
  const after = new Set(running(history))
  const last = history.at(-1)!
  const spans = stateAfter(history).steps as Partial<Record<CaseStep, { endedAt?: number }>>
  const ended = [...before].filter((step) => !after.has(step))
  for (const step of ended) expect(spans[step]?.endedAt, `${step} ends at ${last._tag}`).toBe(last.at)
  return ended.sort()
}

const sorted = (steps: ReadonlyArray<CaseStep>) => [...steps].sort()

describe("step clocks (环节计时) through the loop", () => {
  it("runs each step's clock from the step before it to its own end", () => {
    const table: ReadonlyArray<[string, ReadonlyArray<CaseEvent>, ReadonlyArray<CaseStep>]> = [
      ["reported", reported, ["whole", "register", "dispatch"]],
      ["registered", registered, ["whole", "dispatch"]],
      ["dispatched", dispatched, ["whole", "acknowledge"]],
      ["acknowledged", acknowledged, ["whole", "handle"]],
      ["in handling", inProgress, ["whole", "handle"]],
      ["resolved", resolved, ["whole", "verify"]],
      ["verified", verified, ["whole"]],
      ["closed", closed, ["followUp"]],
      ["called back", closedWith("satisfied", closed.at(-1)!.at), []],
    ]
    for (const [name, history, expected] of table) expect(running(history), name).toEqual(sorted(expected))
    expect(endedByLast(registered)).toEqual(["register"])
    expect(endedByLast(dispatched)).toEqual(["dispatch"])
    expect(endedByLast(acknowledged)).toEqual(["acknowledge"])
    expect(endedByLast(resolved)).toEqual(["handle"])
    expect(endedByLast(verified)).toEqual(["verify"])
    expect(endedByLast(closed)).toEqual(["whole"])
  })

  it("keeps each span's end once it ended, and opens no span for a step the case never took", () => {
    // Closing ends every running step; the steps that ended before keep their own ends, and the
    // supervision notice's answer (督办回复), never asked for, has no span at all.
    expect(stateAfter(closed).steps).toEqual({
      whole: { startedAt: t(0), endedAt: t(7) },
      register: { startedAt: t(0), endedAt: t(1) },
      dispatch: { startedAt: t(0), endedAt: t(2) },
      acknowledge: { startedAt: t(2), endedAt: t(3) },
      handle: { startedAt: t(3), endedAt: t(5) },
      verify: { startedAt: t(5), endedAt: t(6) },
      followUp: { startedAt: t(7) },
    })
  })

  it("hands the case back a step on a send-back or a failed check, and stops every clock on an end", () => {
    const sentBackUnacknowledged = [
      ...dispatched,
      event("CaseSentBack", { at: t(3), by: WORKER, reason: "不属本网格" }),
    ]
    expect(endedByLast(sentBackUnacknowledged)).toEqual(["acknowledge"])
    expect(running(sentBackUnacknowledged)).toEqual(sorted(["whole", "dispatch"]))
    const sentBack = [...acknowledged, event("CaseSentBack", { at: t(4), by: WORKER, reason: "不属本网格" })]
    expect(running(sentBack)).toEqual(sorted(["whole", "dispatch"]))
    const sentBackWhileHandling = [
      ...inProgress,
      event("CaseSentBack", { at: t(5), by: SUPERVISOR, reason: "派错单位" }),
    ]
    expect(endedByLast(sentBackWhileHandling)).toEqual(["handle"])
    const failed = [...resolved, event("VerificationFailed", { at: t(6), by: LEADER, note: undefined })]
    expect(endedByLast(failed)).toEqual(["verify"])
    expect(running(failed)).toEqual(sorted(["whole", "handle"]))
    for (const end of [
      event("CaseRejected", {
        at: t(1),
        by: LEADER,
        reason: "notAProblem",
        duplicateOf: undefined,
        note: undefined,
      }),
      event("CaseVoided", { at: t(1), by: SUPERVISOR, note: undefined }),
      event("CaseMerged", { at: t(1), by: LEADER, into: "nanshan-2026-0040" }),
    ]) {
      expect(running([...reported, end]), end._tag).toEqual([])
    }
  })

  it("times a self-handled case from its fix to its audit, and a failed audit sends it to dispatch", () => {
    const selfHandled = [...reported, event("CaseSelfHandled", { at: t(0), by: WORKER, result: "当场处理" })]
    expect(running(selfHandled)).toEqual(sorted(["whole", "verify"]))
    expect(stateAfter(selfHandled).selfHandled).toBe(true)
    expect(stateAfter(reported).selfHandled).toBe(false)
    const audit = (passed: boolean) =>
      event("SelfHandlingAudited", { at: t(1), by: SUPERVISOR, passed, note: undefined })
    expect(running([...selfHandled, audit(true)])).toEqual([])
    expect(running([...selfHandled, audit(false)])).toEqual(sorted(["whole", "dispatch"]))
  })

  it("hands a case out below back to dispatch at the level it moves to, and leaves one not handed out alone", () => {
    // A level change makes the new level answer for the case (docs/domain.md#escalation): what
    // was dispatched, acknowledged, in handling or on hold below goes back to its dispatch queue.
    const held = [...inProgress, event("CaseHeld", { at: t(5), by: WORKER, reason: "等待配件" })]
    const escalated = (history: ReadonlyArray<CaseEvent>) => [
      ...history,
      event("CaseEscalated", {
        at: t(9),
        by: SUPERVISOR,
        from: "grid",
        to: "community",
        reason: "manual",
        note: undefined,
      }),
    ]
    for (const [name, history] of [
      ["dispatched", dispatched],
      ["acknowledged", acknowledged],
      ["in handling", inProgress],
      ["on hold", held],
    ] as const) {
      const moved = stateAfter(escalated(history))
      expect(moved, name).toMatchObject({ status: "registered", assignee: undefined, level: "community" })
      expect(running(escalated(history)), name).toEqual(sorted(["whole", "dispatch"]))
      expect(moved.steps.dispatch, name).toEqual({ startedAt: t(9) })
    }
    for (const [name, history] of [
      ["reported", reported],
      ["registered", registered],
      ["resolved", resolved],
    ] as const) {
      const before = stateAfter(history)
      const moved = stateAfter(escalated(history))
      expect(moved.status, name).toBe(before.status)
      expect(moved.steps, name).toEqual(before.steps)
    }
  })

  it("runs a supervision notice's answer clock (督办回复) beside the others until it is answered", () => {
    const supervised = [
      ...inProgress,
      event("CaseSupervised", {
        at: t(5),
        by: SUPERVISOR,
        note: "请说明",
        reason: "sensitive",
        responder: { _tag: "person", personId: WORKER },
      }),
    ]
    expect(running(supervised)).toEqual(sorted(["whole", "handle", "supervision"]))
    const answered = [...supervised, event("SupervisionAnswered", { at: t(6), by: WORKER, note: "已安排" })]
    expect(endedByLast(answered)).toEqual(["supervision"])
  })
})
