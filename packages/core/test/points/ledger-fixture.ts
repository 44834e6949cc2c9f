import { Instant, type Points } from "../../src/index.ts"

/**
 * One resident's points ledger (积分银行) told day by day, as the points tests tell it: day 0 is a
 * Monday morning in March 2026, the collector (揽储员) asks, the bank's president approves and
 * reverses. Builders take the day and what differs; everything else is the usual.
 */
export const DAY = 24 * Instant.HOUR
export const T0 = Date.UTC(2026, 2, 2, 1, 0)
export const residentId = "resident-zhao"
export const COLLECTOR = "collector-wang"
export const APPROVER = "bank-president-liu"

/** Who acted for the resident, and when. */
export const stamp = (days: number, by = COLLECTOR) => ({ residentId, at: T0 + days * DAY, by })

/** What the act was: 20 points for volunteering unless a test says otherwise. */
export const awardBasis = { points: 20, act: "volunteering", reason: "志愿服务" } as const

export const award = (days: number, awardId: string, points = 20): Points.CommandOf<"AwardPoints"> => ({
  _tag: "AwardPoints",
  ...stamp(days),
  awardId,
  ...awardBasis,
  points,
  approvedBy: APPROVER,
})

/** An award made on `days`, expiring `validForDays` later, or never when undefined. */
export const awarded = (days: number, awardId: string, points = 20, validForDays?: number): Points.Event => ({
  _tag: "PointsAwarded",
  ...stamp(days),
  awardId,
  ...awardBasis,
  points,
  approvedBy: APPROVER,
  ...(validForDays === undefined ? {} : { expiresAt: T0 + (days + validForDays) * DAY }),
})

export const redeem = (
  days: number,
  redemptionId: string,
  rewardId: string,
  quantity = 1,
): Points.CommandOf<"RedeemPoints"> => ({
  _tag: "RedeemPoints",
  ...stamp(days),
  redemptionId,
  rewardId,
  quantity,
})

export const reverse = (days: number, awardId: string): Points.Command => ({
  _tag: "ReverseAward",
  ...stamp(days, APPROVER),
  awardId,
  reason: "重复登记",
})

/** A redemption as recorded: `quantity` of a reward at its unit cost, drawn from the awards named. */
export const redeemed = (
  days: number,
  redemption: {
    readonly redemptionId?: string
    readonly reward?: { readonly id: string; readonly name: string; readonly unitCost: number }
    readonly quantity: number
    readonly drawn: ReadonlyArray<{ readonly awardId: string; readonly points: number }>
  },
): Points.Event => {
  const reward = redemption.reward ?? { id: "soap", name: "肥皂", unitCost: 5 }
  return {
    _tag: "RewardRedeemed",
    ...stamp(days),
    redemptionId: redemption.redemptionId ?? "r-1",
    rewardId: reward.id,
    rewardName: reward.name,
    unitCost: reward.unitCost,
    quantity: redemption.quantity,
    points: reward.unitCost * redemption.quantity,
    drawn: redemption.drawn,
  }
}
