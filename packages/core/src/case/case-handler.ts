import {
  type CommandHandler,
  type CommandHandlerOptions,
  makeCommandHandler,
} from "../handler/command-handler.ts"
import { type CommandDecoder, commandDecoder } from "../handler/invalid-command.ts"
import { caseEventCodec, caseStreamId } from "./codec.ts"
import { CaseCommand } from "./commands.ts"
import { type CaseDeciderConfig, makeCaseDecider } from "./decide.ts"
import type { CaseError } from "./errors.ts"
import type { CaseEvent } from "./events.ts"
import type { CaseState } from "./state.ts"

/** A command handler for cases: decides each command on its stream and appends what it decided. */
export type CaseHandler = CommandHandler<CaseCommand, CaseEvent, CaseState, CaseError>

/** The command handler for cases: one stream per case, the case decider, the case codec. */
export const makeCaseHandler = (
  config: CaseDeciderConfig,
  options: Pick<CommandHandlerOptions<never, never, never, never>, "maxAttempts" | "cacheCapacity"> = {},
): CaseHandler =>
  makeCommandHandler({
    decider: makeCaseDecider(config),
    codec: caseEventCodec,
    streamIdOf: (command: CaseCommand) => caseStreamId(command.caseId),
    ...options,
  })

/** Validates untrusted input as a case command (`InvalidCommand` on failure). */
export const decodeCaseCommand: CommandDecoder<CaseCommand> = commandDecoder(CaseCommand)
