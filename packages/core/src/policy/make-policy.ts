import { Schema } from "effect"
import { type Category, Urgency } from "../shared/category.ts"
import { LEVELS, type Level, levelAbove, levelRank } from "../shared/level.ts"
import {
  CaseStep,
  type EscalationPolicy,
  type EscalationPolicyData,
  type SkipRule,
  type StepLimitRule,
} from "./policy.ts"
import type { TimeLimit } from "./time-limit.ts"

/** A policy some lookup of which would not resolve, or with a rule that can never apply. */
export class InvalidPolicyError extends Schema.TaggedError<InvalidPolicyError>()("InvalidPolicyError", {
  policy: Schema.String,
  problems: Schema.Array(Schema.String),
}) {
  override get message(): string {
    return `invalid escalation policy "${this.policy}": ${this.problems.join("; ")}`
  }
}

const URGENCIES = Urgency.literals
const STEPS = CaseStep.literals

/** The match fields every rule kind shares; a missing field matches anything. */
interface Matcher {
  readonly category?: Category | undefined
  readonly urgency?: Urgency | undefined
  readonly level?: Level | undefined
}

const specificity = (rule: Matcher): number =>
  (rule.category === undefined ? 0 : 1) +
  (rule.urgency === undefined ? 0 : 1) +
  (rule.level === undefined ? 0 : 1)

/** `category` undefined stands for any category that no rule names. */
const matches = (rule: Matcher, category: Category | undefined, urgency: Urgency, level?: Level): boolean =>
  (rule.category === undefined || rule.category === category) &&
  (rule.urgency === undefined || rule.urgency === urgency) &&
  (rule.level === undefined || rule.level === level)

/** The most specific matching rule; ties go to the first listed. */
const mostSpecific = <R extends Matcher>(
  rules: ReadonlyArray<R>,
  category: Category | undefined,
  urgency: Urgency,
  level?: Level,
): R | undefined => {
  let best: R | undefined
  let bestScore = -1
  for (const rule of rules) {
    if (!matches(rule, category, urgency, level)) continue
    const score = specificity(rule)
    if (score > bestScore) {
      best = rule
      bestScore = score
    }
  }
  return best
}

const matchKey = (rule: Matcher, extra: string): string =>
  JSON.stringify([extra, rule.category ?? null, rule.urgency ?? null, rule.level ?? null])

const isCatchAll = (rule: Matcher): boolean => specificity(rule) === 0

/** Rules with the same match as an earlier rule of their kind can never apply. */
const shadowedRules = <R extends Matcher>(
  kind: string,
  rules: ReadonlyArray<R>,
  extra: (rule: R) => string,
) => {
  const problems: Array<string> = []
  const seen = new Map<string, number>()
  rules.forEach((rule, index) => {
    const key = matchKey(rule, extra(rule))
    const earlier = seen.get(key)
    if (earlier === undefined) seen.set(key, index)
    else problems.push(`${kind} #${index} has the same match as ${kind} #${earlier} and can never apply`)
  })
  return problems
}

const policyProblems = (data: EscalationPolicyData): ReadonlyArray<string> => {
  const problems: Array<string> = []
  if (!data.levelLimits.some(isCatchAll)) {
    problems.push("level limits need a catch-all rule (no category, urgency or level)")
  }
  for (const step of STEPS) {
    if (!data.stepLimits.some((rule) => rule.step === step && isCatchAll(rule))) {
      problems.push(`step "${step}" needs a catch-all rule (no category or urgency)`)
    }
  }
  data.skips.forEach((rule, index) => {
    if (levelRank(rule.to) <= levelRank(rule.from)) {
      problems.push(`skip rule #${index} goes from ${rule.from} to ${rule.to}, which is not upward`)
    }
  })
  problems.push(
    ...shadowedRules("level limit", data.levelLimits, () => ""),
    ...shadowedRules("step limit", data.stepLimits, (rule) => rule.step),
    ...shadowedRules("skip rule", data.skips, (rule) => rule.from),
  )
  return problems
}

/**
 * Answers for one category, precomputed for every (urgency, level) and (step, urgency): a
 * lookup is then a Map read and an array index.
 */
interface CategoryTable {
  readonly levelLimits: ReadonlyArray<TimeLimit>
  readonly stepLimits: ReadonlyArray<TimeLimit>
  readonly targets: ReadonlyArray<Level | undefined>
}

const levelSlot = (urgency: Urgency, level: Level): number =>
  URGENCIES.indexOf(urgency) * LEVELS.length + levelRank(level)
const stepSlot = (step: CaseStep, urgency: Urgency): number =>
  STEPS.indexOf(step) * URGENCIES.length + URGENCIES.indexOf(urgency)

const tableFor = (data: EscalationPolicyData, category: Category | undefined): CategoryTable => {
  const levelLimits: Array<TimeLimit> = []
  const targets: Array<Level | undefined> = []
  const stepLimits: Array<TimeLimit> = []
  for (const urgency of URGENCIES) {
    for (const level of LEVELS) {
      levelLimits[levelSlot(urgency, level)] = mostSpecific(data.levelLimits, category, urgency, level)!.limit
      const skip = mostSpecific(
        data.skips.filter((rule: SkipRule) => rule.from === level),
        category,
        urgency,
      )
      targets[levelSlot(urgency, level)] = skip?.to ?? levelAbove(level)
    }
    for (const step of STEPS) {
      stepLimits[stepSlot(step, urgency)] = mostSpecific(
        data.stepLimits.filter((rule: StepLimitRule) => rule.step === step),
        category,
        urgency,
      )!.limit
    }
  }
  return { levelLimits, stepLimits, targets }
}

/**
 * Makes policy data ready for lookups. Each rule kind picks, among the rules that match a
 * case, the one with most match fields defined; ties go to the first listed. Every answer is
 * precomputed: one table per category named in a rule, and one shared by all other categories
 * (only catch-all and urgency/level rules can match those).
 *
 * @throws InvalidPolicyError when a lookup could not resolve (no catch-all level limit, a step
 *   without a catch-all limit), a skip rule does not go upward, or a rule repeats the match of
 *   an earlier one of its kind (it could never apply).
 */
export const makePolicy = (data: EscalationPolicyData): EscalationPolicy => {
  const problems = policyProblems(data)
  if (problems.length > 0) throw new InvalidPolicyError({ policy: data.name, problems })

  const named = new Set<Category>(
    [...data.levelLimits, ...data.stepLimits, ...data.skips].flatMap((rule) =>
      rule.category === undefined ? [] : [rule.category],
    ),
  )
  const tables = new Map<Category, CategoryTable>(
    [...named].map((category) => [category, tableFor(data, category)]),
  )
  const otherCategories = tableFor(data, undefined)
  const table = (category: Category): CategoryTable => tables.get(category) ?? otherCategories

  return {
    data,
    levelLimit: (category, urgency, level) => table(category).levelLimits[levelSlot(urgency, level)]!,
    stepLimit: (step, category, urgency) => table(category).stepLimits[stepSlot(step, urgency)]!,
    escalationTarget: (category, urgency, from) => table(category).targets[levelSlot(urgency, from)],
  }
}
