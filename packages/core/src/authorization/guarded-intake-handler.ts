import { Effect } from "effect"
import { type IntakeHandler, makeIntakeHandler } from "../intake/intake-handler.ts"
import type { EventDecodeError, StoreUnavailable } from "../store/errors.ts"
import type { AreaId, TerritoryId } from "../territory/vocabulary.ts"
import { actorIn } from "./actor.ts"
import { authorize } from "./authorize.ts"
import type { Forbidden } from "./forbidden.ts"
import { intakeAreaOf, intakeTarget } from "./intake-rules.ts"
import { makeTerritoryView, type TerritoryGuardOptions } from "./territory-view.ts"

/** The intake handler with authorization: its refusals, plus `Forbidden` and what reading the territory can fail with. */
export type GuardedIntakeHandler = IntakeHandler<Forbidden | EventDecodeError | StoreUnavailable>

/** Options of the unplaced report handler with authorization: which territory (district) a grid, area or household belongs to. */
export interface GuardedIntakeHandlerOptions extends TerritoryGuardOptions {
  /** The territory (district) an area belongs to. */
  readonly territoryOf: (areaId: AreaId) => TerritoryId
  readonly maxAttempts?: number
}

/** The intake handler with authorization (`INTAKE_RULES`), over the area a report waits in. */
export const makeGuardedIntakeHandler = (options: GuardedIntakeHandlerOptions): GuardedIntakeHandler => {
  const view = options.territoryView ?? makeTerritoryView()
  return makeIntakeHandler({
    authorize: (command, state, context) => {
      const areaId = intakeAreaOf(command, state)
      const territory = view(
        areaId === undefined ? undefined : options.territoryOf(areaId),
        context.readsSince,
      )
      return Effect.flatMap(territory, (t) =>
        Effect.fromResult(authorize(actorIn(t, context.actor), command, intakeTarget(t, command, state))),
      )
    },
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  })
}
