import { Effect } from "effect"
import type { CommandContext } from "../handler/command-context.ts"
import {
  type CommandHandlerError,
  type CommandHandlerServices,
  type HandledCommand,
  makeCommandHandler,
} from "../handler/command-handler.ts"
import { type CommandDecoder, commandDecoder } from "../handler/invalid-command.ts"
import type { AggregateSnapshot } from "../handler/read-aggregate.ts"
import type { KeyStoreUnavailable } from "../privacy/errors.ts"
import { KeyStore } from "../privacy/key-store.ts"
import { sealPersonalDetails, sealPersonalDetailsPatch } from "../privacy/personal-details.ts"
import type { EventDecodeError, StoreUnavailable } from "../store/errors.ts"
import type { EventStore } from "../store/event-store.ts"
import { residentEventCodec, residentStreamId } from "./codec.ts"
import { ResidentCommand, type SealedResidentCommand } from "./commands.ts"
import { makeResidentDecider } from "./decide.ts"
import { type ResidentError, ResidentRuleViolated } from "./errors.ts"
import type { ResidentEvent } from "./events.ts"
import type { ResidentState } from "./state.ts"

/** What a resident command can fail with: the resident's refusals, the store's, or an unreachable key store. */
export type ResidentHandlerError = CommandHandlerError<ResidentError> | KeyStoreUnavailable

/** The resident command handler: the generic handler with sealing before and key destruction after. */
export interface ResidentHandler<AuthErr = never> {
  (
    command: ResidentCommand,
    context: CommandContext,
  ): Effect.Effect<
    HandledCommand<ResidentEvent, ResidentState>,
    ResidentHandlerError | AuthErr,
    CommandHandlerServices | KeyStore
  >
  /** The resident behind a stream, loaded exactly as the handler loads it (still sealed). */
  readonly load: (
    streamId: string,
  ) => Effect.Effect<AggregateSnapshot<ResidentState>, EventDecodeError | StoreUnavailable, EventStore>
}

/** How to build the resident handler: retries, and authorization run on the loaded resident before deciding. */
export interface ResidentHandlerOptions<AuthErr> {
  readonly maxAttempts?: number
  /**
   * Authorization, run by the generic handler on the loaded resident before deciding (see
   * `CommandHandlerOptions.authorize`). It sees the command sealed: who may act never depends
   * on a person's name or number.
   */
  readonly authorize?: (
    command: SealedResidentCommand,
    state: ResidentState,
    context: CommandContext,
  ) => Effect.Effect<void, AuthErr, CommandHandlerServices>
}

/** Seals a command's plaintext personal details under the resident's key; other commands pass as they are. */
const sealCommand = (command: ResidentCommand) => {
  switch (command._tag) {
    case "RegisterResident":
      return Effect.map(
        sealPersonalDetails(command.residentId, command.person),
        (person): SealedResidentCommand => ({ ...command, person }),
      )
    case "CorrectPersonalDetails":
      return Effect.map(
        sealPersonalDetailsPatch(command.residentId, command.changes),
        (changes): SealedResidentCommand => ({ ...command, changes }),
      )
    default:
      return Effect.succeed<SealedResidentCommand>(command)
  }
}

/**
 * The command handler for residents (one stream per resident), in three steps:
 *
 * 1. **Seal**: plaintext personal details are encrypted under the resident's key (created on
 *    first use) before the decider sees the command, so no plaintext is ever decided on or
 *    stored. For an erased resident the key store refuses a new key, and the command is
 *    refused as `ResidentRuleViolated` (`erased`).
 * 2. **Handle**: the generic handler — load, authorize (when given), decide, append,
 *    idempotent by command id. A retry seals afresh (a new nonce) but appends nothing: the
 *    first outcome comes back.
 * 3. **Shred**: after an `EraseResident` is stored (or recognised as a retry, or found
 *    erased already), the resident's key is destroyed. Storing first means a crash between
 *    the two leaves a resident marked erased whose key a retry will still destroy, never a
 *    destroyed key without the fact on record.
 */
export const makeResidentHandler = <AuthErr = never>(
  options: ResidentHandlerOptions<AuthErr> = {},
): ResidentHandler<AuthErr> => {
  const handle = makeCommandHandler({
    decider: makeResidentDecider(),
    codec: residentEventCodec,
    streamIdOf: (command: SealedResidentCommand) => residentStreamId(command.residentId),
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    ...(options.authorize === undefined ? {} : { authorize: options.authorize }),
  })
  const run = Effect.fnUntraced(function* (command: ResidentCommand, context: CommandContext) {
    const sealed = yield* Effect.catchTag(sealCommand(command), "SubjectErased", () =>
      Effect.fail(
        new ResidentRuleViolated({
          residentId: command.residentId,
          command: command._tag,
          rule: "erased",
          detail: `resident ${command.residentId} was erased at their request`,
        }),
      ),
    )
    const handled = yield* handle(sealed, context)
    if (command._tag === "EraseResident") yield* (yield* KeyStore).destroyKey(command.residentId)
    return handled
  })
  return Object.assign(run, { load: handle.load })
}

/** Validates untrusted input as a resident command (`InvalidCommand` on failure, e.g. a bad ID number). */
export const decodeResidentCommand: CommandDecoder<ResidentCommand> = commandDecoder(ResidentCommand)
