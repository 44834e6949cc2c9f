import { Effect } from "effect"
import { readAggregate } from "../handler/read-aggregate.ts"
import { makePointsHandler, type PointsHandler } from "../points/points-handler.ts"
import type { PointsPolicy } from "../points/policy.ts"
import { residentEventCodec, residentStreamId } from "../resident/codec.ts"
import { makeResidentDecider } from "../resident/decide.ts"
import type { EventDecodeError, StoreUnavailable } from "../store/errors.ts"
import type { HouseholdId, TerritoryId } from "../territory/vocabulary.ts"
import { actorIn, approverIn } from "./actor.ts"
import { authorize } from "./authorize.ts"
import type { Forbidden } from "./forbidden.ts"
import { pointsTarget } from "./points-rules.ts"
import { makeTerritoryView, type TerritoryGuardOptions } from "./territory-view.ts"

/** Besides `Forbidden`, reading the resident and the territory can fail as any read can. */
export type GuardedPointsHandler = PointsHandler<Forbidden | EventDecodeError | StoreUnavailable>

/** Options of the points ledger handler with authorization: which territory (district) a grid, area or household belongs to. */
export interface GuardedPointsHandlerOptions extends TerritoryGuardOptions {
  /** The territory (district) a household belongs to; `() => "kunqu"` when there is one. */
  readonly territoryOf: (householdId: HouseholdId) => TerritoryId
  readonly maxAttempts?: number
}

const loadResident = readAggregate(makeResidentDecider(), residentEventCodec)

/**
 * The points handler with authorization. A ledger is placed where its resident lives, so the
 * guard reads the resident's household, then that household's territory, and asks
 * `authorize` with {@link pointsTarget}. Points for a resident the register does not know are
 * placed nowhere, and refused. An award's approver (审批人, `approvedBy`) is resolved in the same
 * territory, so an award approved by someone who is not the president of the resident's
 * community (行长) is refused too.
 */
export const makeGuardedPointsHandler = (
  policy: PointsPolicy,
  options: GuardedPointsHandlerOptions,
): GuardedPointsHandler => {
  const view = options.territoryView ?? makeTerritoryView()
  return makePointsHandler(policy, {
    authorize: (command, _ledger, context) =>
      Effect.gen(function* () {
        const resident = (yield* loadResident(residentStreamId(command.residentId))).state
        const territory = yield* view(
          resident.exists ? options.territoryOf(resident.householdId) : undefined,
          context.readsSince,
        )
        const target = pointsTarget(territory, resident)
        const actor = actorIn(territory, context.actor)
        return yield* Effect.fromResult(authorize(actor, command, target, approverIn(territory, command)))
      }),
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  })
}
