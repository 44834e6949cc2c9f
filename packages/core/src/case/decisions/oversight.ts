import { emit } from "../../internal/decision.ts"
import { toShanghaiIso } from "../../shared/instant.ts"
import { isTopLevel, levelAbove, levelRank } from "../../shared/level.ts"
import { levelDeadline } from "../escalation-due.ts"
import { isPaused } from "../state.ts"
import { caseTimers } from "../timers.ts"
import { type CaseDecisionOf, refuse, stamp } from "./decision.ts"

/**
 * 催办: a reminder to the unit, once a step of the case is past its time limit — the reminder
 * notice goes out the day after a deadline (docs/domain.md#rule-reminder).
 */
export const remind: CaseDecisionOf<"RemindCase"> = (command, c, { policy, calendar }) =>
  caseTimers(c, command.at, policy, calendar).some(
    (timer) => timer.endedAt === undefined && timer.light === "red",
  )
    ? emit({ _tag: "CaseReminded", ...stamp(command), note: command.note })
    : refuse(command, "nothingOverdue", "no running step of the case is past its time limit")

/** 督办. */
export const supervise: CaseDecisionOf<"SuperviseCase"> = (command) =>
  emit({ _tag: "CaseSupervised", ...stamp(command), note: command.note })

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
