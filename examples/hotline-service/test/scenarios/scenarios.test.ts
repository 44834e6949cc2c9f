import { describe, expect, it } from "vitest"
import { SCENARIOS } from "../../src/scenarios/index.ts"
import { runScenario } from "../../src/scenarios/scenario.ts"

describe("the five seed stories, as scenarios", () => {
  it("has one per seed article", () => {
    expect(SCENARIOS.map((scenario) => scenario.name)).toEqual([
      "haikou",
      "nantong",
      "gujiao",
      "baotou",
      "bijie",
    ])
  })

  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: every step passes the office's rules and each case ends as the story tells`, async () => {
      const lines: Array<string> = []
      const result = await runScenario(scenario, (line) => lines.push(line))
      expect(result.ended).toEqual(scenario.outcome)
      expect(result.asTold).toBe(true)
      expect(lines.join("\n")).toContain(scenario.title)
    })
  }
})
