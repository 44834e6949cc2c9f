import { Points, Resident } from "@gridcase/core"
import { acceptedEvents, runCommands } from "@gridcase/core/testing"
import {
  arbitraryCareHistory,
  arbitraryPointsCommands,
  arbitraryPointsPolicy,
  arbitraryTerritory,
  type GeneratedTerritory,
} from "@gridcase/core/testing/arbitraries"
import { Result } from "effect"
import fc from "fast-check"
import type { StorableEvent } from "./domain-events.ts"
import { FEB_2, interleaved, pointsStorable, residentStorable } from "./residents.ts"

/** A household no territory places: its residents count city-wide only. */
export const UNPLACED_HOUSEHOLD = "h-unplaced"

/** Residents' and ledgers' events over a generated territory, as a store would hold them. */
export interface ResidentWorld {
  readonly territory: GeneratedTerritory
  readonly residents: ReadonlyArray<Resident.Event>
  readonly ledgers: ReadonlyArray<Points.Event>
  /** Both, interleaved by time. */
  readonly events: ReadonlyArray<StorableEvent>
  /** Every resident id the events name, plus one they never do. */
  readonly residentIds: ReadonlyArray<string>
}

const RESIDENT_IDS = ["r1", "r2", "r3", "r4", "r5"] as const

/** Puts a generated care history in `householdId` (core's generator uses one household for all). */
const livingIn =
  (householdId: string) =>
  (event: Resident.Event): Resident.Event =>
    event._tag === "ResidentRegistered" || event._tag === "ResidentVisited"
      ? { ...event, householdId }
      : event

/** The move at the end of a history, when the decider accepts it. */
const movedAtEnd = (history: ReadonlyArray<Resident.Event>, to: string | undefined) => {
  const last = history.at(-1)
  if (to === undefined || last === undefined) return history
  const state = history.reduce<Resident.State>(
    Resident.makeDecider().evolve,
    Resident.makeDecider().initialState,
  )
  const decision = Resident.makeDecider().decide(
    {
      _tag: "MoveResident",
      residentId: last.residentId,
      at: last.at + 60_000,
      by: "grid-worker-li",
      householdId: to,
    },
    state,
  )
  return Result.isSuccess(decision) ? [...history, ...decision.success] : history
}

/**
 * A generated territory, a few residents living in its households (or in one it does not
 * place), each with a care history (tags, care plans, visits, now and then a move to another
 * household) and a points ledger (awards, redemptions, expiries, reversals), plus a ledger
 * whose resident was never registered.
 */
export const arbitraryResidentWorld: fc.Arbitrary<ResidentWorld> = arbitraryTerritory.chain((territory) => {
  const households = [...territory.households.map((household) => household.householdId), UNPLACED_HOUSEHOLD]
  const resident = (residentId: string) =>
    fc.record({
      care: arbitraryCareHistory(residentId, FEB_2),
      householdId: fc.constantFrom(...households),
      movesTo: fc.option(fc.constantFrom(...households), { nil: undefined }),
      ledger: fc.option(arbitraryPointsCommands(residentId, FEB_2), { nil: undefined }),
    })
  return fc
    .record({
      policy: arbitraryPointsPolicy,
      residents: fc
        .subarray([...RESIDENT_IDS], { minLength: 1 })
        .chain((ids) => fc.tuple(...ids.map(resident))),
      unregistered: arbitraryPointsCommands("r-unregistered", FEB_2),
    })
    .map(({ policy, residents, unregistered }) => {
      const decider = Points.makeDecider(policy)
      const residentEvents = residents.flatMap(({ care, householdId, movesTo }) =>
        movedAtEnd(care.map(livingIn(householdId)), movesTo),
      )
      const ledgers = [...residents.map(({ ledger }) => ledger ?? []), unregistered].flatMap((commands) =>
        acceptedEvents(runCommands(decider, commands)),
      )
      return {
        territory,
        residents: residentEvents,
        ledgers,
        events: interleaved(residentStorable(residentEvents), pointsStorable(ledgers)),
        residentIds: [...RESIDENT_IDS, "r-unregistered", "r-nobody"],
      }
    })
})
