import { Effect } from "effect"
import { readAggregate } from "../handler/read-aggregate.ts"
import { makePointsHandler, type PointsHandler } from "../points/points-handler.ts"
import type { PointsPolicy } from "../points/policy.ts"
import { residentEventCodec, residentStreamId } from "../resident/codec.ts"
import { residentDecider } from "../resident/decide.ts"
import type { EventDecodeError, StoreUnavailable } from "../store/errors.ts"
import type { HouseholdId, TerritoryId } from "../territory/vocabulary.ts"
import { actorIn } from "./actor.ts"
import { authorize } from "./authorize.ts"
import type { Forbidden } from "./forbidden.ts"
import { pointsTarget } from "./points-rules.ts"
import { makeTerritoryView } from "./territory-view.ts"

/** Besides `Forbidden`, reading the resident and the territory can fail as any read can. */
export type GuardedPointsHandler = PointsHandler<Forbidden | EventDecodeError | StoreUnavailable>

export interface GuardedPointsHandlerOptions {
  /** The territory (district) a household belongs to; `() => "kunqu"` when there is one. */
  readonly territoryOf: (householdId: HouseholdId) => TerritoryId
  readonly maxAttempts?: number
}

const loadResident = readAggregate(residentDecider, residentEventCodec)

/**
 * The points handler with authorization. A ledger is placed where its resident lives, so the
 * guard reads the resident's household, then that household's territory, and asks
 * `authorize` with {@link pointsTarget}. Points for a resident the register does not know are
 * placed nowhere, and refused.
 */
export const makeGuardedPointsHandler = (
  policy: PointsPolicy,
  options: GuardedPointsHandlerOptions,
): GuardedPointsHandler => {
  const view = makeTerritoryView()
  return makePointsHandler(policy, {
    authorize: (command, _ledger, context) =>
      Effect.gen(function* () {
        const resident = (yield* loadResident(residentStreamId(command.residentId))).state
        const territory = yield* view(resident.exists ? options.territoryOf(resident.householdId) : undefined)
        const target = pointsTarget(territory, resident)
        return yield* Effect.fromResult(authorize(actorIn(territory, context.actor), command, target))
      }),
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  })
}
