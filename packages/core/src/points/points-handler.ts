import type { Effect } from "effect"
import type { CommandContext } from "../handler/command-context.ts"
import {
  type CommandHandler,
  type CommandHandlerServices,
  makeCommandHandler,
} from "../handler/command-handler.ts"
import { type CommandDecoder, commandDecoder } from "../handler/invalid-command.ts"
import { pointsEventCodec, pointsStreamId } from "./codec.ts"
import { PointsCommand } from "./commands.ts"
import { makePointsDecider } from "./decide.ts"
import type { PointsError } from "./errors.ts"
import type { PointsEvent } from "./events.ts"
import type { PointsPolicy } from "./policy.ts"
import type { PointsLedger } from "./state.ts"

/** The points ledger command handler: one stream per ledger. */
export type PointsHandler<AuthErr = never> = CommandHandler<
  PointsCommand,
  PointsEvent,
  PointsLedger,
  PointsError | AuthErr
>

/** How to build the points ledger handler: retries, and authorization run on the loaded ledger before deciding. */
export interface PointsHandlerOptions<AuthErr> {
  readonly maxAttempts?: number
  /** Authorization, run on the loaded ledger before deciding (see `CommandHandlerOptions.authorize`). */
  readonly authorize?: (
    command: PointsCommand,
    ledger: PointsLedger,
    context: CommandContext,
  ) => Effect.Effect<void, AuthErr, CommandHandlerServices>
}

/**
 * The command handler for points ledgers: one stream per resident. Two redemptions racing on
 * one ledger cannot both spend the same points: the second append fails its expected version,
 * and its retry decides again on the new balance.
 */
export const makePointsHandler = <AuthErr = never>(
  policy: PointsPolicy,
  options: PointsHandlerOptions<AuthErr> = {},
): PointsHandler<AuthErr> =>
  makeCommandHandler({
    decider: makePointsDecider(policy),
    codec: pointsEventCodec,
    streamIdOf: (command: PointsCommand) => pointsStreamId(command.residentId),
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    ...(options.authorize === undefined ? {} : { authorize: options.authorize }),
  })

/** Validates untrusted input as a ledger command (`InvalidCommand` on failure). */
export const decodePointsCommand: CommandDecoder<PointsCommand> = commandDecoder(PointsCommand)
