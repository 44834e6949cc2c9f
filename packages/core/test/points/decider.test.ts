import { describe, expect, it } from "vitest"
import { Points } from "../../src/index.ts"
import { DeciderSpecification } from "../../src/testing/index.ts"
import {
  award,
  awardBasis,
  awarded as awardedFor,
  DAY,
  redeem,
  redeemed,
  residentId,
  reverse,
  stamp,
  T0,
} from "./ledger-fixture.ts"

const policy: Points.Policy = {
  catalogue: { "rice-5kg": { name: "大米 5kg", cost: 30 }, soap: { name: "肥皂", cost: 5 } },
  validForDays: 365,
}
const spec = DeciderSpecification.for(Points.makeDecider(policy))
/** Awards under this policy are valid for a year (validForDays). */
const awarded = (days: number, awardId: string, points: number) => awardedFor(days, awardId, points, 365)
const RICE = { id: "rice-5kg", name: "大米 5kg", unitCost: 30 }

const requested = (days: number, awardId: string, points: number): Points.Event => ({
  _tag: "AwardRequested",
  ...stamp(days),
  awardId,
  ...awardBasis,
  points,
})

describe("the two-step award (揽储 → 审批)", () => {
  it("credits nothing on the collector's request, and the award once the approver confirms in their own name", () => {
    spec
      .given([])
      .when({
        ...stamp(0),
        _tag: "RequestAward",
        awardId: "a-1",
        ...awardBasis,
      })
      .then(requested(0, "a-1", 20))
    const waiting = Points.evolve(Points.initialState, requested(0, "a-1", 20))
    expect(waiting.balance).toBe(0)
    expect([...waiting.pending.keys()]).toEqual(["a-1"])
    spec
      .given(requested(0, "a-1", 20))
      .when({ ...stamp(1, "bank-president-liu"), _tag: "ConfirmAward", awardId: "a-1" })
      // Collected by the collector, approved by the confirmer, valid from the confirmation.
      .then({ ...awarded(1, "a-1", 20), by: "collector-wang" })
  })

  it("refuses the collector's or the resident's own confirmation, an unknown request, and a second request of an award", () => {
    const confirm = (by: string, awardId = "a-1"): Points.Command => ({
      ...stamp(1, by),
      _tag: "ConfirmAward",
      awardId,
    })
    expect(
      spec
        .given(requested(0, "a-1", 20))
        .when(confirm("collector-wang"))
        .thenFails("PointsRuleViolated").rule,
    ).toBe("selfApproval")
    expect(
      spec
        .given(requested(0, "a-1", 20))
        .when(confirm(residentId))
        .thenFails("PointsRuleViolated").rule,
    ).toBe("selfAward")
    expect(spec.given([]).when(confirm("bank-president-liu")).thenFails("PointsRuleViolated").rule).toBe(
      "noPendingAward",
    )
    expect(
      spec
        .given(requested(0, "a-1", 20))
        .when({ ...stamp(0), _tag: "RequestAward", awardId: "a-1", points: 5, act: "other", reason: "again" })
        .thenFails("PointsRuleViolated").rule,
    ).toBe("duplicateAward")
  })

  it("a declined request credits nothing and cannot be confirmed afterwards", () => {
    const declined: Points.Event = {
      ...stamp(1, "bank-president-liu"),
      _tag: "AwardDeclined",
      awardId: "a-1",
      reason: "证明不足",
    }
    spec
      .given(requested(0, "a-1", 20))
      .when({ ...stamp(1, "bank-president-liu"), _tag: "DeclineAward", awardId: "a-1", reason: "证明不足" })
      .then(declined)
    expect(
      spec
        .given([requested(0, "a-1", 20), declined])
        .when({ ...stamp(2, "bank-president-liu"), _tag: "ConfirmAward", awardId: "a-1" })
        .thenFails("PointsRuleViolated").rule,
    ).toBe("noPendingAward")
  })
})

describe("points ledger decider (道德银行)", () => {
  it("awards points for a civic act, valid for the policy's days", () => {
    spec
      .given([])
      .when(award(0, "a-1", 20))
      .then(awarded(0, "a-1", 20))
    expect(
      spec
        .given(awarded(0, "a-1", 20))
        .when(award(1, "a-1", 20))
        .thenFails("PointsRuleViolated").rule,
    ).toBe("duplicateAward")
  })

  it("refuses an award the resident collected or approved themselves", () => {
    const selfApproved = { ...award(0, "a-1", 20), approvedBy: residentId }
    expect(spec.given([]).when(selfApproved).thenFails("PointsRuleViolated").rule).toBe("selfAward")
    const selfCollected = { ...award(0, "a-1", 20), by: residentId }
    expect(spec.given([]).when(selfCollected).thenFails("PointsRuleViolated").rule).toBe("selfAward")
  })

  it("refuses an award its collector approved themselves: approval takes a second person", () => {
    const selfApproved = { ...award(0, "a-1", 20), by: "head-zhao", approvedBy: "head-zhao" }
    const refused = spec.given([]).when(selfApproved).thenFails("PointsRuleViolated")
    expect(refused.rule).toBe("selfApproval")
    expect(refused.detail).toBe("head-zhao collected the deposit and cannot approve it too")
  })

  it("redeems at the catalogue's price, drawing on the award that expires first", () => {
    spec
      .given([awarded(0, "a-old", 10), awarded(5, "a-new", 40)])
      .when(redeem(6, "r-1", "soap", 3))
      .then({
        _tag: "RewardRedeemed",
        ...stamp(6),
        redemptionId: "r-1",
        rewardId: "soap",
        quantity: 3,
        rewardName: "肥皂",
        unitCost: 5,
        points: 15,
        drawn: [
          { awardId: "a-old", points: 10 },
          { awardId: "a-new", points: 5 },
        ],
      })
  })

  it("never lets the balance go below zero", () => {
    const error = spec
      .given(awarded(0, "a-1", 20))
      .when(redeem(1, "r-1", "rice-5kg"))
      .thenFails("InsufficientPoints")
    expect(error).toEqual(new Points.InsufficientPoints({ residentId, balance: 20, requested: 30 }))
    spec
      .given([])
      .when(redeem(1, "r-1", "soap"))
      .thenFails("InsufficientPoints")
  })

  it("refuses rewards outside the catalogue, inherited object keys included, and a redemption twice", () => {
    expect(
      spec
        .given(awarded(0, "a-1", 20))
        .when(redeem(1, "r-1", "tv"))
        .thenFails("PointsRuleViolated").rule,
    ).toBe("unknownReward")
    expect(
      spec
        .given(awarded(0, "a-1", 20))
        .when(redeem(1, "r-1", "toString"))
        .thenFails("PointsRuleViolated").rule,
    ).toBe("unknownReward")
    const spent = redeemed(1, { quantity: 1, drawn: [{ awardId: "a-1", points: 5 }] })
    expect(
      spec
        .given([awarded(0, "a-1", 20), spent])
        .when(redeem(2, "r-1", "soap"))
        .thenFails("PointsRuleViolated").rule,
    ).toBe("duplicateRedemption")
  })

  it("expires what is left of an award at its end of validity — before any command at that time, and only once", () => {
    const sweep: Points.Command = { _tag: "ExpirePoints", ...stamp(365, "system:points-expiry") }
    const expired: Points.Event = {
      _tag: "PointsExpired",
      ...stamp(365, "system:points-expiry"),
      awardId: "a-1",
      points: 20,
    }
    spec
      .given(awarded(0, "a-1", 20))
      .when(sweep)
      .then(expired)
    spec
      .given([awarded(0, "a-1", 20), expired])
      .when({ ...sweep, at: T0 + 400 * DAY })
      .then([])
    spec
      .given(awarded(0, "a-1", 20))
      .when({ ...sweep, at: T0 + 364 * DAY })
      .then([])
    const late = redeem(365, "r-1", "soap")
    expect(
      spec
        .given(awarded(0, "a-1", 20))
        .when(late)
        .thenFails("InsufficientPoints").balance,
    ).toBe(0)
    spec
      .given(awarded(0, "a-1", 20))
      .when(award(365, "a-2", 5))
      .then([{ ...expired, by: "collector-wang" }, awarded(365, "a-2", 5)])
  })

  it("reverses a mistaken award: its remainder, then what was spent of it from other awards", () => {
    const spentSoap = redeemed(2, { quantity: 2, drawn: [{ awardId: "a-mistake", points: 10 }] })
    spec
      .given([awarded(0, "a-mistake", 15), awarded(1, "a-good", 30), spentSoap])
      .when(reverse(3, "a-mistake"))
      .then({
        _tag: "AwardReversed",
        ...stamp(3, "bank-president-liu"),
        awardId: "a-mistake",
        reason: "重复登记",
        points: 15,
        unrecovered: 0,
        drawn: [
          { awardId: "a-mistake", points: 5 },
          { awardId: "a-good", points: 10 },
        ],
      })
  })

  it("records what a reversal could not recover when the points were spent and the balance is short", () => {
    const spentAll = redeemed(2, { reward: RICE, quantity: 1, drawn: [{ awardId: "a-mistake", points: 30 }] })
    spec
      .given([awarded(0, "a-mistake", 30), spentAll, awarded(3, "a-small", 4)])
      .when(reverse(4, "a-mistake"))
      .thenState({
        residentId,
        balance: 0,
        pending: new Map(),
        lots: new Map([
          [
            "a-mistake",
            {
              awardId: "a-mistake",
              points: 30,
              remaining: 0,
              expired: 0,
              expiresAt: T0 + 365 * DAY,
              reversed: true,
            },
          ],
          [
            "a-small",
            {
              awardId: "a-small",
              points: 4,
              remaining: 0,
              expired: 0,
              expiresAt: T0 + 368 * DAY,
              reversed: false,
            },
          ],
        ]),
        redemptions: new Set(["r-1"]),
        lastAt: T0 + 4 * DAY,
      })
  })

  it("refuses to reverse an unknown award or one reversed already", () => {
    expect(spec.given([]).when(reverse(1, "a-1")).thenFails("PointsRuleViolated").rule).toBe("unknownAward")
    const reversed: Points.Event = {
      _tag: "AwardReversed",
      ...stamp(1),
      awardId: "a-1",
      reason: "重复登记",
      points: 20,
      unrecovered: 0,
      drawn: [{ awardId: "a-1", points: 20 }],
    }
    expect(
      spec
        .given([awarded(0, "a-1", 20), reversed])
        .when(reverse(2, "a-1"))
        .thenFails("PointsRuleViolated").rule,
    ).toBe("alreadyReversed")
  })

  it("refuses a command for another resident's ledger and one dated before the last event", () => {
    const other = { ...award(1, "a-2", 5), residentId: "resident-qian" }
    expect(
      spec
        .given(awarded(0, "a-1", 20))
        .when(other)
        .thenFails("PointsRuleViolated").rule,
    ).toBe("residentIdMismatch")
    expect(
      spec
        .given(awarded(2, "a-1", 20))
        .when(award(1, "a-2", 5))
        .thenFails("PointsRuleViolated").rule,
    ).toBe("clockWentBackwards")
  })
})
