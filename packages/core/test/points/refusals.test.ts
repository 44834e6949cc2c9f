import { describe, expect, it } from "vitest"
import { Points } from "../../src/index.ts"
import { DeciderSpecification } from "../../src/testing/index.ts"
import {
  award,
  awardBasis,
  awarded as awardedFor,
  redeem,
  redeemed,
  residentId,
  reverse,
  stamp,
} from "./ledger-fixture.ts"

/**
 * What a refused ledger command says. The refusal reaches the bank's clerk (the community service
 * centre's counter, an API answer), so besides its rule each names what it is about: the award,
 * the redemption, the reward, the ledger — and its message carries the command, the resident, the
 * rule and that detail. Found by `pnpm mutate points` (docs/mutation.md): the tests checked every
 * refusal's rule and none of its words.
 */
const spec = DeciderSpecification.for(
  Points.makeDecider({ catalogue: { soap: { name: "肥皂", cost: 5 } }, validForDays: 365 }),
)
/** Awards under this policy are valid for a year (validForDays). */
const awarded = (days: number, awardId: string) => awardedFor(days, awardId, 20, 365)

const requestAward = (by: string): Points.Command => ({
  _tag: "RequestAward",
  ...stamp(0, by),
  awardId: "a-7",
  ...awardBasis,
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
      refusal([{ _tag: "AwardRequested", ...stamp(0), awardId: "a-7", ...awardBasis }], {
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
      .then({ _tag: "AwardRequested", ...stamp(0), awardId: "a-7", ...awardBasis })
  })

  it("names the award, the redemption or the reward it refuses", () => {
    const spent = redeemed(1, { redemptionId: "r-9", quantity: 1, drawn: [{ awardId: "a-7", points: 5 }] })
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
      [[awarded(0, "a-7"), spent], redeem(2, "r-9", "soap"), "duplicateRedemption", "r-9"],
      [[awarded(0, "a-7")], redeem(1, "r-1", "television"), "unknownReward", "television"],
      [[awarded(0, "a-7")], reverse(2, "a-8"), "unknownAward", "a-8"],
      [[awarded(0, "a-7"), reversed], reverse(2, "a-7"), "alreadyReversed", "a-7"],
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
      .when(redeem(1, "r-1", "soap", 5))
      .thenFails("InsufficientPoints")
    expect(short).toMatchObject({ residentId, balance: 20, requested: 25 })
    expect(short.message).toMatch(new RegExp(`${residentId}.*\\b20 points.*\\b25 requested`))
  })
})
