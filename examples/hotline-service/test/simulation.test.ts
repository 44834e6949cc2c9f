import { MemoryEventStore } from "@gridcase/adapters/memory"
import { describe, expect, it } from "vitest"
import { minxinRoad } from "../src/simulation/minxin-road.ts"
import { simulate } from "../src/simulation/simulate.ts"
import { summaryTable } from "../src/simulation/summary.ts"

/** Mon 2026-03-02 00:00 in Shanghai. */
const START = Date.parse("2026-03-02T00:00:00+08:00")
const small = minxinRoad({ grids: 12, workers: 5, households: 2_400, residents: 12_000 })
const run = (seed: number) =>
  simulate({ district: small, days: 4, start: START, seed, store: MemoryEventStore.layer })

describe("the district simulation", () => {
  it("drives cases through the real command path and sums them up consistently", async () => {
    const summary = await run(7)
    expect(summary.grids).toBe(12)
    expect(summary.cases).toBeGreaterThan(20)
    expect(summary.closed + summary.open).toBe(summary.cases)
    expect(summary.closed).toBeGreaterThan(0)
    expect(summary.selfResolution).toBeGreaterThan(0.3)
    expect(summary.commands).toBeGreaterThan(summary.cases * 3)
    // The simulated people re-read a case the deadline process moved; the rules refuse little.
    expect(summary.refused).toBeLessThan(summary.commands * 0.05)
    // Residents on care plans are registered, visited, and the moral bank takes deposits.
    expect(summary.registered).toBe(Math.round(12_000 * 0.005) + Math.round(12_000 * 0.003))
    expect(summary.cared).toBe(60)
    expect(summary.visits).toBeGreaterThan(0)
    expect(summary.pointsAwarded).toBeGreaterThan(0)
    const table = summaryTable(summary)
    for (const label of [
      "cases reported",
      "self-resolution",
      "overdue at the end",
      "escalations to community",
      "p90",
    ]) {
      expect(table).toContain(label)
    }
  })

  it("is repeatable: the same seed gives the same month", async () => {
    const { wallSeconds: _a, ...first } = await run(11)
    const { wallSeconds: _b, ...second } = await run(11)
    expect(second).toEqual(first)
  })
})
