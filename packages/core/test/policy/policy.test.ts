import { readFileSync } from "node:fs"
import { Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { shanghaiCalendar } from "../../src/calendar/china-mainland.ts"
import { DEFAULT_POLICY_DATA, defaultPolicy } from "../../src/policy/default-policy.ts"
import { InvalidPolicyError, makePolicy } from "../../src/policy/make-policy.ts"
import {
  CaseStep,
  EscalationPolicyData,
  type LevelLimitRule,
  type RuleSource,
} from "../../src/policy/policy.ts"
import { deadlineAfter, wallHours, workingHours, workingMinutes } from "../../src/policy/time-limit.ts"
import { CASE_CATEGORIES, type Category, type Urgency } from "../../src/shared/category.ts"
import { isTopLevel, LEVELS, type Level, levelAbove, levelRank } from "../../src/shared/level.ts"
import {
  arbitraryCaseStep,
  arbitraryCategory,
  arbitraryLevel,
  arbitraryPolicyData,
  arbitraryUrgency,
} from "../../src/testing/arbitraries/policy.ts"

const days = (n: number) => workingMinutes(n * 480)
const localRule = (reason: string): RuleSource => ({ _tag: "local", reason })
const catchAll = localRule("catch-all")

/** The smallest valid policy: one catch-all per lookup, no skips. */
const minimal: EscalationPolicyData = {
  name: "minimal",
  levelLimits: [{ limit: days(5), source: catchAll }],
  stepLimits: CaseStep.literals.map((step) => ({
    step,
    limit: days(1),
    source: catchAll,
  })),
  skips: [],
  extensions: { maxCount: 1, maxMinutes: 4800 },
  sendBackWindow: days(2),
  reopenWindow: wallHours(168),
  criticismAfter: days(5),
  yellowAt: 0.8,
  settingSources: {
    extensionCount: catchAll,
    extensionLength: catchAll,
    sendBackWindow: catchAll,
    reopenWindow: catchAll,
    criticismAfter: catchAll,
    yellowAt: catchAll,
  },
}

/** Every source a policy gives: its rules' and its settings'. */
const sourcesOf = (data: EscalationPolicyData): ReadonlyArray<RuleSource> => [
  ...data.levelLimits.map((rule) => rule.source),
  ...data.stepLimits.map((rule) => rule.source),
  ...data.skips.map((rule) => rule.source),
  ...Object.values(data.settingSources),
]

const DOMAIN = readFileSync(new URL("../../../../docs/domain.md", import.meta.url), "utf8")
const DOMAIN_ANCHORS = [...DOMAIN.matchAll(/<a id="([^"]+)"><\/a>/g)].map((match) => match[1])

/**
 * The limit a quoted sentence states, read from the sentence itself: "N个工作日" is N working days
 * (of 480 minutes), "N个工作时" N working hours (traditional 個(gè) included, as the mirror has it).
 */
const quotedLimit = (quote: string) => {
  const match = /(\d+)(?:个|個\(gè\))?工作(日|时)/.exec(quote)
  if (match === null) throw new Error(`no working-time limit in 「${quote}」`)
  const n = Number(match[1])
  return match[2] === "日" ? days(n) : workingHours(n)
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

  it("marks every number published (with its quote) or local (with its reason)", () => {
    for (const source of sourcesOf(DEFAULT_POLICY_DATA)) {
      if (source._tag === "local") expect(source.reason.length).toBeGreaterThan(40)
      else
        expect([source.quote, source.publisher, source.date, source.where, source.reading]).not.toContain("")
    }
  })

  it("quotes each published rule exactly as docs/domain.md does, under a fact id it holds", () => {
    for (const source of sourcesOf(DEFAULT_POLICY_DATA)) {
      if (source._tag === "published") {
        expect(DOMAIN_ANCHORS).toContain(source.fact)
        expect(DOMAIN).toContain(`「${source.quote}」`)
        expect(DOMAIN).toContain(source.where)
      } else for (const fact of source.basis ?? []) expect(DOMAIN_ANCHORS).toContain(fact)
    }
  })

  it("says exactly the number its quote says, on the clock the quote counts", () => {
    const published = [
      ...DEFAULT_POLICY_DATA.levelLimits,
      ...DEFAULT_POLICY_DATA.stepLimits,
      {
        limit: DEFAULT_POLICY_DATA.sendBackWindow,
        source: DEFAULT_POLICY_DATA.settingSources.sendBackWindow,
      },
      {
        limit: workingMinutes(DEFAULT_POLICY_DATA.extensions.maxMinutes),
        source: DEFAULT_POLICY_DATA.settingSources.extensionLength,
      },
      {
        limit: DEFAULT_POLICY_DATA.criticismAfter,
        source: DEFAULT_POLICY_DATA.settingSources.criticismAfter,
      },
    ].filter((rule) => rule.source._tag === "published")
    expect(published.length).toBeGreaterThan(5)
    for (const { limit, source } of published) {
      expect(limit, (source as { quote: string }).quote).toEqual(
        quotedLimit((source as { quote: string }).quote),
      )
    }
  })

  it("takes a case in — verify, register, dispatch — within one working hour in total from receipt", () => {
    // Fuzhou as reported (docs/domain.md#rule-fuzhou-intake): one hour for all three, not one each.
    for (const step of ["register", "dispatch"] as const) {
      expect(defaultPolicy.stepLimit(step, "sanitation", "normal")).toEqual(workingHours(1))
      expect(defaultPolicy.stepLimit(step, "sanitation", "urgent")).toEqual(wallHours(1))
    }
    expect(defaultPolicy.stepLimit("acknowledge", "noise", "normal")).toEqual(workingHours(1))
  })

  it("counts Guangdong's limits from receipt, for the whole case", () => {
    expect(defaultPolicy.stepLimit("whole", "policyConsultation", "normal")).toEqual(days(2))
    expect(defaultPolicy.stepLimit("whole", "suggestion", "normal")).toEqual(days(10))
    expect(defaultPolicy.stepLimit("whole", "complaint", "normal")).toEqual(days(15))
  })

  it("puts only urgent cases on the wall clock", () => {
    for (const category of Object.keys(CASE_CATEGORIES)) {
      for (const level of LEVELS) {
        expect(defaultPolicy.levelLimit(category, "normal", level).clock).toBe("working")
        expect(defaultPolicy.levelLimit(category, "urgent", level).clock).toBe("wall")
      }
      for (const step of CaseStep.literals) {
        expect(defaultPolicy.stepLimit(step, category, "normal").clock, `${step} ${category}`).toBe("working")
        expect(defaultPolicy.stepLimit(step, category, "urgent").clock, `${step} ${category}`).toBe("wall")
      }
    }
  })

  it("keeps small matters short at the bottom and gives urgent cases wall-clock hours", () => {
    expect(defaultPolicy.levelLimit("sanitation", "normal", "microGrid")).toEqual(workingHours(1))
    expect(defaultPolicy.levelLimit("sanitation", "normal", "grid")).toEqual(days(2))
    expect(defaultPolicy.levelLimit("a city's own category", "normal", "community")).toEqual(days(5))
    expect(defaultPolicy.levelLimit("sanitation", "urgent", "grid")).toEqual(wallHours(2))
    expect(defaultPolicy.levelLimit("utilities", "urgent", "grid")).toEqual(wallHours(24))
  })

  it("looks up step limits per category, with urgent ones on the wall clock", () => {
    expect(defaultPolicy.stepLimit("handle", "sanitation", "normal")).toEqual(workingHours(4))
    expect(defaultPolicy.stepLimit("handle", "sanitation", "urgent")).toEqual(wallHours(2))
    expect(defaultPolicy.stepLimit("handle", "utilities", "urgent")).toEqual(wallHours(24))
    expect(defaultPolicy.stepLimit("handle", "utilities", "normal")).toEqual(days(5))
    expect(defaultPolicy.stepLimit("handle", "a city's own category", "normal")).toEqual(days(5))
  })

  it("lets an urgent safety hazard jump from the micro-grid or grid straight to the community, as a local setting", () => {
    expect(DEFAULT_POLICY_DATA.skips.map((rule) => rule.source._tag)).toEqual(["local", "local"])
    expect(defaultPolicy.escalationTarget("safetyHazard", "urgent", "microGrid")).toBe("community")
    expect(defaultPolicy.escalationTarget("safetyHazard", "urgent", "grid")).toBe("community")
    expect(defaultPolicy.escalationTarget("safetyHazard", "urgent", "community")).toBe("street")
    expect(defaultPolicy.escalationTarget("safetyHazard", "normal", "microGrid")).toBe("grid")
    expect(defaultPolicy.escalationTarget("sanitation", "urgent", "microGrid")).toBe("grid")
    expect(defaultPolicy.escalationTarget("safetyHazard", "urgent", "district")).toBeUndefined()
  })
})

describe("time limits (时限)", () => {
  // Friday 2025-03-07 17:30 in Shanghai: half an hour of the working day left, then the weekend.
  const fridayEvening = Date.parse("2025-03-07T17:30:00+08:00")

  it("counts a wall-clock limit on the clock, nights and weekends included", () => {
    expect(deadlineAfter(shanghaiCalendar, fridayEvening, wallHours(2))).toBe(
      Date.parse("2025-03-07T19:30:00+08:00"),
    )
  })

  it("counts a working limit in working time only: the rest of Friday, then Monday from 09:00", () => {
    expect(deadlineAfter(shanghaiCalendar, fridayEvening, workingHours(2))).toBe(
      Date.parse("2025-03-10T10:30:00+08:00"),
    )
  })
})

describe("rule matching", () => {
  const rule = (match: Omit<LevelLimitRule, "limit" | "source">, minutes: number): LevelLimitRule => ({
    ...match,
    limit: workingMinutes(minutes),
    source: localRule(`rule ${minutes}`),
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
        { step: "handle", category: "noise", limit: days(3), source: localRule("noise") },
      ],
    })
    expect(policy.stepLimit("handle", "noise", "normal")).toEqual(days(3))
    expect(policy.stepLimit("verify", "noise", "normal")).toEqual(days(1))
  })
})

describe("invalid policies", () => {
  it("refuses level limits without a catch-all rule", () => {
    expect(
      problemsOf({ ...minimal, levelLimits: [{ level: "grid", limit: days(1), source: localRule("grid") }] }),
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
    const skip = (from: Level, to: Level) => ({ category: "fire", from, to, source: localRule("test") })
    expect(problemsOf({ ...minimal, skips: [skip("street", "grid"), skip("grid", "grid")] })).toEqual([
      "skip rule #0 goes from street to grid, which is not upward",
      "skip rule #1 goes from grid to grid, which is not upward",
    ])
  })

  it("refuses a rule that repeats an earlier rule's match and could never apply", () => {
    const twin = { category: "noise", limit: days(2), source: localRule("twin") }
    expect(problemsOf({ ...minimal, levelLimits: [...minimal.levelLimits, twin, twin] })).toEqual([
      "level limit #2 has the same match as level limit #1 and can never apply",
    ])
  })

  it("names the kind of each rule that repeats an earlier one's match", () => {
    const twinStep = { step: "verify" as const, category: "noise", limit: days(2), source: localRule("twin") }
    const twinSkip = {
      category: "fire",
      from: "grid" as const,
      to: "street" as const,
      source: localRule("twin"),
    }
    expect(
      problemsOf({
        ...minimal,
        stepLimits: [...minimal.stepLimits, twinStep, twinStep],
        skips: [twinSkip, twinSkip],
      }),
    ).toEqual([
      `step limit #${minimal.stepLimits.length + 1} has the same match as step limit #${minimal.stepLimits.length} and can never apply`,
      "skip rule #1 has the same match as skip rule #0 and can never apply",
    ])
  })

  it("says in its message which policy it refuses and every problem, for the operator loading it", () => {
    const skips = [
      { category: "fire", from: "street" as const, to: "grid" as const, source: localRule("test") },
    ]
    expect(() => makePolicy({ ...minimal, name: "city-2026", levelLimits: [], skips })).toThrow(
      'invalid escalation policy "city-2026": level limits need a catch-all rule (no category, urgency or level); ' +
        "skip rule #0 goes from street to grid, which is not upward",
    )
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
