import { Schema } from "effect"
import { Category, Urgency } from "../shared/category.ts"
import { Level } from "../shared/level.ts"
import { TimeLimit } from "./time-limit.ts"

/**
 * The steps of the closed loop that each carry their own time limit, plus the whole case (立案 →
 * 派遣 → 签收 → 处置 → 核查 → 结案), the call-back after closing (回访), which the whole case does
 * not include, and the answer to a supervision notice (督办回复), which runs beside the loop from
 * the notice (督办单) to the answer.
 */
export const CaseStep = Schema.Literals([
  "register",
  "dispatch",
  "acknowledge",
  "handle",
  "verify",
  "followUp",
  "supervision",
  "whole",
])
export type CaseStep = typeof CaseStep.Type

/**
 * A number that says exactly what a published rule says: the sentence in its original language
 * (原文, verbatim), who published it (publisher or document number), when, where to read it, and
 * the fact id in docs/domain.md that quotes it. `reading` says how the policy applies it.
 */
export const PublishedSource = Schema.TaggedStruct("published", {
  fact: Schema.NonEmptyString.annotate({ description: "The fact id (anchor) in docs/domain.md" }),
  quote: Schema.NonEmptyString.annotate({ description: "The sentence in its original language (原文)" }),
  publisher: Schema.NonEmptyString.annotate({ description: "Publisher or document number" }),
  date: Schema.NonEmptyString.annotate({ description: "When it was issued or reported" }),
  where: Schema.NonEmptyString.annotate({ description: "Where to read it (an address)" }),
  reading: Schema.NonEmptyString.annotate({ description: "What the number means in the policy" }),
}).annotate({ identifier: "PublishedSource" })
export type PublishedSource = typeof PublishedSource.Type

/**
 * A number chosen locally (本地设定) because no published rule says it, or says something else
 * (a response time used as a handling limit, a limit per kind of request used per level): the
 * reason, and the facts in docs/domain.md it builds on, if any.
 */
export const LocalSetting = Schema.TaggedStruct("local", {
  reason: Schema.NonEmptyString.annotate({ description: "Why this number (本地设定)" }),
  basis: Schema.optional(
    Schema.Array(Schema.NonEmptyString).annotate({ description: "Fact ids in docs/domain.md it builds on" }),
  ),
}).annotate({ identifier: "LocalSetting" })
export type LocalSetting = typeof LocalSetting.Type

/** Where a number in a policy comes from: a published rule, quoted, or a local setting with its reason. */
export const RuleSource = Schema.Union([PublishedSource, LocalSetting]).annotate({ identifier: "RuleSource" })
export type RuleSource = typeof RuleSource.Type
const Source = RuleSource

/**
 * A level's stay (停留时限): how long a level may keep a case of this kind before it escalates,
 * for cases that match. Apart from the category's handling limit (a `handle` step rule): the
 * level's deadline is the later of the two, so no level gives up a case whose handler is still
 * inside the handling limit. Omitted fields match anything; the most specific matching rule wins
 * (ties: first listed).
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
  /**
   * 退回: how long after dispatch the receiving unit may send a case back on its own (with a
   * reason); later, a send-back is an exception a supervisor approves.
   */
  sendBackWindow: TimeLimit,
  /** How long after closing an unsatisfied reporter's verdict may reopen the case (发回重办). */
  reopenWindow: TimeLimit,
  /**
   * 通报批评: how far past its deadline a step reminded of it (催办) may run, with no reason
   * reported (报告说明理由), before its holder is criticised in writing — counted from the
   * deadline, on the case's clocks (time shelved or on hold does not count).
   */
  criticismAfter: TimeLimit,
  /** Fraction of a limit after which a step's light turns yellow (default 0.8). */
  yellowAt: Schema.Number.check(Schema.isGreaterThan(0), Schema.isLessThan(1)),
  /** Where each of the settings above comes from, as every rule says where its number does. */
  settingSources: Schema.Struct({
    extensionCount: Source,
    extensionLength: Source,
    sendBackWindow: Source,
    reopenWindow: Source,
    criticismAfter: Source,
    yellowAt: Source,
  }),
}).annotate({ identifier: "EscalationPolicyData" })
export type EscalationPolicyData = typeof EscalationPolicyData.Type

/** A policy ready for lookups. Built by `makePolicy`, which checks every lookup resolves. */
export interface EscalationPolicy {
  readonly data: EscalationPolicyData
  /** The stay: how long `level` may keep a case of this kind nobody is handling past its limit. */
  readonly levelLimit: (category: Category, urgency: Urgency, level: Level) => TimeLimit
  /** The time limit of one step of the loop for a case of this kind. */
  readonly stepLimit: (step: CaseStep, category: Category, urgency: Urgency) => TimeLimit
  /** Where a case escalating from `from` lands: the skip target if a rule allows, else the next level up. */
  readonly escalationTarget: (category: Category, urgency: Urgency, from: Level) => Level | undefined
}
