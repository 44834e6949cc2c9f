import { Effect } from "effect"
import { caseEventCodec, caseStreamId } from "../case/codec.ts"
import type { CaseCommand } from "../case/commands.ts"
import { type CaseDeciderConfig, makeCaseDecider } from "../case/decide.ts"
import type { CaseError } from "../case/errors.ts"
import type { CaseEvent } from "../case/events.ts"
import type { CaseState } from "../case/state.ts"
import { type CommandHandler, makeCommandHandler } from "../handler/command-handler.ts"
import type { EventDecodeError, StoreUnavailable } from "../store/errors.ts"
import type { TerritoryId } from "../territory/vocabulary.ts"
import { actorIn } from "./actor.ts"
import { authorize } from "./authorize.ts"
import { caseTarget } from "./case-rules.ts"
import type { Forbidden } from "./forbidden.ts"
import { makeTerritoryView, type TerritoryGuardOptions } from "./territory-view.ts"

/** Besides `Forbidden`, reading the territory can fail as reading the case can. */
export type GuardedCaseHandler = CommandHandler<
  CaseCommand,
  CaseEvent,
  CaseState,
  CaseError | Forbidden | EventDecodeError | StoreUnavailable
>

/** Options of the case handler with authorization: which territory a case's grid belongs to. */
export interface GuardedCaseHandlerOptions extends TerritoryGuardOptions {
  /** The territory (district) a case's grid belongs to; `() => "kunqu"` when there is one. */
  readonly territoryOf: (gridId: string) => TerritoryId
  readonly maxAttempts?: number
}

/** The grid a command's case lies in: the case's own, or the one a new report names. */
const gridOf = (command: CaseCommand, state: CaseState): string | undefined =>
  state.exists ? state.location.gridId : "location" in command ? command.location.gridId : undefined

/**
 * The case handler with authorization: before deciding, it loads the territory of the case's
 * grid, resolves the acting person's roles there (`context.actor`, which the command's `by`
 * must name) and asks `authorize`. A refusal is a `Forbidden` and appends nothing. The
 * territory comes from the handler's own territory view (`makeTerritoryView`), which reads only
 * the events appended since the handler's last command.
 *
 * The deadline process is a trusted system actor and keeps using the plain `makeCaseHandler`.
 */
export const makeGuardedCaseHandler = (
  config: CaseDeciderConfig,
  options: GuardedCaseHandlerOptions,
): GuardedCaseHandler => {
  const view = options.territoryView ?? makeTerritoryView()
  return makeCommandHandler({
    decider: makeCaseDecider(config),
    codec: caseEventCodec,
    streamIdOf: (command: CaseCommand) => caseStreamId(command.caseId),
    authorize: (command, state, context) => {
      const gridId = gridOf(command, state)
      const territory = view(
        gridId === undefined ? undefined : options.territoryOf(gridId),
        context.readsSince,
      )
      return Effect.flatMap(territory, (t) =>
        Effect.fromResult(authorize(actorIn(t, context.actor), command, caseTarget(t, command, state))),
      )
    },
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  })
}
