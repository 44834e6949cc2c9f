import { type CommandHandler, makeCommandHandler } from "../handler/command-handler.ts"
import { commandDecoder } from "../handler/invalid-command.ts"
import { pointsEventCodec, pointsStreamId } from "./codec.ts"
import { PointsCommand } from "./commands.ts"
import { makePointsDecider } from "./decide.ts"
import type { PointsError } from "./errors.ts"
import type { PointsEvent } from "./events.ts"
import type { PointsPolicy } from "./policy.ts"
import type { PointsLedger } from "./state.ts"

export type PointsHandler = CommandHandler<PointsCommand, PointsEvent, PointsLedger, PointsError>

/**
 * The command handler for points ledgers: one stream per resident. Two redemptions racing on
 * one ledger cannot both spend the same points: the second append fails its expected version,
 * and its retry decides again on the new balance.
 */
export const makePointsHandler = (
  policy: PointsPolicy,
  options?: { readonly maxAttempts?: number },
): PointsHandler =>
  makeCommandHandler({
    decider: makePointsDecider(policy),
    codec: pointsEventCodec,
    streamIdOf: (command: PointsCommand) => pointsStreamId(command.residentId),
    ...(options?.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  })

/** Validates untrusted input as a ledger command (`InvalidCommand` on failure). */
export const decodePointsCommand = commandDecoder(PointsCommand)
