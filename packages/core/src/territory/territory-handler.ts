import { type CommandHandler, makeCommandHandler } from "../handler/command-handler.ts"
import { type CommandDecoder, commandDecoder } from "../handler/invalid-command.ts"
import { territoryEventCodec, territoryStreamId } from "./codec.ts"
import { TerritoryCommand } from "./commands.ts"
import { makeTerritoryDecider } from "./decide.ts"
import type { TerritoryError } from "./errors.ts"
import type { TerritoryEvent } from "./events.ts"
import type { TerritoryState } from "./state.ts"

/** The territory command handler: one stream per district (`territory-<districtId>`). */
export type TerritoryHandler = CommandHandler<
  TerritoryCommand,
  TerritoryEvent,
  TerritoryState,
  TerritoryError
>

/**
 * The command handler for territories, without authorization: for setting a territory up (its
 * district and first dispatcher exist before anyone could be authorized) and for trusted
 * imports. Day-to-day use goes through `makeGuardedTerritoryHandler`.
 */
export const makeTerritoryHandler = (options?: { readonly maxAttempts?: number }): TerritoryHandler =>
  makeCommandHandler({
    decider: makeTerritoryDecider(),
    codec: territoryEventCodec,
    streamIdOf: (command: TerritoryCommand) => territoryStreamId(command.territoryId),
    ...(options?.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  })

/** Validates untrusted input as a territory command (`InvalidCommand` on failure). */
export const decodeTerritoryCommand: CommandDecoder<TerritoryCommand> = commandDecoder(TerritoryCommand)
