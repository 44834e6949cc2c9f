import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Territory } from "../../src/index.ts"
import { cmd, sample, T0 } from "./fixture.ts"

const GRIDS = ["nanshan-g1", "nanshan-g2", "tianhong-g3-m2"] as const
const HOUSEHOLDS = ["h1", "h5", "h-new"] as const

const step = fc.record({
  householdId: fc.constantFrom(...HOUSEHOLDS),
  action: fc.constantFrom("place", "move", "remove"),
  areaId: fc.constantFrom(...GRIDS),
  /** Minutes after the previous step; 0 puts two changes at the same instant. */
  after: fc.nat(5),
})

describe("gridAt", () => {
  it("property: answers, for any moment, the area of the latest change at or before it", () => {
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 25 }),
        fc.array(fc.integer({ min: -1, max: 130 }), { minLength: 1, maxLength: 10 }),
        (steps, queries) => {
          let state: Territory.State = sample().state
          let at = T0
          // Every accepted change, as the naive timeline the binary search must agree with.
          const changes: Array<{ householdId: string; areaId: string | undefined; at: number }> = []
          for (const { householdId, action, areaId, after } of steps) {
            at += after * 60_000
            const command: Territory.Command =
              action === "place"
                ? cmd({ _tag: "PlaceHousehold", householdId, areaId }, at)
                : action === "move"
                  ? cmd({ _tag: "MoveHousehold", householdId, toAreaId: areaId }, at)
                  : cmd({ _tag: "RemoveHousehold", householdId }, at)
            const decided = Territory.decide(command, state)
            if (Result.isFailure(decided)) continue
            for (const event of decided.success) state = Territory.evolve(state, event)
            changes.push({ householdId, areaId: action === "remove" ? undefined : areaId, at })
          }
          if (!state.exists) throw new Error("no territory")
          const initial: Record<string, string | undefined> = {
            h1: "nanshan-g1",
            h5: "nanshan-g2",
            "h-new": undefined,
          }
          for (const householdId of HOUSEHOLDS) {
            for (const minutes of queries) {
              const moment = T0 + minutes * 60_000
              const latest = changes.filter((c) => c.householdId === householdId && c.at <= moment).at(-1)
              const expected =
                latest !== undefined ? latest.areaId : moment >= T0 ? initial[householdId] : undefined
              expect(Territory.gridAt(state, householdId, moment)).toBe(expected)
            }
          }
        },
      ),
    )
  })
})
