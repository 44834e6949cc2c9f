import { emit } from "../../internal/decision.ts"
import { CaseStep } from "../../policy/policy.ts"
import type { Instant } from "../../shared/instant.ts"
import { toShanghaiIso } from "../../shared/instant.ts"
import { isTopLevel, levelAbove, levelRank } from "../../shared/level.ts"
import type { CaseCommandOf } from "../commands.ts"
import { criticismDueAt } from "../criticism-due.ts"
import type { CaseDeciderConfig } from "../decide.ts"
import { levelDeadline } from "../escalation-due.ts"
import { isPaused, isSupervisionOpen, type OpenedCase, stepHolder } from "../state.ts"
import { placed, type StepTimer, stepTimer } from "../timers.ts"
import type { Assignee } from "../vocabulary.ts"
import { type CaseDecision, type CaseDecisionOf, refuse, stamp } from "./decision.ts"

/**
 * The steps of the case still running past their deadline, as of `at`. A working-clock step due at
 * the end of an office day is past it that evening, though its light turns red only at the next
 * working minute: the day after (到期次日) is a calendar day. A step whose deadline lies beyond the
 * calendar's known years is not past it, and another step's may still be.
 */
const overdueTimers = (c: OpenedCase, at: Instant, { policy, calendar }: CaseDeciderConfig) =>
  CaseStep.literals.flatMap((step) => {
    const timer = placed(() => stepTimer(c, step, at, policy, calendar))
    return timer !== undefined && timer.endedAt === undefined && at > timer.dueAt ? [timer] : []
  })

/**
 * 催办: a reminder to the unit, once a step of the case is past its time limit — the reminder
 * notice goes out the day after a deadline (docs/domain.md#rule-reminder). A reminder naming a
 * step reminds of that step's current deadline, once.
 */
export const remind: CaseDecisionOf<"RemindCase"> = (command, c, config) => {
  const overdue = overdueTimers(c, command.at, config)
  if (command.step === undefined) {
    return overdue.length > 0
      ? emit({ _tag: "CaseReminded", ...stamp(command), note: command.note })
      : refuse(command, "nothingOverdue", "no running step of the case is past its time limit")
  }
  const timer = overdue.find((one) => one.step === command.step)
  if (timer === undefined) {
    return refuse(command, "nothingOverdue", `the ${command.step} step is not running past its time limit`)
  }
  if (c.remindedOf[command.step] === timer.dueAt) {
    return refuse(
      command,
      "alreadyReminded",
      `the ${command.step} step was reminded of its deadline ${toShanghaiIso(timer.dueAt)} already`,
    )
  }
  return emit({
    _tag: "CaseReminded",
    ...stamp(command),
    note: command.note,
    step: command.step,
    dueAt: timer.dueAt,
  })
}

/**
 * The step a command names as it runs past its deadline, held by a unit: its timer and holder, or
 * the refusal — not past its deadline (`nothingOverdue`), or the office's own step (`notHeld`).
 */
const heldOverdueStep = (
  command: CaseCommandOf<"ExplainDelay" | "CriticizeCase">,
  c: OpenedCase,
  config: CaseDeciderConfig,
): { readonly timer: StepTimer; readonly holder: Assignee } | CaseDecision => {
  const timer = overdueTimers(c, command.at, config).find((one) => one.step === command.step)
  if (timer === undefined) {
    return refuse(command, "nothingOverdue", `the ${command.step} step is not running past its time limit`)
  }
  const holder = stepHolder(c, command.step)
  return holder === undefined
    ? refuse(command, "notHeld", `no unit holds the ${command.step} step: it is the office's own`)
    : { timer, holder }
}

/**
 * 报告说明理由: the unit holding a step past its deadline reports why. Only then, and once per
 * deadline; the explained deadline earns no written criticism (docs/domain.md#rule-reminder).
 */
export const explainDelay: CaseDecisionOf<"ExplainDelay"> = (command, c, config) => {
  const held = heldOverdueStep(command, c, config)
  if (!("timer" in held)) return held
  const { dueAt } = held.timer
  if (c.explainedOf[command.step] === dueAt) {
    return refuse(
      command,
      "alreadyExplained",
      `the delay past the ${command.step} step's deadline ${toShanghaiIso(dueAt)} is explained already`,
    )
  }
  return emit({
    _tag: "DelayExplained",
    ...stamp(command),
    step: command.step,
    dueAt,
    reason: command.reason,
  })
}

/**
 * 通报批评: the written criticism of the unit holding a step that was reminded (催办) of its
 * deadline and still runs past it, with no reason reported, once the policy's `criticismAfter`
 * has run out after the deadline (「经一次催办仍超过办理时限5个工作日且不报告说明理由的…书面通报批评」,
 * docs/domain.md#rule-reminder). Its own command and event, not a supervision notice (督办) with
 * one more reason: a notice asks for an answer and opens a step, one at a time, while a criticism
 * is a sanction on record that asks for nothing, must not wait for an open notice's answer, and
 * is counted apart (综合评价). Once per (step, deadline), like the reminder it follows.
 */
export const criticize: CaseDecisionOf<"CriticizeCase"> = (command, c, config) => {
  const held = heldOverdueStep(command, c, config)
  if (!("timer" in held)) return held
  const { step } = command
  const { dueAt } = held.timer
  const deadline = toShanghaiIso(dueAt)
  if (c.remindedOf[step] !== dueAt) {
    return refuse(
      command,
      "notReminded",
      `the ${step} step was not reminded (催办) of its deadline ${deadline}`,
    )
  }
  if (c.criticizedOf[step] === dueAt) {
    return refuse(
      command,
      "alreadyCriticized",
      `the ${step} step was criticised for its deadline ${deadline} already`,
    )
  }
  if (c.explainedOf[step] === dueAt) {
    return refuse(command, "delayExplained", `the ${step} step's holder reported why it is past ${deadline}`)
  }
  const after = criticismDueAt(c, dueAt, config.policy, config.calendar)
  if (command.at <= after) {
    return refuse(
      command,
      "notYetDue",
      `a criticism for the ${step} step is due after ${toShanghaiIso(after)}`,
    )
  }
  return emit({
    _tag: "CaseCriticized",
    ...stamp(command),
    step,
    dueAt,
    criticised: held.holder,
    note: command.note,
  })
}

/** The party an assignee names, as one string: two assignees are the same party when these agree. */
const partyKey = (party: Assignee): string => {
  switch (party._tag) {
    case "person":
      return `person:${party.personId}`
    case "unit":
      return `unit:${party.level}:${party.unitId}`
    case "department":
      return `department:${party.departmentId}`
  }
}
const sameParty = (a: Assignee, b: Assignee): boolean => partyKey(a) === partyKey(b)

/**
 * Who must answer a supervision notice: the party the case is with — its assignee once
 * dispatched, before that the unit of its owner level, which the supervisor names. A `string` is
 * why the named party cannot be the responder. That the named unit is the owner area over the
 * case's grid is the guarded handler's authorization's check (`responderOutsideCase`): the decider
 * knows no territory, only the level.
 */
const responderOf = (command: CaseCommandOf<"SuperviseCase">, c: OpenedCase): Assignee | string => {
  const named = command.responder
  if (c.assignee !== undefined) {
    return named === undefined || sameParty(named, c.assignee)
      ? c.assignee
      : "the case is with its assignee, who answers the notice"
  }
  if (named === undefined) return "the case is with no assignee: name the unit of its owner level"
  return named._tag === "unit" && named.level === c.level
    ? named
    : `the case is with its owner level (${c.level}): only a unit at that level answers`
}

/**
 * 督办: a supervisor presses the party the case is with by a supervision notice (督办单,
 * docs/domain.md#supervision), which that party answers within the policy's `supervision` limit.
 * One notice at a time; the reason must hold: an overdue case has a step past its limit, a
 * repeatedly unsatisfied one was reopened at least once (发回重办); sensitivity is the
 * supervisor's judgement.
 */
export const supervise: CaseDecisionOf<"SuperviseCase"> = (command, c, config) => {
  if (isSupervisionOpen(c)) {
    return refuse(command, "supervisionOpen", "the last supervision notice is not answered yet")
  }
  if (command.reason === "overdue" && overdueTimers(c, command.at, config).length === 0) {
    return refuse(command, "nothingOverdue", "no running step of the case is past its time limit")
  }
  if (command.reason === "repeatedlyUnsatisfied" && c.reopens === 0) {
    return refuse(command, "notUnsatisfied", "the case was never reopened on an unsatisfied verdict")
  }
  const responder = responderOf(command, c)
  if (typeof responder === "string") {
    return refuse(command, command.responder === undefined ? "noResponder" : "responderNotHolder", responder)
  }
  return emit({
    _tag: "CaseSupervised",
    ...stamp(command),
    note: command.note,
    reason: command.reason,
    responder,
  })
}

/** 督办回复: the answer to the open supervision notice (who may give it is the authorization's: its responder). */
export const answerSupervision: CaseDecisionOf<"AnswerSupervision"> = (command, c) =>
  isSupervisionOpen(c)
    ? emit({ _tag: "SupervisionAnswered", ...stamp(command), note: command.note })
    : refuse(command, "noOpenSupervision", "no supervision notice waits for an answer")

/**
 * 上报升级. A level skip (越级) is the policy's answer to a deadline missed; a worker asking for
 * help, or a supervisor's hand, goes to the level right above. `fromLevel` makes a repeated
 * escalation a refused no-op.
 */
export const escalate: CaseDecisionOf<"EscalateCase"> = (command, c, { policy, calendar }) => {
  if (command.fromLevel !== c.level) {
    return refuse(command, "staleLevel", `the case is at ${c.level}, not ${command.fromLevel}`)
  }
  const overdue = command.reason === "overdue"
  const to = overdue ? policy.escalationTarget(c.category, c.urgency, c.level) : levelAbove(c.level)
  if (to === undefined || isTopLevel(c.level)) {
    return refuse(command, "atTopLevel", `${c.level} is the top of the ladder`)
  }
  if (overdue) {
    if (isPaused(c))
      return refuse(command, "notOverdue", "its clocks stand still while it is shelved or on hold")
    const due = levelDeadline(c, policy, calendar)
    if (command.at <= due) return refuse(command, "notOverdue", `due at ${toShanghaiIso(due)}`)
  }
  return emit({
    _tag: "CaseEscalated",
    ...stamp(command),
    from: c.level,
    to,
    reason: command.reason,
    note: command.note,
  })
}

/** 下派: a supervisor hands the case down to any lower level. */
export const deEscalate: CaseDecisionOf<"DeEscalateCase"> = (command, c) => {
  if (command.fromLevel !== c.level) {
    return refuse(command, "staleLevel", `the case is at ${c.level}, not ${command.fromLevel}`)
  }
  if (levelRank(command.toLevel) >= levelRank(c.level)) {
    return refuse(command, "notBelowCurrentLevel", `${command.toLevel} is not below ${c.level}`)
  }
  return emit({
    _tag: "CaseDeEscalated",
    ...stamp(command),
    from: c.level,
    to: command.toLevel,
    reason: command.reason,
  })
}
