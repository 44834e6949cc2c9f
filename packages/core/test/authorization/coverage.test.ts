import { describe, expect, it } from "vitest"
import { Authorization, Campaign, Case, Intake, Points, Resident, Territory } from "../../src/index.ts"

/** Each aggregate's command Schema with its rule table. Part of the recipe in authorization/rules.ts. */
const AGGREGATES = [
  ["case", Case.Command, Authorization.CASE_RULES],
  ["territory", Territory.Command, Authorization.TERRITORY_RULES],
  ["resident", Resident.Command, Authorization.RESIDENT_RULES],
  ["points", Points.Command, Authorization.POINTS_RULES],
  ["campaign", Campaign.Command, Authorization.CAMPAIGN_RULES],
  ["intake", Intake.Command, Authorization.INTAKE_RULES],
] as const

const sorted = (keys: Iterable<string>) => [...keys].sort()

describe("authorization rules cover every command", () => {
  it.each(AGGREGATES)("the %s table has exactly one rule per command of its Schema", (_, schema, table) => {
    expect(sorted(Object.keys(table))).toEqual(sorted(Object.keys(schema.cases)))
  })

  it("every table is registered, and no command tag appears in two of them", () => {
    expect(sorted(Object.keys(Authorization.RULE_TABLES))).toEqual(sorted(AGGREGATES.map(([name]) => name)))
    const tags = Object.values(Authorization.RULE_TABLES).flatMap((table) => Object.keys(table))
    expect(new Set(tags).size).toBe(tags.length)
    expect(sorted(Object.keys(Authorization.COMMAND_RULES))).toEqual(sorted(tags))
  })

  it("a rule asks for an approver (审批人) exactly where its command names one", () => {
    // A command with an `approvedBy` the rule does not check lets anyone be named approver; a rule
    // asking for an approver the command cannot name refuses everyone.
    for (const [, schema, table] of AGGREGATES) {
      const cases = schema.cases as Readonly<Record<string, { readonly fields: object }>>
      for (const [tag, rule] of Object.entries(table)) {
        const namesApprover = Object.hasOwn(cases[tag]?.fields ?? {}, "approvedBy")
        expect(rule.approvedBy !== undefined, tag).toBe(namesApprover)
        if (rule.approvedBy !== undefined) expect(rule.approvedBy.length, tag).toBeGreaterThan(0)
      }
    }
  })

  it("every rule grants someone", () => {
    for (const [tag, rule] of Object.entries(Authorization.COMMAND_RULES)) {
      const grantsSomeone =
        rule.anyone === true ||
        rule.roles.length > 0 ||
        (rule.onSite ?? []).length > 0 ||
        (rule.self ?? []).length > 0
      expect(grantsSomeone, tag).toBe(true)
    }
  })
})
