import type { Effect } from "effect"
import type { CommandContext } from "../handler/command-context.ts"
import {
  type CommandHandler,
  type CommandHandlerServices,
  makeCommandHandler,
} from "../handler/command-handler.ts"
import { commandDecoder } from "../handler/invalid-command.ts"
import { intakeEventCodec, intakeStreamId } from "./codec.ts"
import { IntakeCommand } from "./commands.ts"
import { makeIntakeDecider } from "./decide.ts"
import type { IntakeError } from "./errors.ts"
import type { IntakeEvent } from "./events.ts"
import type { IntakeState } from "./state.ts"

/** The unplaced report command handler: one stream per report. */
export type IntakeHandler<AuthErr = never> = CommandHandler<
  IntakeCommand,
  IntakeEvent,
  IntakeState,
  IntakeError | AuthErr
>

/** How to build the unplaced report handler: retries, and authorization run on the loaded report before deciding. */
export interface IntakeHandlerOptions<AuthErr> {
  readonly maxAttempts?: number
  /** Authorization, run on the loaded report before deciding (see `CommandHandlerOptions.authorize`). */
  readonly authorize?: (
    command: IntakeCommand,
    state: IntakeState,
    context: CommandContext,
  ) => Effect.Effect<void, AuthErr, CommandHandlerServices>
}

/** The intake command handler: one stream per received report. */
export const makeIntakeHandler = <AuthErr = never>(
  options: IntakeHandlerOptions<AuthErr> = {},
): IntakeHandler<AuthErr> =>
  makeCommandHandler({
    decider: makeIntakeDecider(),
    codec: intakeEventCodec,
    streamIdOf: (command: IntakeCommand) => intakeStreamId(command.reportId),
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    ...(options.authorize === undefined ? {} : { authorize: options.authorize }),
  })

/** Validates untrusted input as an intake command (`InvalidCommand` on failure). */
export const decodeIntakeCommand = commandDecoder(IntakeCommand)
