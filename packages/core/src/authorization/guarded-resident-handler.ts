import { Effect } from "effect"
import { makeResidentHandler, type ResidentHandler } from "../resident/resident-handler.ts"
import type { EventDecodeError, StoreUnavailable } from "../store/errors.ts"
import type { HouseholdId, TerritoryId } from "../territory/vocabulary.ts"
import { actorIn } from "./actor.ts"
import { authorize } from "./authorize.ts"
import type { Forbidden } from "./forbidden.ts"
import { householdOf, residentTarget } from "./resident-rules.ts"
import { makeTerritoryView, type TerritoryGuardOptions } from "./territory-view.ts"

/** Besides `Forbidden`, reading the territory can fail as reading the resident can. */
export type GuardedResidentHandler = ResidentHandler<Forbidden | EventDecodeError | StoreUnavailable>

/** Options of the resident handler with authorization: which territory (district) a grid, area or household belongs to. */
export interface GuardedResidentHandlerOptions extends TerritoryGuardOptions {
  /** The territory (district) a household belongs to; `() => "kunqu"` when there is one. */
  readonly territoryOf: (householdId: HouseholdId) => TerritoryId
  readonly maxAttempts?: number
}

/**
 * The resident handler with authorization: before deciding, it loads the territory of the
 * resident's household, resolves the acting person's roles there (`context.actor`, which the
 * command's `by` must name) and asks `authorize` with {@link residentTarget}. A refusal is a
 * `Forbidden` and appends nothing. Sealing runs first, so a refused registration may leave a
 * key for the subject — never any data.
 */
export const makeGuardedResidentHandler = (
  options: GuardedResidentHandlerOptions,
): GuardedResidentHandler => {
  const view = options.territoryView ?? makeTerritoryView()
  return makeResidentHandler({
    authorize: (command, state, context) => {
      const householdId = householdOf(command, state)
      const territory = view(
        householdId === undefined ? undefined : options.territoryOf(householdId),
        context.readsSince,
      )
      return Effect.flatMap(territory, (t) =>
        Effect.fromResult(authorize(actorIn(t, context.actor), command, residentTarget(t, command, state))),
      )
    },
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  })
}
