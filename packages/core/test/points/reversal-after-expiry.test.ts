import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { Instant, Points } from "../../src/index.ts"
import { runCommands } from "../../src/testing/index.ts"

/**
 * 冲正 of an award that was partly spent and partly expired: only what was spent of it is taken
 * back from the other awards — what expired is gone already, and what is left of it is nothing.
 * Found by `pnpm mutate points` (docs/mutation.md): no test reversed such an award.
 */
const DAY = 24 * Instant.HOUR
const T0 = Date.UTC(2026, 2, 2, 1, 0)
const residentId = "resident-zhao"
const policy: Points.Policy = { catalogue: { soap: { name: "肥皂", cost: 5 } }, validForDays: 365 }
const stamp = (days: number, by = "collector-wang") => ({ residentId, at: T0 + days * DAY, by })
const award = (days: number, awardId: string, points: number): Points.Command => ({
  _tag: "AwardPoints",
  ...stamp(days),
  awardId,
  points,
  act: "volunteering",
  reason: "疫情防控志愿服务",
  approvedBy: "bank-president-liu",
})

describe("reversing an award that was partly spent and partly expired", () => {
  it("takes back from other awards only what was spent of it, and draws nothing from itself", () => {
    const steps = runCommands(Points.makeDecider(policy), [
      award(0, "a-mistake", 20),
      { _tag: "RedeemPoints", ...stamp(10), redemptionId: "r-1", rewardId: "soap", quantity: 1 },
      award(300, "a-good", 50),
      // a-mistake's other 15 points expire on day 365, before the reversal is decided.
      { _tag: "ReverseAward", ...stamp(366, "bank-president-liu"), awardId: "a-mistake", reason: "重复登记" },
    ])
    const last = steps.at(-1)!.decision
    if (Result.isFailure(last)) throw last.failure
    expect(last.success.find((event) => event._tag === "PointsExpired")).toMatchObject({
      awardId: "a-mistake",
      points: 15,
    })
    expect(last.success.find((event) => event._tag === "AwardReversed")).toMatchObject({
      points: 5,
      unrecovered: 0,
      drawn: [{ awardId: "a-good", points: 5 }],
    })
  })
})
