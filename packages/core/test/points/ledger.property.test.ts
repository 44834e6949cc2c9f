import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Points } from "../../src/index.ts"
import { arbitraryPointsCommands, arbitraryPointsPolicy } from "../../src/testing/arbitraries/index.ts"

const T0 = Date.UTC(2026, 0, 5, 1, 0)

/** Points in minus points out, summed from the events alone. */
const netOf = (events: ReadonlyArray<Points.Event>): number =>
  events.reduce((net, event) => {
    switch (event._tag) {
      case "PointsAwarded":
        return net + event.points
      case "AwardRequested":
      case "AwardDeclined":
        return net
      default:
        return net - event.points
    }
  }, 0)

const checkLedger = (ledger: Points.State, history: ReadonlyArray<Points.Event>) => {
  expect(ledger.balance).toBeGreaterThanOrEqual(0)
  let remaining = 0
  for (const lot of ledger.lots.values()) {
    expect(lot.remaining).toBeGreaterThanOrEqual(0)
    expect(lot.remaining + lot.expired).toBeLessThanOrEqual(lot.points)
    if (lot.reversed) expect(lot.remaining).toBe(0)
    remaining += lot.remaining
  }
  expect(ledger.balance).toBe(remaining)
  expect(ledger.balance).toBe(netOf(history))
}

describe("points ledger invariants", () => {
  it("property: whatever the awards, redemptions, expiries and reversals, the balance is never negative and adds up, and every award took two people besides the resident", () => {
    fc.assert(
      fc.property(arbitraryPointsPolicy, arbitraryPointsCommands("resident-1", T0), (policy, commands) => {
        const decider = Points.makeDecider(policy)
        let ledger = decider.initialState
        const history: Array<Points.Event> = []
        for (const command of commands) {
          const decision = decider.decide(command, ledger)
          if (Result.isFailure(decision)) continue
          for (const event of decision.success) {
            ledger = decider.evolve(ledger, event)
            history.push(event)
          }
          checkLedger(ledger, history)
          // Every stored award was collected and approved by two people, neither of them the resident.
          for (const event of decision.success) {
            if (event._tag !== "PointsAwarded") continue
            expect(new Set([event.residentId, event.by, event.approvedBy]).size).toBe(3)
          }
          // Nothing past its validity is left spendable after a command at that time.
          for (const lot of ledger.lots.values()) {
            if (lot.expiresAt !== undefined && lot.expiresAt <= command.at) expect(lot.remaining).toBe(0)
          }
        }
      }),
      { numRuns: 300 },
    )
  })

  it("property: a refused redemption is refused because the balance is short, or for a rule — never silently capped", () => {
    fc.assert(
      fc.property(arbitraryPointsPolicy, arbitraryPointsCommands("resident-1", T0), (policy, commands) => {
        const decider = Points.makeDecider(policy)
        let ledger = decider.initialState
        for (const command of commands) {
          const decision = decider.decide(command, ledger)
          if (Result.isSuccess(decision)) {
            for (const event of decision.success) {
              ledger = decider.evolve(ledger, event)
              if (event._tag === "RewardRedeemed") {
                expect(event.points).toBe(event.unitCost * event.quantity)
                expect(event.drawn.reduce((sum, draw) => sum + draw.points, 0)).toBe(event.points)
              }
            }
          } else if (decision.failure._tag === "InsufficientPoints") {
            expect(decision.failure.requested).toBeGreaterThan(decision.failure.balance)
          }
        }
      }),
      { numRuns: 200 },
    )
  })
})
