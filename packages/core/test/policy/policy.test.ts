import { Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { DEFAULT_POLICY_DATA, defaultPolicy } from "../../src/policy/default-policy.ts"
import { InvalidPolicyError, makePolicy } from "../../src/policy/make-policy.ts"
import { EscalationPolicyData, type LevelLimitRule } from "../../src/policy/policy.ts"
import { wallHours, workingHours, workingMinutes } from "../../src/policy/time-limit.ts"
import type { Category, Urgency } from "../../src/shared/category.ts"
import { isTopLevel, type Level, levelAbove, levelRank } from "../../src/shared/level.ts"
import {
  arbitraryCaseStep,
  arbitraryCategory,
  arbitraryLevel,
  arbitraryPolicyData,
  arbitraryUrgency,
} from "../../src/testing/arbitraries/policy.ts"

const days = (n: number) => workingMinutes(n * 480)

/** The smallest valid policy: one catch-all per lookup, no skips. */
const minimal: EscalationPolicyData = {
  name: "minimal",
  levelLimits: [{ limit: days(5), source: "catch-all" }],
  stepLimits: (["register", "dispatch", "acknowledge", "handle", "verify", "whole"] as const).map((step) => ({
    step,
    limit: days(1),
    source: "catch-all",
  })),
  skips: [],
  extensions: { maxCount: 1, maxMinutes: 4800 },
  reopenWindow: wallHours(168),
  yellowAt: 0.8,
}

const problemsOf = (data: EscalationPolicyData): ReadonlyArray<string> => {
  try {
    makePolicy(data)
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidPolicyError)
    return (error as InvalidPolicyError).problems
  }
  throw new Error("expected makePolicy to refuse")
}

describe("default policy", () => {
  it("survives a JSON round trip through the EscalationPolicyData schema", () => {
    const decoded = Schema.decodeUnknownSync(EscalationPolicyData)(
      JSON.parse(JSON.stringify(DEFAULT_POLICY_DATA)),
    )
    expect(decoded).toEqual(DEFAULT_POLICY_DATA)
  })

  it("names a source for every rule", () => {
    const rules = [
      ...DEFAULT_POLICY_DATA.levelLimits,
      ...DEFAULT_POLICY_DATA.stepLimits,
      ...DEFAULT_POLICY_DATA.skips,
    ]
    expect(rules.filter((rule) => rule.source.trim().length < 20)).toEqual([])
  })

  it("keeps small matters short at the bottom and gives urgent cases wall-clock hours", () => {
    expect(defaultPolicy.levelLimit("sanitation", "normal", "microGrid")).toEqual(workingHours(1))
    expect(defaultPolicy.levelLimit("sanitation", "normal", "grid")).toEqual(days(2))
    expect(defaultPolicy.levelLimit("a city's own category", "normal", "community")).toEqual(days(5))
    expect(defaultPolicy.levelLimit("sanitation", "urgent", "grid")).toEqual(wallHours(2))
    expect(defaultPolicy.levelLimit("utilities", "urgent", "grid")).toEqual(wallHours(24))
  })

  it("looks up step limits per category, with urgent ones on the wall clock", () => {
    expect(defaultPolicy.stepLimit("register", "sanitation", "normal")).toEqual(workingHours(1))
    expect(defaultPolicy.stepLimit("handle", "sanitation", "normal")).toEqual(workingHours(4))
    expect(defaultPolicy.stepLimit("handle", "sanitation", "urgent")).toEqual(wallHours(2))
    expect(defaultPolicy.stepLimit("handle", "utilities", "urgent")).toEqual(wallHours(24))
    expect(defaultPolicy.stepLimit("handle", "complaint", "normal")).toEqual(days(15))
    expect(defaultPolicy.stepLimit("handle", "a city's own category", "normal")).toEqual(days(5))
    expect(defaultPolicy.stepLimit("whole", "complaint", "normal")).toEqual(days(17))
  })

  it("lets an urgent safety hazard jump from the micro-grid or grid straight to the community", () => {
    expect(defaultPolicy.escalationTarget("safetyHazard", "urgent", "microGrid")).toBe("community")
    expect(defaultPolicy.escalationTarget("safetyHazard", "urgent", "grid")).toBe("community")
    expect(defaultPolicy.escalationTarget("safetyHazard", "urgent", "community")).toBe("street")
    expect(defaultPolicy.escalationTarget("safetyHazard", "normal", "microGrid")).toBe("grid")
    expect(defaultPolicy.escalationTarget("sanitation", "urgent", "microGrid")).toBe("grid")
    expect(defaultPolicy.escalationTarget("safetyHazard", "urgent", "district")).toBeUndefined()
  })
})

describe("rule matching", () => {
  const rule = (match: Omit<LevelLimitRule, "limit" | "source">, minutes: number): LevelLimitRule => ({
    ...match,
    limit: workingMinutes(minutes),
    source: `rule ${minutes}`,
  })

  it("picks the rule with the most match fields, wherever it is listed", () => {
    const policy = makePolicy({
      ...minimal,
      levelLimits: [
        rule({ category: "noise", urgency: "urgent", level: "grid" }, 3),
        rule({ category: "noise", level: "grid" }, 2),
        rule({ category: "noise" }, 1),
        rule({}, 100),
      ],
    })
    expect(policy.levelLimit("noise", "urgent", "grid").minutes).toBe(3)
    expect(policy.levelLimit("noise", "normal", "grid").minutes).toBe(2)
    expect(policy.levelLimit("noise", "normal", "street").minutes).toBe(1)
    expect(policy.levelLimit("rubbish", "urgent", "grid").minutes).toBe(100)
  })

  it("breaks ties between equally specific rules by taking the first listed", () => {
    const levelLimits = [rule({}, 100), rule({ urgency: "urgent" }, 1), rule({ level: "grid" }, 2)]
    expect(makePolicy({ ...minimal, levelLimits }).levelLimit("noise", "urgent", "grid").minutes).toBe(1)
    const reversed = [rule({}, 100), rule({ level: "grid" }, 2), rule({ urgency: "urgent" }, 1)]
    expect(
      makePolicy({ ...minimal, levelLimits: reversed }).levelLimit("noise", "urgent", "grid").minutes,
    ).toBe(2)
  })

  it("matches step rules by step first", () => {
    const policy = makePolicy({
      ...minimal,
      stepLimits: [
        ...minimal.stepLimits,
        { step: "handle", category: "noise", limit: days(3), source: "noise" },
      ],
    })
    expect(policy.stepLimit("handle", "noise", "normal")).toEqual(days(3))
    expect(policy.stepLimit("verify", "noise", "normal")).toEqual(days(1))
  })
})

describe("invalid policies", () => {
  it("refuses level limits without a catch-all rule", () => {
    expect(
      problemsOf({ ...minimal, levelLimits: [{ level: "grid", limit: days(1), source: "grid" }] }),
    ).toEqual(["level limits need a catch-all rule (no category, urgency or level)"])
  })

  it("refuses a step without a catch-all rule, naming the step", () => {
    const stepLimits = minimal.stepLimits.map((rule) =>
      rule.step === "verify" ? { ...rule, urgency: "urgent" as const } : rule,
    )
    expect(problemsOf({ ...minimal, stepLimits })).toEqual([
      'step "verify" needs a catch-all rule (no category or urgency)',
    ])
  })

  it("refuses skip rules that do not go upward", () => {
    const skip = (from: Level, to: Level) => ({ category: "fire", from, to, source: "test" })
    expect(problemsOf({ ...minimal, skips: [skip("street", "grid"), skip("grid", "grid")] })).toEqual([
      "skip rule #0 goes from street to grid, which is not upward",
      "skip rule #1 goes from grid to grid, which is not upward",
    ])
  })

  it("refuses a rule that repeats an earlier rule's match and could never apply", () => {
    const twin = { category: "noise", limit: days(2), source: "twin" }
    expect(problemsOf({ ...minimal, levelLimits: [...minimal.levelLimits, twin, twin] })).toEqual([
      "level limit #2 has the same match as level limit #1 and can never apply",
    ])
  })

  it("refuses any generated policy once its level catch-all is removed", () => {
    fc.assert(
      fc.property(arbitraryPolicyData, (data) => {
        const levelLimits = data.levelLimits.filter((r) => r.category ?? r.urgency ?? r.level)
        return problemsOf({ ...data, levelLimits }).includes(
          "level limits need a catch-all rule (no category, urgency or level)",
        )
      }),
      { numRuns: 50 },
    )
  })
})

/** The rule the matching spec selects: matches, and beats every other match on fields, then on position. */
const specifiedRule = <
  R extends {
    readonly category?: Category | undefined
    readonly urgency?: Urgency | undefined
    readonly level?: Level | undefined
  },
>(
  rules: ReadonlyArray<R>,
  category: Category,
  urgency: Urgency,
  level?: Level,
): R | undefined => {
  const fields = (r: R) => [r.category, r.urgency, r.level].filter((field) => field !== undefined).length
  const matching = rules.filter(
    (r) =>
      (r.category ?? category) === category &&
      (r.urgency ?? urgency) === urgency &&
      (r.level ?? level) === level,
  )
  return matching.find((r, i) =>
    matching.every((other, j) => fields(other) < fields(r) || (fields(other) === fields(r) && j >= i)),
  )
}

describe("any valid policy", () => {
  const lookup = fc.record({
    data: arbitraryPolicyData,
    category: arbitraryCategory,
    urgency: arbitraryUrgency,
    level: arbitraryLevel,
    step: arbitraryCaseStep,
  })

  it("resolves every lookup and escalates strictly upward, to nothing only from the top", () => {
    fc.assert(
      fc.property(lookup, ({ data, category, urgency, level, step }) => {
        const policy = makePolicy(data)
        expect(policy.levelLimit(category, urgency, level).minutes).toBeGreaterThan(0)
        expect(policy.stepLimit(step, category, urgency).minutes).toBeGreaterThan(0)
        const target = policy.escalationTarget(category, urgency, level)
        if (target === undefined) expect(isTopLevel(level)).toBe(true)
        else expect(levelRank(target)).toBeGreaterThan(levelRank(level))
      }),
    )
  })

  it("answers with the most specific matching rule, the first listed on ties", () => {
    fc.assert(
      fc.property(lookup, ({ data, category, urgency, level, step }) => {
        const policy = makePolicy(data)
        expect(policy.levelLimit(category, urgency, level)).toBe(
          specifiedRule(data.levelLimits, category, urgency, level)?.limit,
        )
        const stepRules = data.stepLimits.filter((r) => r.step === step)
        expect(policy.stepLimit(step, category, urgency)).toBe(
          specifiedRule(stepRules, category, urgency)?.limit,
        )
        const skip = specifiedRule(
          data.skips.filter((r) => r.from === level),
          category,
          urgency,
        )
        expect(policy.escalationTarget(category, urgency, level)).toBe(skip?.to ?? levelAbove(level))
      }),
    )
  })
})
