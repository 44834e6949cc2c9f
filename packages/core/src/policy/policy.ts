import { Schema } from "effect"
import { Category, Urgency } from "../shared/category.ts"
import { Level } from "../shared/level.ts"
import { TimeLimit } from "./time-limit.ts"

/** The steps of the closed loop that each carry their own time limit, plus the whole case. */
export const CaseStep = Schema.Literals(["register", "dispatch", "acknowledge", "handle", "verify", "whole"])
export type CaseStep = typeof CaseStep.Type

/** Where a number in a policy comes from (a regulation, a city's practice); shown in docs. */
const Source = Schema.String.annotate({ description: "Where this number comes from" })

/**
 * How long a case may stay at one level before it escalates, for cases that match.
 * Omitted fields match anything; the most specific matching rule wins (ties: first listed).
 */
export const LevelLimitRule = Schema.Struct({
  category: Schema.optional(Category),
  urgency: Schema.optional(Urgency),
  level: Schema.optional(Level),
  limit: TimeLimit,
  source: Source,
})
export type LevelLimitRule = typeof LevelLimitRule.Type

/** The time limit of one step of the loop, for cases that match; same matching as above. */
export const StepLimitRule = Schema.Struct({
  step: CaseStep,
  category: Schema.optional(Category),
  urgency: Schema.optional(Urgency),
  limit: TimeLimit,
  source: Source,
})
export type StepLimitRule = typeof StepLimitRule.Type

/** Lets matching cases jump from `from` straight to `to` when they escalate (越级上报). */
export const SkipRule = Schema.Struct({
  category: Category,
  urgency: Schema.optional(Urgency),
  from: Level,
  to: Level,
  source: Source,
})
export type SkipRule = typeof SkipRule.Type

/** An escalation policy as plain data (JSON-loadable): every number is policy, not code. */
export const EscalationPolicyData = Schema.Struct({
  name: Schema.String,
  levelLimits: Schema.Array(LevelLimitRule),
  stepLimits: Schema.Array(StepLimitRule),
  skips: Schema.Array(SkipRule),
  /** 延期: how many extensions a case may be granted, and the longest one (working minutes). */
  extensions: Schema.Struct({
    maxCount: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)),
    maxMinutes: Schema.Int.check(Schema.isGreaterThan(0)),
  }),
  /** How long after closing an unsatisfied reporter's verdict may reopen the case (发回重办). */
  reopenWindow: TimeLimit,
  /** Fraction of a limit after which a step's light turns yellow (default 0.8). */
  yellowAt: Schema.Number.check(Schema.isGreaterThan(0), Schema.isLessThan(1)),
}).annotate({ identifier: "EscalationPolicyData" })
export type EscalationPolicyData = typeof EscalationPolicyData.Type

/** A policy ready for lookups. Built by `makePolicy`, which checks every lookup resolves. */
export interface EscalationPolicy {
  readonly data: EscalationPolicyData
  /** How long a case of this kind may stay at `level` before it escalates. */
  readonly levelLimit: (category: Category, urgency: Urgency, level: Level) => TimeLimit
  /** The time limit of one step of the loop for a case of this kind. */
  readonly stepLimit: (step: CaseStep, category: Category, urgency: Urgency) => TimeLimit
  /** Where a case escalating from `from` lands: the skip target if a rule allows, else the next level up. */
  readonly escalationTarget: (category: Category, urgency: Urgency, from: Level) => Level | undefined
}
