import { Effect } from "effect"
import { type CommandHandler, makeCommandHandler } from "../handler/command-handler.ts"
import { territoryEventCodec, territoryStreamId } from "../territory/codec.ts"
import type { TerritoryCommand } from "../territory/commands.ts"
import { makeTerritoryDecider } from "../territory/decide.ts"
import type { TerritoryError } from "../territory/errors.ts"
import type { TerritoryEvent } from "../territory/events.ts"
import type { TerritoryState } from "../territory/state.ts"
import { actorIn } from "./actor.ts"
import { authorize } from "./authorize.ts"
import type { Forbidden } from "./forbidden.ts"
import { territoryTarget } from "./territory-rules.ts"

/** The territory handler with authorization: its refusals, plus `Forbidden` and what reading the territory can fail with. */
export type GuardedTerritoryHandler = CommandHandler<
  TerritoryCommand,
  TerritoryEvent,
  TerritoryState,
  TerritoryError | Forbidden
>

/**
 * The territory handler with authorization: the territory it loads is also the one that says
 * who holds which role, so the check needs no second read. The acting person is
 * `context.actor` (who the caller authenticated); the command's `by` must name them.
 */
export const makeGuardedTerritoryHandler = (options?: {
  readonly maxAttempts?: number
}): GuardedTerritoryHandler =>
  makeCommandHandler({
    decider: makeTerritoryDecider(),
    codec: territoryEventCodec,
    streamIdOf: (command: TerritoryCommand) => territoryStreamId(command.territoryId),
    authorize: (command, territory, context) =>
      Effect.fromResult(
        authorize(actorIn(territory, context.actor), command, territoryTarget(territory, command)),
      ),
    ...(options?.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  })
