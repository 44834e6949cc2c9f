import { describe, expect, it } from "vitest"
import { Instant, Points } from "../../src/index.ts"
import { DeciderSpecification } from "../../src/testing/index.ts"

/**
 * What a refused ledger command says. The refusal reaches the bank's clerk (the community service
 * centre's counter, an API answer), so besides its rule each names what it is about: the award,
 * the redemption, the reward, the ledger — and its message carries the command, the resident, the
 * rule and that detail. Found by `pnpm mutate points` (docs/mutation.md): the tests checked every
 * refusal's rule and none of its words.
 */
const DAY = 24 * Instant.HOUR
const T0 = Date.UTC(2026, 2, 2, 1, 0)
const residentId = "resident-zhao"
const spec = DeciderSpecification.for(
  Points.makeDecider({ catalogue: { soap: { name: "肥皂", cost: 5 } }, validForDays: 365 }),
)
const stamp = (days: number, by = "collector-wang") => ({ residentId, at: T0 + days * DAY, by })
const basis = { points: 20, act: "volunteering", reason: "志愿服务" } as const

const award = (days: number, awardId: string): Points.CommandOf<"AwardPoints"> => ({
  _tag: "AwardPoints",
  ...stamp(days),
  awardId,
  ...basis,
  approvedBy: "bank-president-liu",
})
const awarded = (days: number, awardId: string): Points.Event => ({
  _tag: "PointsAwarded",
  ...stamp(days),
  awardId,
  ...basis,
  approvedBy: "bank-president-liu",
  expiresAt: T0 + (days + 365) * DAY,
})
const requestAward = (by: string): Points.Command => ({
  _tag: "RequestAward",
  ...stamp(0, by),
  awardId: "a-7",
  ...basis,
})
const redeem = (redemptionId: string, rewardId: string): Points.CommandOf<"RedeemPoints"> => ({
  _tag: "RedeemPoints",
  ...stamp(1),
  redemptionId,
  rewardId,
  quantity: 1,
})
const reverse = (awardId: string): Points.Command => ({
  _tag: "ReverseAward",
  ...stamp(2, "bank-president-liu"),
  awardId,
  reason: "重复登记",
})

const refusal = (given: ReadonlyArray<Points.Event>, command: Points.Command) =>
  spec.given(given).when(command).thenFails("PointsRuleViolated")

describe("points refusals say what they refuse", () => {
  it("the message carries the command, the ledger's resident, the rule and the detail", () => {
    const refused = refusal([awarded(0, "a-7")], award(1, "a-7"))
    expect(refused).toMatchObject({ residentId, command: "AwardPoints", rule: "duplicateAward" })
    expect(refused.message).toBe(
      `AwardPoints on the ledger of ${residentId} refused (duplicateAward): ${refused.detail}`,
    )
    expect(refused.detail).toContain("a-7")
  })

  it("a resident can neither collect nor approve their own points, however the award is made", () => {
    const selfRefusals = [
      refusal([], { ...award(0, "a-7"), by: residentId }),
      refusal([], { ...award(0, "a-7"), approvedBy: residentId }),
      refusal([], requestAward(residentId)),
      refusal([{ _tag: "AwardRequested", ...stamp(0), awardId: "a-7", ...basis }], {
        _tag: "ConfirmAward",
        ...stamp(1, residentId),
        awardId: "a-7",
      }),
    ]
    for (const refused of selfRefusals) {
      expect(refused.rule).toBe("selfAward")
      expect(refused.detail).toMatch(/own points/)
    }
    // The collector's request itself goes through.
    spec
      .given([])
      .when(requestAward("collector-wang"))
      .then({ _tag: "AwardRequested", ...stamp(0), awardId: "a-7", ...basis })
  })

  it("names the award, the redemption or the reward it refuses", () => {
    const redeemed: Points.Event = {
      _tag: "RewardRedeemed",
      ...stamp(1),
      redemptionId: "r-9",
      rewardId: "soap",
      rewardName: "肥皂",
      unitCost: 5,
      quantity: 1,
      points: 5,
      drawn: [{ awardId: "a-7", points: 5 }],
    }
    const reversed: Points.Event = {
      _tag: "AwardReversed",
      ...stamp(1, "bank-president-liu"),
      awardId: "a-7",
      reason: "重复登记",
      points: 20,
      unrecovered: 0,
      drawn: [{ awardId: "a-7", points: 20 }],
    }
    const cases: ReadonlyArray<[ReadonlyArray<Points.Event>, Points.Command, Points.Rule, string]> = [
      [
        [],
        { _tag: "ConfirmAward", ...stamp(1, "bank-president-liu"), awardId: "a-8" },
        "noPendingAward",
        "a-8",
      ],
      [
        [awarded(0, "a-7"), redeemed],
        { ...redeem("r-9", "soap"), at: T0 + 2 * DAY },
        "duplicateRedemption",
        "r-9",
      ],
      [[awarded(0, "a-7")], redeem("r-1", "television"), "unknownReward", "television"],
      [[awarded(0, "a-7")], reverse("a-8"), "unknownAward", "a-8"],
      [[awarded(0, "a-7"), reversed], reverse("a-7"), "alreadyReversed", "a-7"],
    ]
    for (const [given, command, rule, named] of cases) {
      const refused = refusal(given, command)
      expect(refused.rule).toBe(rule)
      expect(refused.detail).toContain(named)
    }
  })

  it("names the ledger a misaddressed command reached, and the time of its last event", () => {
    const elsewhere = refusal([awarded(0, "a-7")], { ...award(1, "a-8"), residentId: "resident-qian" })
    expect(elsewhere).toMatchObject({ residentId: "resident-qian", rule: "residentIdMismatch" })
    expect(elsewhere.detail).toContain(`ledger ${residentId}`)
    const late = refusal([awarded(2, "a-7")], award(1, "a-8"))
    expect(late.rule).toBe("clockWentBackwards")
    // T0 + 2 days is 4 March 2026, 09:00 in Beijing time.
    expect(late.detail).toContain("ledger")
    expect(late.detail).toContain("2026-03-04T09:00:00+08:00")
  })

  it("a redemption the balance cannot cover says both figures", () => {
    const short = spec
      .given(awarded(0, "a-7"))
      .when({ ...redeem("r-1", "soap"), quantity: 5 })
      .thenFails("InsufficientPoints")
    expect(short).toMatchObject({ residentId, balance: 20, requested: 25 })
    expect(short.message).toMatch(new RegExp(`${residentId}.*\\b20 points.*\\b25 requested`))
  })
})
