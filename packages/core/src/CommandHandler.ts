/**
 * TODO CommandHandler
 *
 * @module
 */
export { CommandContext as Context } from "./handler/command-context.ts"
export {
  type CommandHandler,
  type CommandHandlerError as Error,
  type CommandHandlerOptions as Options,
  type CommandHandlerServices as Services,
  type HandledCommand,
  makeCommandHandler as make,
} from "./handler/command-handler.ts"
export { commandDecoder, InvalidCommand } from "./handler/invalid-command.ts"
export { type AggregateSnapshot, readAggregate } from "./internal/read-aggregate.ts"
