/**
 * Escalation (上报升级, docs/domain.md#escalation): the policy that says how long a case may stay
 * at each level and how long each step of the loop may take (every number policy data, each
 * quoted from its source or marked a local setting), when a case's level deadline falls, and the
 * deadline process (超时监控) that escalates whatever is overdue, reminds (催办) of each step the
 * day after its deadline and criticises in writing (通报批评) the unit still past it, unexplained,
 * 5 working days later — idempotently.
 *
 * @module
 */

export {
  type CriticismDue,
  criticismDueAt,
  criticismsDue,
  dueCriticism,
} from "./case/criticism-due.ts"
export {
  DEADLINE_ACTOR,
  type EscalationDue as Due,
  escalationDue as dueOf,
  isOverdue,
  levelDeadline,
  overdueEscalation,
} from "./case/escalation-due.ts"
export { dayAfter, dueReminder, type ReminderDue, remindersDue } from "./case/reminder-due.ts"
export { type DeadlineProcess, makeDeadlineProcess, type TickReport } from "./deadlines/deadline-process.ts"
export { DEFAULT_POLICY_DATA, DEFAULT_WORKING_DAY_MINUTES, defaultPolicy } from "./policy/default-policy.ts"
export { InvalidPolicyError, makePolicy } from "./policy/make-policy.ts"
export {
  type EscalationPolicy as Policy,
  EscalationPolicyData as PolicyData,
  LevelLimitRule,
  LocalSetting,
  PublishedSource,
  RuleSource,
  SkipRule,
  StepLimitRule,
} from "./policy/policy.ts"
export { deadlineAfter, TimeLimit, wallHours, workingHours, workingMinutes } from "./policy/time-limit.ts"
