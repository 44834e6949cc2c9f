import fc from "fast-check"
import { makePolicy } from "../../policy/make-policy.ts"
import {
  CaseStep,
  type EscalationPolicy,
  type EscalationPolicyData,
  type LevelLimitRule,
  type RuleSource,
  type SkipRule,
  type StepLimitRule,
} from "../../policy/policy.ts"
import type { TimeLimit } from "../../policy/time-limit.ts"
import { CASE_CATEGORIES, type Category, type Urgency } from "../../shared/category.ts"
import { LEVELS, type Level } from "../../shared/level.ts"

/** A few catalogue categories, so that generated rules often overlap. */
const RULE_CATEGORIES = Object.keys(CASE_CATEGORIES).slice(0, 4)

/** Categories to look up: those rules may name, plus ones no generated rule ever names. */
export const arbitraryCategory: fc.Arbitrary<Category> = fc.oneof(
  fc.constantFrom(...RULE_CATEGORIES),
  fc.constantFrom(...Object.keys(CASE_CATEGORIES), "a category no rule names"),
)
/** Normal or urgent (紧急): urgent limits run on the wall clock. */
export const arbitraryUrgency: fc.Arbitrary<Urgency> = fc.constantFrom("normal", "urgent")
/** Any level of the ladder, micro-grid to district. */
export const arbitraryLevel: fc.Arbitrary<Level> = fc.constantFrom(...LEVELS)
/** Any timed step of a case (register, dispatch, … , the whole case). */
export const arbitraryCaseStep: fc.Arbitrary<CaseStep> = fc.constantFrom(...CaseStep.literals)

/** A limit of one minute to thirty working days, on either clock. */
export const arbitraryTimeLimit: fc.Arbitrary<TimeLimit> = fc.record({
  clock: fc.constantFrom("working", "wall"),
  minutes: fc.integer({ min: 1, max: 30 * 480 }),
})

const source: fc.Arbitrary<RuleSource> = fc.constantFrom<RuleSource>(
  { _tag: "local", reason: "generated rule" },
  { _tag: "local", reason: "another generated rule", basis: ["rules"] },
)
const ruleCategory = fc.constantFrom(...RULE_CATEGORIES)

/** The fields a rule is matched by; optional ones may be absent or undefined, as in the schemas. */
interface Match {
  readonly category?: string | undefined
  readonly urgency?: string | undefined
  readonly level?: string | undefined
  readonly step?: string | undefined
  readonly from?: string | undefined
}

const matchKey = (rule: Match): string =>
  JSON.stringify([rule.step, rule.from, rule.category, rule.urgency, rule.level])

/**
 * Rules without a repeated match (a repeat could never apply, and `makePolicy` refuses it), with
 * the catch-all `fallback` placed at a random position unless a generated rule is a catch-all.
 */
const rulesWithCatchAll = <R extends Match>(
  rule: fc.Arbitrary<R>,
  fallback: fc.Arbitrary<R>,
): fc.Arbitrary<ReadonlyArray<R>> =>
  fc
    .tuple(fc.uniqueArray(rule, { selector: matchKey, maxLength: 8 }), fallback, fc.nat())
    .map(([rules, catchAll, at]) => {
      if (rules.some((r) => r.category === undefined && r.urgency === undefined && r.level === undefined))
        return rules
      const position = at % (rules.length + 1)
      return [...rules.slice(0, position), catchAll, ...rules.slice(position)]
    })

const levelLimitRule: fc.Arbitrary<LevelLimitRule> = fc.record(
  {
    category: ruleCategory,
    urgency: arbitraryUrgency,
    level: arbitraryLevel,
    limit: arbitraryTimeLimit,
    source,
  },
  { requiredKeys: ["limit", "source"] },
)

const stepLimitRules = (step: CaseStep): fc.Arbitrary<ReadonlyArray<StepLimitRule>> =>
  rulesWithCatchAll<StepLimitRule>(
    fc.record(
      {
        step: fc.constant(step),
        category: ruleCategory,
        urgency: arbitraryUrgency,
        limit: arbitraryTimeLimit,
        source,
      },
      { requiredKeys: ["step", "limit", "source"] },
    ),
    fc.record({ step: fc.constant(step), limit: arbitraryTimeLimit, source }),
  )

/** Skip rules that go upward, one per (category, urgency, from). */
const skipRules: fc.Arbitrary<ReadonlyArray<SkipRule>> = fc.uniqueArray(
  fc
    .record(
      {
        category: ruleCategory,
        urgency: arbitraryUrgency,
        levels: fc.uniqueArray(fc.integer({ min: 0, max: LEVELS.length - 1 }), {
          minLength: 2,
          maxLength: 2,
        }),
        source,
      },
      { requiredKeys: ["category", "levels", "source"] },
    )
    .map(({ levels, ...rule }) => {
      const [low, high] = [...levels].sort((a, b) => a - b)
      return { ...rule, from: LEVELS[low!]!, to: LEVELS[high!]! }
    }),
  { selector: matchKey, maxLength: 6 },
)

/** Valid policy data: every lookup resolves, skips go upward, no rule is shadowed by a twin. */
export const arbitraryPolicyData: fc.Arbitrary<EscalationPolicyData> = fc.record({
  name: fc.constant("generated policy"),
  levelLimits: rulesWithCatchAll<LevelLimitRule>(
    levelLimitRule,
    fc.record({ limit: arbitraryTimeLimit, source }),
  ),
  stepLimits: fc
    .tuple(...CaseStep.literals.map(stepLimitRules))
    .chain((perStep) => fc.shuffledSubarray(perStep.flat(), { minLength: perStep.flat().length })),
  skips: skipRules,
  extensions: fc.record({
    maxCount: fc.integer({ min: 0, max: 3 }),
    maxMinutes: fc.integer({ min: 1, max: 4800 }),
  }),
  sendBackWindow: arbitraryTimeLimit,
  reopenWindow: arbitraryTimeLimit,
  criticismAfter: arbitraryTimeLimit,
  yellowAt: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
  settingSources: fc.record({
    extensionCount: source,
    extensionLength: source,
    sendBackWindow: source,
    reopenWindow: source,
    criticismAfter: source,
    yellowAt: source,
  }),
})

/** A valid policy made from generated data (`arbitraryPolicyData`), for properties that must hold under any office's rules. */
export const arbitraryPolicy: fc.Arbitrary<EscalationPolicy> = arbitraryPolicyData.map(makePolicy)
