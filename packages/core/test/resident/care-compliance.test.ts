import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Decider, Instant, Resident } from "../../src/index.ts"
import { arbitraryCareHistory } from "../../src/testing/arbitraries/index.ts"
import { sealedPlaceholder } from "../../src/testing/index.ts"

const DAY = 24 * Instant.HOUR
/** Midnight in Shanghai of a calendar day (month 1-based). */
const shanghai = (year: number, month: number, day: number, hour = 0): Instant.Instant =>
  Date.UTC(year, month - 1, day, hour - 8)

/**
 * The oracle: walks the calendar one Shanghai day at a time, names each day's period in
 * words ("2026-03", "2026-Q1", the Monday of its week…) and counts visits by scanning them
 * all — slow and plain, sharing no arithmetic with the implementation.
 */
const periodName = (day: Instant.Instant, per: Resident.CarePeriod): string => {
  const local = new Date(day + 8 * Instant.HOUR)
  const [year, month] = [local.getUTCFullYear(), local.getUTCMonth()]
  if (per === "year") return `${year}`
  if (per === "quarter") return `${year}-Q${Math.floor(month / 3) + 1}`
  if (per === "month") return `${year}-${month + 1}`
  let monday = day
  while (new Date(monday + 8 * Instant.HOUR).getUTCDay() !== 1) monday -= DAY
  return `week of ${monday}`
}

const oracle = (
  resident: Resident.RegisteredResident,
  window: Resident.ComplianceWindow,
): ReadonlyArray<Resident.PlanCompliance> =>
  resident.carePlans.flatMap((plan) => {
    const periods: Array<{ name: string; start: Instant.Instant; end: Instant.Instant }> = []
    const firstDay = shanghai(2024, 1, 1)
    for (let day = firstDay; day <= window.to + 400 * DAY; day += DAY) {
      const name = periodName(day, plan.cadence.per)
      const last = periods.at(-1)
      if (last?.name === name) last.end = day + DAY
      else periods.push({ name, start: day, end: day + DAY })
    }
    const lo = Math.max(plan.since, window.from)
    const hi = Math.min(plan.until ?? Number.POSITIVE_INFINITY, window.to)
    const due = periods.filter((period) => period.start >= lo && period.end <= hi)
    const missed = due
      .filter(
        (period) =>
          resident.visits.filter((v) => v.at >= period.start && v.at < period.end).length <
          plan.cadence.visits,
      )
      .map((period) => period.start)
    return due.length === 0
      ? []
      : [
          {
            residentId: resident.residentId,
            householdId: resident.householdId,
            tag: plan.tag,
            cadence: plan.cadence,
            due: due.length,
            met: due.length - missed.length,
            missed,
          },
        ]
  })

const residentOf = (history: ReadonlyArray<Resident.Event>): Resident.RegisteredResident => {
  const state = Decider.fold(Resident.makeDecider(), history)
  if (!state.exists) throw new Error("the history registers the resident")
  return state
}

describe("care-visit compliance", () => {
  const registered: Resident.Event = {
    _tag: "ResidentRegistered",
    residentId: "resident-blind-couple",
    at: shanghai(2026, 1, 5),
    by: "grid-worker-li",
    householdId: "household-port-12",
    person: { name: sealedPlaceholder("resident-blind-couple") },
  }
  const stamp = (at: Instant.Instant) => ({ residentId: "resident-blind-couple", at, by: "grid-worker-li" })
  const visit = (at: Instant.Instant, n: number): Resident.Event => ({
    _tag: "ResidentVisited",
    ...stamp(at),
    visitId: `visit-${n}`,
    householdId: "household-port-12",
    findings: "协助申请补贴",
  })

  it("Haikou: a blind couple visited monthly — counts whole months of the plan, the month it started in excluded", () => {
    const resident = residentOf([
      registered,
      { _tag: "ResidentTagged", ...stamp(shanghai(2026, 1, 5, 9)), tag: "disabled" },
      {
        _tag: "CarePlanSet",
        ...stamp(shanghai(2026, 1, 5, 10)),
        tag: "disabled",
        cadence: { visits: 1, per: "month" },
      },
      visit(shanghai(2026, 1, 20), 1), // January: the plan's first, partial month — not due
      visit(shanghai(2026, 2, 28, 23), 2), // 23:00 on 28 February in Shanghai is still February
      visit(shanghai(2026, 4, 1), 3), // nothing in March
    ])
    const report = Resident.careVisitCompliance([resident], {
      from: shanghai(2026, 1, 1),
      to: shanghai(2026, 5, 1),
    })
    expect(report.plans).toEqual([
      {
        residentId: "resident-blind-couple",
        householdId: "household-port-12",
        tag: "disabled",
        cadence: { visits: 1, per: "month" },
        due: 3,
        met: 2,
        missed: [shanghai(2026, 3, 1)],
      },
    ])
    expect(report.rate).toBeCloseTo(2 / 3)
  })

  it("reports no rate when nothing was due", () => {
    expect(
      Resident.careVisitCompliance([residentOf([registered])], { from: 0, to: shanghai(2027, 1, 1) }),
    ).toEqual({
      plans: [],
      due: 0,
      met: 0,
      rate: undefined,
    })
  })

  it("property: agrees with a day-by-day oracle on generated histories and windows", () => {
    const start = shanghai(2025, 1, 1)
    fc.assert(
      fc.property(
        arbitraryCareHistory("resident-1", start),
        fc.integer({ min: 0, max: 200 * DAY }),
        fc.integer({ min: 0, max: 300 * DAY }),
        (history, offset, length) => {
          const resident = residentOf(history)
          const window = { from: start + offset, to: start + offset + length }
          const report = Resident.careVisitCompliance([resident], window)
          expect(report.plans).toEqual(oracle(resident, window))
          expect(report.met).toBe(report.plans.reduce((sum, plan) => sum + plan.met, 0))
        },
      ),
      { numRuns: 150 },
    )
  })
})
