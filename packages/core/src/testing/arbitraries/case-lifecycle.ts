import { Result } from "effect"
import fc from "fast-check"
import { OutsideCalendarError } from "../../calendar/calendar.ts"
import type { CaseCommand, CaseCommandOf, CaseCommandTag } from "../../case/commands.ts"
import { criticismDueAt } from "../../case/criticism-due.ts"
import { type CaseDeciderConfig, decideCase } from "../../case/decide.ts"
import { escalationDue } from "../../case/escalation-due.ts"
import { evolveCase } from "../../case/evolve.ts"
import { dayAfter } from "../../case/reminder-due.ts"
import {
  type CaseState,
  initialCaseState,
  isSettled,
  isSupervisionOpen,
  type OpenedCase,
  stepHolder,
} from "../../case/state.ts"
import { stepDeadline } from "../../case/timers.ts"
import { isAllowed } from "../../case/transitions.ts"
import type { CaseId } from "../../case/vocabulary.ts"
import type { CaseStep } from "../../policy/policy.ts"
import { type Instant, MINUTE } from "../../shared/instant.ts"
import { arbitraryCaseCommands, CASE_IDS } from "./case.ts"

const DAY = 24 * 60 * MINUTE

/**
 * How often the walk tries each command. The loop's forward steps (立案, 派遣, 签收, 处置,
 * 办结, 核查, 结案) and the ways back out of a side branch (restore, resume, approve, audit)
 * are tried often so that histories reach deep states; commands that end a case early
 * (reject, merge, void) are rare so that most cases live long enough to loop back.
 */
const WALK_WEIGHTS: { readonly [T in CaseCommandTag]: number } = {
  ReportCase: 1,
  RecordSelfHandledCase: 1,
  AuditSelfHandledCase: 12,
  RegisterCase: 16,
  RejectCase: 1,
  DispatchCase: 16,
  AcknowledgeCase: 16,
  SendBackCase: 3,
  StartHandling: 16,
  AddProgressNote: 3,
  RequestExtension: 10,
  RequestVoid: 1,
  RequestShelve: 3,
  RequestSendBack: 2,
  ApproveRequest: 12,
  DenyRequest: 4,
  RestoreCase: 12,
  HoldCase: 3,
  ResumeCase: 12,
  ResolveCase: 16,
  VerifyCase: 16,
  CloseCase: 16,
  FollowUpCase: 14,
  RemindCase: 3,
  ExplainDelay: 2,
  CriticizeCase: 3,
  ReopenCase: 12,
  MergeCase: 1,
  SuperviseCase: 3,
  AnswerSupervision: 6,
  LinkHotlineTicket: 2,
  ReportHotlineOutcome: 6,
  EscalateCase: 5,
  DeEscalateCase: 2,
}

/**
 * How a planned command is put to the case:
 * - `fitting`: only if the case's status allows it (per `ALLOWED_FROM`), with the fields that
 *   depend on the case filled in from its state (the level it escalates from, the kind of the
 *   pending request), so that it has a real chance of being accepted;
 * - `anyStatus`: as generated, whatever the status — mostly an illegal transition;
 * - `backdated`: fitting, but dated a minute before the case's last event;
 * - `misaddressed`: fitting, but naming another case.
 */
type Attempt = "fitting" | "anyStatus" | "backdated" | "misaddressed"

interface PlannedStep {
  readonly command: CaseCommand
  /** Minutes since the previous command: none, minutes, hours or days, so deadlines pass now and then. */
  readonly afterMinutes: number
  readonly attempt: Attempt
}

interface Plan {
  readonly startAt: Instant
  readonly opening: CaseCommand
  readonly steps: ReadonlyArray<PlannedStep>
}

/** A stretch of time: commands fall from `from` to `until`, both included. */
export interface TimeWindow {
  readonly from: Instant
  readonly until: Instant
}

/** How a generated case walk is shaped: its time window, its length, the commands left out and how it opens. */
export interface CaseLifecycleOptions {
  /**
   * The instants the commands fall within (non-decreasing, held at `until` once reached).
   * Default: the calendar's known range minus its last 90 days, so that the deadlines of the
   * latest commands still fall within the calendar's known years.
   */
  readonly window?: TimeWindow
  /**
   * The most steps planned for one case (default 200). Most steps do not fit the case when their
   * turn comes and are left out, so a walk issues a dozen commands on average, a few dozen at most.
   */
  readonly maxSteps?: number
  /** Commands never issued, e.g. `["DeEscalateCase"]` to study escalation on its own. */
  readonly exclude?: ReadonlyArray<CaseCommandTag>
  /**
   * The command that opens the case (its id and time are the walk's), to steer the kind of case
   * walked, e.g. only urgent safety hazards. Default: a report, or now and then a self-handled case.
   */
  readonly opening?: fc.Arbitrary<CaseCommandOf<"ReportCase" | "RecordSelfHandledCase">>
}

const defaultTimeWindow = (config: CaseDeciderConfig): TimeWindow => ({
  from: config.calendar.knownRange.start,
  until: config.calendar.knownRange.end - 90 * DAY,
})

const planArbitrary = (options: CaseLifecycleOptions, window: TimeWindow) => {
  const excluded = new Set(options.exclude ?? [])
  const arbitraries = arbitraryCaseCommands({ caseId: CASE_IDS[0]!, at: window.from })
  const opening =
    options.opening ??
    fc.oneof(
      { arbitrary: arbitraries.ReportCase, weight: 5 },
      { arbitrary: arbitraries.RecordSelfHandledCase, weight: 1 },
    )
  const command = fc.oneof(
    ...(Object.keys(WALK_WEIGHTS) as Array<CaseCommandTag>)
      .filter((tag) => !excluded.has(tag))
      .map((tag) => ({
        arbitrary: arbitraries[tag] as fc.Arbitrary<CaseCommand>,
        weight: WALK_WEIGHTS[tag],
      })),
  )
  const step: fc.Arbitrary<PlannedStep> = fc.record(
    {
      command,
      afterMinutes: fc.oneof(
        { arbitrary: fc.constant(0), weight: 1 },
        { arbitrary: fc.integer({ min: 1, max: 59 }), weight: 3 },
        { arbitrary: fc.integer({ min: 60, max: 12 * 60 }), weight: 3 },
        { arbitrary: fc.integer({ min: 24 * 60, max: 5 * 24 * 60 }), weight: 1 },
      ),
      attempt: fc.oneof(
        { arbitrary: fc.constant<Attempt>("fitting"), weight: 40 },
        { arbitrary: fc.constant<Attempt>("anyStatus"), weight: 1 },
        { arbitrary: fc.constantFrom<Attempt>("backdated", "misaddressed"), weight: 1 },
      ),
    },
    { noNullPrototype: true },
  )
  return fc.record(
    {
      // Leave a month of room so that a plan does not spend its whole life held at `until`.
      startAt: fc.integer({ min: window.from, max: Math.max(window.from, window.until - 30 * DAY) }),
      opening,
      steps: fc.array(step, { maxLength: options.maxSteps ?? 200, size: "max" }),
    },
    { noNullPrototype: true },
  )
}

/** Fills in what a command must match in the case to have a chance: its level, the pending request. */
const fitTo = (command: CaseCommand, c: OpenedCase): CaseCommand => {
  switch (command._tag) {
    case "EscalateCase":
    case "DeEscalateCase":
      return { ...command, fromLevel: c.level }
    case "ApproveRequest":
    case "DenyRequest":
      return c.pending === undefined ? command : { ...command, kind: c.pending.kind }
    case "SuperviseCase":
      // The notice goes to the party the case is with: its assignee, or its owner level's unit.
      return {
        ...command,
        responder:
          c.assignee === undefined
            ? { _tag: "unit", level: c.level, unitId: `${c.level}-office` }
            : undefined,
      }
    case "RemindCase":
      // A reminder of one step (催办) mostly names one a unit holds, so that criticisms can follow.
      return command.step === undefined ? command : { ...command, step: heldStep(c) ?? command.step }
    case "ExplainDelay":
    case "CriticizeCase":
      // About a step a unit holds (签收, 办理, 督办回复), not the office's own.
      return { ...command, step: heldStep(c) ?? command.step }
    default:
      return command
  }
}

/** The first running step of the case a unit holds (签收, 办理, 督办回复), if any. */
const heldStep = (c: OpenedCase): CaseStep | undefined =>
  (["acknowledge", "handle", "supervision"] as const).find(
    (step) => c.steps[step]?.endedAt === undefined && stepHolder(c, step) !== undefined,
  )

/**
 * `at`, or the moment `due` names if that is later and still within the window, so that commands
 * that wait for a deadline — an overdue escalation, a reminder the day after (到期次日), a written
 * criticism (通报批评) — really happen. A due the calendar cannot place leaves `at` alone.
 */
const nudged = (at: Instant, until: Instant, due: () => Instant | undefined): Instant => {
  try {
    const when = due()
    return when === undefined || when > until ? at : Math.max(at, when)
  } catch (error) {
    // A deadline past the calendar's known years: leave the date alone; decide will refuse.
    if (error instanceof OutsideCalendarError) return at
    throw error
  }
}

/** The current deadline of a step the case has started, on its clocks. */
const deadlineOf = (config: CaseDeciderConfig, c: OpenedCase, step: CaseStep): Instant | undefined => {
  const span = c.steps[step]
  return span === undefined ? undefined : stepDeadline(c, step, span, config.policy, config.calendar)
}

/**
 * When a fitting command that waits for a deadline is issued, as the deadline process would: an
 * overdue escalation a minute after the level's deadline, a reminder of a step the day after its
 * deadline, a reason for a delay (报告说明理由) a minute after it, a criticism a minute after it falls due — where the process, ticking first, has just
 * sent its own (or has not, if the step was never reminded or is explained).
 */
const timed = (config: CaseDeciderConfig, c: OpenedCase, command: CaseCommand, until: Instant): Instant => {
  const { policy, calendar } = config
  switch (command._tag) {
    case "EscalateCase":
      return command.reason !== "overdue"
        ? command.at
        : nudged(command.at, until, () => {
            const due = escalationDue(c, policy, calendar)
            return due === undefined ? undefined : due.dueAt + MINUTE
          })
    case "RemindCase": {
      const { step } = command
      if (step === undefined) return command.at
      return nudged(command.at, until, () => {
        const deadline = deadlineOf(config, c, step)
        return deadline === undefined ? undefined : dayAfter(calendar, deadline)
      })
    }
    case "ExplainDelay":
      return nudged(command.at, until, () => {
        const deadline = deadlineOf(config, c, command.step)
        return deadline === undefined ? undefined : deadline + MINUTE
      })
    case "CriticizeCase":
      return nudged(command.at, until, () => {
        const deadline = deadlineOf(config, c, command.step)
        return deadline === undefined ? undefined : criticismDueAt(c, deadline, policy, calendar) + MINUTE
      })
    default:
      return command.at
  }
}

interface Walker {
  readonly config: CaseDeciderConfig
  readonly caseId: CaseId
  readonly otherCaseId: CaseId
  readonly window: TimeWindow
}

/** The command a planned step puts to the case, or undefined when a fitting step does not fit. */
const shape = (walker: Walker, step: PlannedStep, state: CaseState, at: Instant): CaseCommand | undefined => {
  const command = { ...step.command, caseId: walker.caseId, at }
  if (step.attempt === "anyStatus") return command
  if (!state.exists || !isAllowed(command._tag, state.status)) return undefined
  const approving = command._tag === "ApproveRequest" || command._tag === "DenyRequest"
  if (approving && state.pending === undefined) return undefined
  // Closing gives no verdict: the call-back (回访) fits only until it is in, a reopen only after.
  if (command._tag === "FollowUpCase" && state.satisfaction !== undefined) return undefined
  if (command._tag === "ReopenCase" && state.satisfaction === undefined) return undefined
  // An answer (督办回复) fits only a notice that waits for one.
  if (command._tag === "AnswerSupervision" && !isSupervisionOpen(state)) return undefined
  const fitted = fitTo(command, state)
  switch (step.attempt) {
    case "backdated":
      return { ...fitted, at: Math.max(walker.window.from, state.lastAt - MINUTE) }
    case "misaddressed":
      return { ...fitted, caseId: walker.otherCaseId }
    case "fitting":
      return { ...fitted, at: timed(walker.config, state, fitted, walker.window.until) }
  }
}

/**
 * A case whose status can never change again: rejected, voided, merged, or closed with a
 * verdict that does not allow a reopen. Its walk ends a few steps later (a hotline outcome, an
 * illegal attempt or two) instead of spending the rest of the plan on refusals.
 */
const hasSettled = (state: CaseState): boolean => state.exists && isSettled(state)
const AFTERLIFE = 3

/** Walks one case through its plan, deciding each command to know the status the next one meets. */
const walk = (
  config: CaseDeciderConfig,
  caseId: CaseId,
  plan: Plan,
  window: TimeWindow,
): Array<CaseCommand> => {
  const walker: Walker = { config, caseId, otherCaseId: CASE_IDS.find((id) => id !== caseId)!, window }
  const { until } = window
  const commands: Array<CaseCommand> = []
  let state: CaseState = initialCaseState
  const issue = (command: CaseCommand) => {
    commands.push(command)
    const decision = decideCase(config, command, state)
    if (Result.isSuccess(decision)) state = decision.success.reduce(evolveCase, state)
  }
  let clock = Math.min(plan.startAt, until)
  issue({ ...plan.opening, caseId, at: clock })
  let afterlife = AFTERLIFE
  for (const step of plan.steps) {
    if (hasSettled(state) && afterlife-- === 0) break
    // Time passes only for commands issued: a step left out takes none.
    const at = Math.min(clock + step.afterMinutes * MINUTE, until)
    const command = shape(walker, step, state, at)
    if (command === undefined) continue
    clock = Math.max(clock, command.at)
    issue(command)
  }
  return commands
}

/**
 * The commands of one case's life (`caseId`, default `case-1`), as a lifecycle walk: it opens
 * with a report (or a self-handled case), then at each step tries a command, mostly one the
 * case's current status allows (per `ALLOWED_FROM`) so that histories reach deep states —
 * closed and reopened, escalated, shelved and restored, voided, merged — with a small share of
 * illegal, backdated and misaddressed commands. Times never go backwards (except the backdated
 * ones, which are refused) and stay within the window; actors come from `CASE_ACTORS`.
 *
 * Shrinking removes steps and simplifies each command field by field; a command whose status
 * no longer fits after a shrink is simply left out.
 */
export const arbitraryCaseLifecycle = (
  config: CaseDeciderConfig,
  options: CaseLifecycleOptions & { readonly caseId?: CaseId } = {},
): fc.Arbitrary<ReadonlyArray<CaseCommand>> => {
  const window = options.window ?? defaultTimeWindow(config)
  const caseId = options.caseId ?? CASE_IDS[0]!
  return planArbitrary(options, window).map((plan) => walk(config, caseId, plan, window))
}

/**
 * Several cases' lives at once (ids `case-1`, `case-2`…), each as `arbitraryCaseLifecycle`
 * walks it: the input of properties about many cases, such as the deadline tick.
 */
export const arbitraryCaseLifecycles = (
  config: CaseDeciderConfig,
  options: CaseLifecycleOptions & { readonly cases?: { readonly min: number; readonly max: number } } = {},
): fc.Arbitrary<ReadonlyArray<ReadonlyArray<CaseCommand>>> => {
  const window = options.window ?? defaultTimeWindow(config)
  const { min, max } = options.cases ?? { min: 1, max: 5 }
  return fc
    .array(planArbitrary(options, window), { minLength: min, maxLength: max })
    .map((plans) => plans.map((plan, index) => walk(config, `case-${index + 1}`, plan, window)))
}
