import { Effect } from "effect"
import { caseEventCodec, caseStreamId } from "../case/codec.ts"
import type { CaseCommand } from "../case/commands.ts"
import { type CaseDeciderConfig, makeCaseDecider } from "../case/decide.ts"
import type { CaseError } from "../case/errors.ts"
import type { CaseEvent } from "../case/events.ts"
import type { CaseState } from "../case/state.ts"
import { type CommandHandler, makeCommandHandler } from "../handler/command-handler.ts"
import { readAggregate } from "../handler/read-aggregate.ts"
import type { EventDecodeError, StoreUnavailable } from "../store/errors.ts"
import { territoryEventCodec, territoryStreamId } from "../territory/codec.ts"
import { territoryDecider } from "../territory/decide.ts"
import { initialTerritoryState } from "../territory/state.ts"
import type { TerritoryId } from "../territory/vocabulary.ts"
import { actorIn } from "./actor.ts"
import { authorize } from "./authorize.ts"
import { caseTarget } from "./case-rules.ts"
import type { Forbidden } from "./forbidden.ts"

/** Besides `Forbidden`, reading the territory can fail as reading the case can. */
export type GuardedCaseHandler = CommandHandler<
  CaseCommand,
  CaseEvent,
  CaseState,
  CaseError | Forbidden | EventDecodeError | StoreUnavailable
>

export interface GuardedCaseHandlerOptions {
  /** The territory (district) a case's grid belongs to; `() => "kunqu"` when there is one. */
  readonly territoryOf: (gridId: string) => TerritoryId
  readonly maxAttempts?: number
}

const loadTerritory = readAggregate(territoryDecider, territoryEventCodec)

/** The grid a command's case lies in: the case's own, or the one a new report names. */
const gridOf = (command: CaseCommand, state: CaseState): string | undefined =>
  state.exists ? state.location.gridId : "location" in command ? command.location.gridId : undefined

/**
 * The case handler with authorization: before deciding, it loads the territory of the case's
 * grid, resolves the acting person's roles there (`context.actor`, which the command's `by`
 * must name) and asks `authorize`. A refusal is a `Forbidden` and appends nothing.
 *
 * The deadline process is a trusted system actor and keeps using the plain `makeCaseHandler`.
 */
export const makeGuardedCaseHandler = (
  config: CaseDeciderConfig,
  options: GuardedCaseHandlerOptions,
): GuardedCaseHandler =>
  makeCommandHandler({
    decider: makeCaseDecider(config),
    codec: caseEventCodec,
    streamIdOf: (command: CaseCommand) => caseStreamId(command.caseId),
    authorize: (command, state, context) => {
      const gridId = gridOf(command, state)
      const territory =
        gridId === undefined
          ? Effect.succeed(initialTerritoryState)
          : Effect.map(
              loadTerritory(territoryStreamId(options.territoryOf(gridId))),
              (loaded) => loaded.state,
            )
      return Effect.flatMap(territory, (t) =>
        Effect.fromResult(authorize(actorIn(t, context.actor), command, caseTarget(t, command, state))),
      )
    },
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  })
