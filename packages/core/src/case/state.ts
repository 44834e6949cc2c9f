import type { CaseStep } from "../policy/policy.ts"
import type { Category, Urgency } from "../shared/category.ts"
import type { Instant } from "../shared/instant.ts"
import type { Level } from "../shared/level.ts"
import type { ActorId } from "../shared/vocabulary.ts"
import type {
  Assignee,
  CaseId,
  CaseLocation,
  CaseSource,
  RejectionReason,
  RequestKind,
  Satisfaction,
  SupervisionReason,
} from "./vocabulary.ts"

/**
 * Where a case stands in the loop. Open statuses can still change; terminal ones
 * (closed, rejected, voided, merged) only accept bookkeeping (hotline outcome, reopen).
 */
export type CaseStatus =
  | "reported" // 已上报, awaiting 立案
  | "registered" // 已立案, awaiting 派遣
  | "dispatched" // 已派遣, awaiting 签收
  | "acknowledged" // 已签收
  | "inProgress" // 处置中
  | "onHold" // 暂停
  | "resolved" // 已办结, awaiting 核查
  | "verified" // 已核查, awaiting 结案
  | "selfHandled" // 自处理, awaiting audit
  | "shelved" // 挂账
  | "closed" // 已结案
  | "rejected" // 不予立案
  | "voided" // 作废
  | "merged" // 已合并

/** A request waiting for a supervisor: 延期, 作废, 挂账 or 退回. At most one at a time. */
export interface PendingRequest {
  readonly kind: RequestKind
  readonly by: ActorId
  readonly at: Instant
  /** Extension length asked for, in the limit's own clock (working minutes unless urgent). */
  readonly minutes: number
  /** Why a send-back is asked for: the approved 退回 carries it. */
  readonly reason?: string | undefined
}

/**
 * The latest supervision notice (督办单): who issued it and when, why, and who must answer it. It
 * is open while the `supervision` step runs (`isSupervisionOpen`); its time limit is that step's.
 */
export interface SupervisionNotice {
  readonly by: ActorId
  readonly at: Instant
  readonly reason: SupervisionReason
  readonly responder: Assignee
}

/** One run of a step: when it started and, once done, when it ended. */
export interface StepSpan {
  readonly startedAt: Instant
  readonly endedAt?: Instant | undefined
}

/**
 * The latest run of each step of the loop (register → dispatch → acknowledge → handle →
 * verify) and of the whole case. A step runs again when the case loops back (退回, 重办,
 * reopen), so only its latest run is kept: that is the one its time limit and light apply to.
 */
export type StepSpans = { readonly whole: StepSpan } & {
  readonly [K in Exclude<CaseStep, "whole">]?: StepSpan | undefined
}

/**
 * A time the case's clocks stood still: shelved (挂账) or on hold (暂停). While `to` is unset the
 * case is still stopped. Every clock — the level's stay, each step, the whole case — skips it.
 */
export interface Pause {
  readonly from: Instant
  readonly to?: Instant | undefined
}

/**
 * A case that has been reported, registered or not: everything its events say — where it is, who owns
 * and handles it, its status, its level and when it reached it, pending requests, pauses and counters.
 */
export interface OpenedCase {
  readonly exists: true
  readonly caseId: CaseId
  readonly status: CaseStatus
  readonly category: Category
  readonly urgency: Urgency
  readonly source: CaseSource
  readonly location: CaseLocation
  readonly reportedBy: ActorId
  /** The single owner level (责任层级) — exactly one at any time. */
  readonly level: Level
  /** Time of the latest event: commands dated earlier are refused, so a case's clock never runs backwards. */
  readonly lastAt: Instant
  /** When the case arrived at its current level: the escalation clock starts here. */
  readonly levelEnteredAt: Instant
  readonly steps: StepSpans
  /** Every time its clocks stood still (挂账, 暂停), oldest first; only the last may still be open. */
  readonly pauses: ReadonlyArray<Pause>
  readonly assignee?: Assignee | undefined
  /** Who reported the latest result (办结): the handler, who may not check their own work (核查). */
  readonly resolvedBy?: ActorId | undefined
  readonly pending?: PendingRequest | undefined
  /** Status to return to when a shelved case is restored. */
  readonly shelvedFrom?: CaseStatus | undefined
  /** 延期: extensions granted over the case's life (the 延期率 measure counts them). */
  readonly extensionsGranted: number
  /**
   * Extensions granted at the current level, and their length: they belong to that level's
   * handling (its stay and its handling limit), so a level change resets both.
   */
  readonly extensionsAtLevel: number
  readonly extensionMinutes: number
  /** Extension granted over the case's life, added to the whole-case limit. */
  readonly extensionMinutesTotal: number
  readonly selfHandled: boolean
  readonly satisfaction?: Satisfaction | undefined
  readonly rejection?: RejectionReason | undefined
  readonly mergedInto?: CaseId | undefined
  readonly hotlineTicketId?: string | undefined
  readonly hotlineOutcomeReported: boolean
  /** 返工: verification failures. */
  readonly reworks: number
  /** 退回: every send-back, within the window or approved — the buck-passing (推诿) signal. */
  readonly sendBacks: number
  readonly reopens: number
  readonly escalations: number
  /** 督办: supervision notices issued, those stored before notices named a responder included. */
  readonly supervisions: number
  /** The latest supervision notice that asks for an answer (督办回复); kept once answered. */
  readonly supervision?: SupervisionNotice | undefined
  /** 催办: reminders sent. */
  readonly reminders: number
  /**
   * The deadline each step was last reminded of (催办 naming the step): a step is reminded of a
   * deadline once, and again only if its deadline moves (an extension, a restart on loop-back).
   */
  readonly remindedOf: { readonly [K in CaseStep]?: Instant | undefined }
  /**
   * The deadline each step's holder last explained being past (报告说明理由): that deadline is not
   * criticised. A moved deadline needs its own explanation.
   */
  readonly explainedOf: { readonly [K in CaseStep]?: Instant | undefined }
  /** The deadline each step was last criticised for (通报批评): once per deadline, as reminders are. */
  readonly criticizedOf: { readonly [K in CaseStep]?: Instant | undefined }
}

/** The state before a case's first event: nothing has been reported under this id. */
export interface NoCase {
  readonly exists: false
}

/** A case stream folded: `exists` tells whether anything was reported yet. */
export type CaseState = NoCase | OpenedCase

/** The state `evolve` starts from for every case stream. */
export const initialCaseState: CaseState = { exists: false }

const TERMINAL: ReadonlySet<CaseStatus> = new Set(["closed", "rejected", "voided", "merged"])
/** Statuses from which the deadline process may escalate (shelved, resolved and later never do). */
const ESCALATABLE: ReadonlySet<CaseStatus> = new Set([
  "reported",
  "registered",
  "dispatched",
  "acknowledged",
  "inProgress",
  "onHold",
])

/** Whether the status ends the loop (closed, rejected 不予立案, voided 作废, merged 合并): no step runs any more. */
export const isTerminal = (status: CaseStatus): boolean => TERMINAL.has(status)

/**
 * A case whose status can never change again: rejected, voided, merged, or closed with a
 * verdict that allows no reopen (only an unsatisfied one does, 发回重办; a case still waiting for
 * its call-back, 回访, has none yet). Whatever tracks live
 * cases (the deadline process, read models) drops it, so its size follows live cases, not history.
 */
export const isSettled = (c: OpenedCase): boolean =>
  isTerminal(c.status) &&
  !(c.status === "closed" && (c.satisfaction === undefined || c.satisfaction === "unsatisfied"))
/** Whether the deadline process may escalate a case in this status: open and not shelved, resolved or later. */
export const isEscalatable = (status: CaseStatus): boolean => ESCALATABLE.has(status)

/** Whether the case's clocks stand still now (挂账, 暂停): its last pause is still open. */
export const isPaused = (c: OpenedCase): boolean => {
  const last = c.pauses[c.pauses.length - 1]
  return last !== undefined && last.to === undefined
}

/** Whether a supervision notice (督办单) waits for its answer: the `supervision` step runs. */
export const isSupervisionOpen = (c: OpenedCase): boolean =>
  c.steps.supervision !== undefined && c.steps.supervision.endedAt === undefined

/**
 * The unit that holds a step of the case, when the case names one: its assignee the
 * acknowledgement (签收) and the handling (办理), the open notice's responder the answer to it
 * (督办回复). The other steps — intake, dispatch, the check, the call-back, the whole case — are
 * the office's own: no unit holds them, so none reports a reason for them or is criticised for
 * them (通报批评 is the supervision group's sanction of a handling unit, docs/domain.md#rule-reminder).
 */
export const stepHolder = (c: OpenedCase, step: CaseStep): Assignee | undefined => {
  switch (step) {
    case "acknowledge":
    case "handle":
      return c.assignee
    case "supervision":
      return isSupervisionOpen(c) ? c.supervision?.responder : undefined
    default:
      return undefined
  }
}
