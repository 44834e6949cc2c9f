import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { Points } from "../../src/index.ts"
import { runCommands } from "../../src/testing/index.ts"
import { award, redeem, reverse } from "./ledger-fixture.ts"

/**
 * 冲正 of an award that was partly spent and partly expired: only what was spent of it is taken
 * back from the other awards — what expired is gone already, and what is left of it is nothing.
 * Found by `pnpm mutate points` (docs/mutation.md): no test reversed such an award.
 */
const policy: Points.Policy = { catalogue: { soap: { name: "肥皂", cost: 5 } }, validForDays: 365 }

describe("reversing an award that was partly spent and partly expired", () => {
  it("takes back from other awards only what was spent of it, and draws nothing from itself", () => {
    const steps = runCommands(Points.makeDecider(policy), [
      award(0, "a-mistake", 20),
      redeem(10, "r-1", "soap"),
      award(300, "a-good", 50),
      // a-mistake's other 15 points expire on day 365, before the reversal is decided.
      reverse(366, "a-mistake"),
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
