import { Points, Resident } from "@gridcase/core"
import { generatedAncestry } from "@gridcase/core/testing/arbitraries"
import { Effect } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { PointsBalances, Residents } from "../../src/index.ts"
import { projectStorable, provideReadModels } from "../support/cases.ts"
import { arbitraryResidentWorld, type ResidentWorld } from "../support/resident-history.ts"
import { DAY, FEB_2, territoryFrom } from "../support/residents.ts"

// The naive versions: fold each resident's and each ledger's whole history with core's evolve,
// place households with the generator's own lists, then filter, sort and rank by hand.

const byResident = <E extends { readonly residentId: string }, S>(
  events: ReadonlyArray<E>,
  evolve: (state: S, event: E) => S,
  initial: S,
): ReadonlyMap<string, S> => {
  const states = new Map<string, S>()
  for (const event of events)
    states.set(event.residentId, evolve(states.get(event.residentId) ?? initial, event))
  return states
}

const sortedIds = (ids: Iterable<string>) => [...ids].sort()

/** Whether the resident's household sits, in the generated territory, in `areaId` or under it. */
const livesWithin = (world: ResidentWorld, resident: Resident.RegisteredResident, areaId: string) => {
  const placed = world.territory.households.find(
    (household) => household.householdId === resident.householdId,
  )
  return placed !== undefined && generatedAncestry(world.territory, placed.areaId).includes(areaId)
}

const naiveLeaderboard = (
  ledgers: ReadonlyArray<readonly [string, Points.State]>,
  limit: number | undefined,
) => {
  const lines = ledgers
    .map(([residentId, ledger]) => ({
      rank: 1 + ledgers.filter(([, other]) => other.balance > ledger.balance).length,
      residentId,
      balance: ledger.balance,
    }))
    .sort((a, b) => b.balance - a.balance || (a.residentId < b.residentId ? -1 : 1))
  return limit === undefined ? lines : lines.slice(0, limit)
}

/** A world, a compliance window within a year or so of its start, and a leaderboard length. */
const arbitraryCase = fc.record({
  world: arbitraryResidentWorld,
  from: fc.integer({ min: FEB_2 - 40 * DAY, max: FEB_2 + 400 * DAY }),
  days: fc.integer({ min: 0, max: 500 }),
  limit: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
})

describe("resident read models equal a naive recomputation from the full history", () => {
  it("care-visit compliance, points balances and leaderboards, city-wide and in every area", () =>
    fc.assert(
      fc.asyncProperty(arbitraryCase, async ({ world, from, days, limit }) => {
        const window = { from, to: from + days * DAY }
        const readModels = await projectStorable(world.events, [
          Residents.projection,
          PointsBalances.projection,
        ])
        const residents = byResident<(typeof world.residents)[number], Resident.State>(
          world.residents,
          Resident.evolve,
          Resident.initialState,
        )
        const ledgers = byResident(world.ledgers, Points.evolve, Points.initialState)
        const territory = territoryFrom(world.territory.events)
        const registered = sortedIds(residents.keys()).flatMap((id) => {
          const state = residents.get(id)
          return state?.exists === true ? [state] : []
        })
        const complianceOf = (states: ReadonlyArray<Resident.RegisteredResident>): Resident.CareCompliance =>
          Resident.careVisitCompliance(states, window)

        await Effect.runPromise(
          provideReadModels(readModels)(
            Effect.gen(function* () {
              for (const id of world.residentIds) {
                const state = residents.get(id)
                expect(yield* Residents.careComplianceOf(id, window)).toEqual(
                  complianceOf(state?.exists === true ? [state] : []),
                )
                expect(yield* PointsBalances.balanceOf(id)).toEqual({
                  residentId: id,
                  balance: ledgers.get(id)?.balance ?? 0,
                })
              }
              expect(yield* Residents.careCompliance(window)).toEqual(complianceOf(registered))
              const everyLedger = sortedIds(ledgers.keys()).map((id) => [id, ledgers.get(id)!] as const)
              expect(yield* PointsBalances.leaderboard(limit === undefined ? {} : { limit })).toEqual(
                naiveLeaderboard(everyLedger, limit),
              )
              for (const { areaId } of world.territory.areas) {
                const within = { territory, areaId }
                const inArea = registered.filter((resident) => livesWithin(world, resident, areaId))
                expect(yield* Residents.careCompliance(window, within)).toEqual(complianceOf(inArea))
                const areaLedgers = everyLedger.filter(([id]) =>
                  inArea.some((resident) => resident.residentId === id),
                )
                expect(
                  yield* PointsBalances.leaderboard(limit === undefined ? { within } : { within, limit }),
                ).toEqual(naiveLeaderboard(areaLedgers, limit))
              }
            }),
          ),
        )
      }),
      { numRuns: 60 },
    ))
})
