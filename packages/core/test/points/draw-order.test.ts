import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Points } from "../../src/index.ts"
import { awarded, redeem, redeemed, reverse } from "./ledger-fixture.ts"

/**
 * Which awards a redemption or a reversal spends: the soonest-expiring first, never-expiring last,
 * award order among equals, so a resident loses as little as possible to expiry. Each award's
 * expiry is fixed when it is awarded, so a ledger can hold awards of different validities (the
 * street office changed the policy, or an award came under a policy without one): awards then
 * enter the ledger out of expiry order. Found by `pnpm mutate points` (docs/mutation.md): while
 * every test award had the same validity, award order was expiry order and the sort went unseen.
 */
const policy: Points.Policy = { catalogue: { soap: { name: "肥皂", cost: 1 } } }
const decider = Points.makeDecider(policy)
const SOAP = { id: "soap", name: "肥皂", unitCost: 1 }

const ledgerOf = (events: ReadonlyArray<Points.Event>) => events.reduce(Points.evolve, Points.initialState)

/** The draws of the one event the command decided. */
const drawsOf = (command: Points.Command, events: ReadonlyArray<Points.Event>) => {
  const decision = decider.decide(command, ledgerOf(events))
  if (Result.isFailure(decision)) throw decision.failure
  const [only] = decision.success
  if (only === undefined || !("drawn" in only))
    throw new Error(`no draws in ${JSON.stringify(decision.success)}`)
  return only.drawn
}

/** One piece of soap a point: the quantity is the points drawn. */
const redeemSoap = (day: number, quantity: number) => redeem(day, "r-1", "soap", quantity)

describe("awards of different validities", () => {
  // Awarded forever, then for a year, then for a month: expiry order is the reverse of award order.
  const history = [awarded(0, "a-forever", 10), awarded(1, "a-year", 10, 365), awarded(2, "a-month", 10, 30)]

  it("a redemption spends the award expiring first, the never-expiring one last", () => {
    expect(drawsOf(redeemSoap(3, 25), history)).toEqual([
      { awardId: "a-month", points: 10 },
      { awardId: "a-year", points: 10 },
      { awardId: "a-forever", points: 5 },
    ])
  })

  it("an award spent already is passed over, not drawn for nothing", () => {
    const spentMonth = redeemed(3, {
      redemptionId: "r-0",
      reward: SOAP,
      quantity: 10,
      drawn: [{ awardId: "a-month", points: 10 }],
    })
    expect(drawsOf(redeemSoap(4, 5), [...history, spentMonth])).toEqual([{ awardId: "a-year", points: 5 }])
  })

  it("a reversal recovers what was spent of the mistaken award from the others, soonest-expiring first", () => {
    const spentMistake = redeemed(3, {
      redemptionId: "r-0",
      reward: SOAP,
      quantity: 15,
      drawn: [{ awardId: "a-mistake", points: 15 }],
    })
    const reversal = reverse(4, "a-mistake")
    expect(drawsOf(reversal, [...history, awarded(2, "a-mistake", 20, 10), spentMistake])).toEqual([
      { awardId: "a-mistake", points: 5 },
      { awardId: "a-month", points: 10 },
      { awardId: "a-year", points: 5 },
    ])
  })

  it("property: no award is drawn while one expiring sooner, or as soon and awarded earlier, keeps points", () => {
    const lot = fc.record({
      points: fc.integer({ min: 1, max: 50 }),
      validForDays: fc.option(fc.integer({ min: 10, max: 40 }), { nil: undefined }),
    })
    fc.assert(
      fc.property(
        fc.array(lot, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 1000 }),
        (lots, permille) => {
          const history = lots.map((one, day) => awarded(day, `a-${day}`, one.points, one.validForDays))
          const balance = lots.reduce((sum, one) => sum + one.points, 0)
          const amount = Math.ceil((balance * permille) / 1000)
          const drawn = drawsOf(redeemSoap(lots.length, amount), history)
          const taken = new Map(drawn.map((draw) => [draw.awardId, draw.points]))
          expect([...taken.values()].reduce((sum, points) => sum + points, 0)).toBe(amount)
          /** Day of expiry, never-expiring ones after every other. */
          const end = (day: number) => day + (lots[day]?.validForDays ?? Number.POSITIVE_INFINITY)
          const spendsFirst = (a: number, b: number) => end(a) < end(b) || (end(a) === end(b) && a < b)
          for (const [before] of lots.entries()) {
            for (const [after] of lots.entries()) {
              if (spendsFirst(before, after) && taken.has(`a-${after}`)) {
                expect(taken.get(`a-${before}`), `a-${before} spent before a-${after}`).toBe(
                  lots[before]?.points,
                )
              }
            }
          }
        },
      ),
    )
  })
})
