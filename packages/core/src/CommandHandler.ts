/**
 * The command handler (命令处理): load a stream, decide, append — for any aggregate given its
 * decider, codec and stream naming. Idempotent by command id, retried on conflicts, keeping each
 * stream's state between commands so that a stream's only writer needs one round trip per
 * command. `InvalidCommand` is what untrusted input that is not a command fails with.
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
export { type CommandDecoder, commandDecoder, InvalidCommand } from "./handler/invalid-command.ts"
export {
  type AggregateReader,
  makeKeptAggregateReader,
  READS_SINCE_MAX_AGE,
} from "./handler/kept-aggregate.ts"
export { type AggregateSnapshot, readAggregate } from "./handler/read-aggregate.ts"
