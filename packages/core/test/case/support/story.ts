import { shanghaiCalendar } from "../../../src/calendar/china-mainland.ts"
import type { CaseCommand } from "../../../src/case/commands.ts"
import { makeCaseDecider } from "../../../src/case/decide.ts"
import type { CaseEvent, CaseEventOf, CaseEventTag } from "../../../src/case/events.ts"
import type { OpenedCase } from "../../../src/case/state.ts"
import type { Satisfaction } from "../../../src/case/vocabulary.ts"
import { defaultPolicy } from "../../../src/policy/default-policy.ts"
import { fold } from "../../../src/shared/decider.ts"
import { MINUTE } from "../../../src/shared/instant.ts"
import { DeciderSpecification } from "../../../src/testing/decider-spec.ts"

/**
 * One case told step by step, as the case tests tell it: a stairwell blocked with bicycles in
 * Nanshan community, reported on a patrol (巡查) by grid worker Wang on an ordinary working
 * morning, ten minutes a step, under the default policy and the Shanghai calendar. Each history
 * extends the one before, so a test starts from the step it is about.
 */
export const decider = makeCaseDecider({ policy: defaultPolicy, calendar: shanghaiCalendar })
export const spec = DeciderSpecification.for(decider)

/** A moment in Shanghai, e.g. `shanghai("2026-03-10T09:30")`. */
export const shanghai = (local: string): number => Date.parse(`${local}:00+08:00`)

export const caseId = "nanshan-2026-0042"
export const WORKER = "grid-worker-wang"
export const LEADER = "grid-leader-li"
export const SUPERVISOR = "supervisor-chen"
export const OPERATOR = "hotline-operator-zhao"

/** Tuesday 10 March 2026, 09:30: an ordinary working morning. */
export const T0 = shanghai("2026-03-10T09:30")
/** The n-th step of a history: ten minutes apart. */
export const t = (n: number): number => T0 + n * 10 * MINUTE

export const event = <T extends CaseEventTag>(
  tag: T,
  fields: Omit<CaseEventOf<T>, "_tag" | "caseId">,
): CaseEvent => ({ _tag: tag, caseId, ...fields }) as unknown as CaseEvent

type WithoutCaseId<C> = C extends unknown ? Omit<C, "caseId"> : never
export const command = (fields: WithoutCaseId<CaseCommand>): CaseCommand =>
  ({ caseId, ...fields }) as CaseCommand

export const report = {
  source: "patrol",
  category: "commonAreaClutter",
  urgency: "normal",
  description: "楼道堆放杂物 — bicycles and boxes block the stairwell",
  location: { gridId: "nanshan-grid-12", address: "Nanshan community, building 3" },
  level: "grid",
} as const

export const reported = [event("CaseReported", { at: t(0), by: WORKER, ...report })]
export const registered = [...reported, event("CaseRegistered", { at: t(1), by: LEADER })]
export const dispatched = [
  ...registered,
  event("CaseDispatched", {
    at: t(2),
    by: LEADER,
    assignee: { _tag: "person", personId: WORKER },
    note: undefined,
  }),
]
export const acknowledged = [...dispatched, event("CaseAcknowledged", { at: t(3), by: WORKER })]
export const inProgress = [...acknowledged, event("HandlingStarted", { at: t(4), by: WORKER })]
export const resolved = [
  ...inProgress,
  event("CaseResolved", { at: t(5), by: WORKER, result: "杂物已清理 — cleared" }),
]
export const verified = [...resolved, event("VerificationPassed", { at: t(6), by: LEADER, note: undefined })]
export const closed = [...verified, event("CaseClosed", { at: t(7), by: LEADER, note: undefined })]
/** Closed, then called back (回访) with the reporter's verdict, at `at` (at once by default). */
export const closedWith = (satisfaction: Satisfaction, at = t(7)) => [
  ...closed,
  event("CaseFollowedUp", { at, by: OPERATOR, satisfaction, note: undefined }),
]

export const stateAfter = (history: ReadonlyArray<CaseEvent>): OpenedCase => {
  const state = fold(decider, history)
  if (!state.exists) throw new Error("the history opens no case")
  return state
}
