import { describe, expect, it } from "vitest"
import { Points } from "../../src/index.ts"

/**
 * `evolve` is total, like every evolve: a stored history is replayed as it is, so an event that
 * names an award the ledger does not hold (a history cut short, an import from the old paper
 * ledger) still folds, and changes no other award. The decider never writes such an event, so
 * only a hand-made history shows it. Found by `pnpm mutate points` (docs/mutation.md).
 */
const T0 = Date.UTC(2026, 2, 2, 1, 0)
const base = { residentId: "resident-zhao", by: "collector-wang" }
const awarded: Points.Event = {
  _tag: "PointsAwarded",
  ...base,
  at: T0,
  awardId: "a-1",
  points: 20,
  act: "volunteering",
  reason: "志愿服务",
  approvedBy: "bank-president-liu",
}

describe("folding events that name an award the ledger does not hold", () => {
  it("keeps the awards it holds as they were, whatever the event", () => {
    const ledger = Points.evolve(Points.initialState, awarded)
    const strays: ReadonlyArray<Points.Event> = [
      { _tag: "PointsExpired", ...base, at: T0 + 1, awardId: "a-unknown", points: 5 },
      {
        _tag: "RewardRedeemed",
        ...base,
        at: T0 + 1,
        redemptionId: "r-1",
        rewardId: "soap",
        rewardName: "肥皂",
        unitCost: 5,
        quantity: 1,
        points: 5,
        drawn: [{ awardId: "a-unknown", points: 5 }],
      },
      {
        _tag: "AwardReversed",
        ...base,
        at: T0 + 1,
        awardId: "a-unknown",
        reason: "重复登记",
        points: 0,
        unrecovered: 0,
        drawn: [],
      },
      { _tag: "AwardDeclined", ...base, at: T0 + 1, awardId: "a-unknown", reason: "证明不足" },
    ]
    for (const stray of strays) {
      const folded = Points.evolve(ledger, stray)
      expect(folded.lots).toEqual(ledger.lots)
      expect(folded.pending).toEqual(ledger.pending)
      expect(folded.lastAt).toBe(T0 + 1)
    }
  })
})
