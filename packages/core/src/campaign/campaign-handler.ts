import type { Effect } from "effect"
import type { CommandContext } from "../handler/command-context.ts"
import {
  type CommandHandler,
  type CommandHandlerServices,
  makeCommandHandler,
} from "../handler/command-handler.ts"
import { type CommandDecoder, commandDecoder } from "../handler/invalid-command.ts"
import { campaignEventCodec, campaignStreamId } from "./codec.ts"
import { CampaignCommand } from "./commands.ts"
import { makeCampaignDecider } from "./decide.ts"
import type { CampaignError } from "./errors.ts"
import type { CampaignEvent } from "./events.ts"
import type { CampaignState } from "./state.ts"

/** The door-knocking campaign command handler: one stream per campaign. */
export type CampaignHandler<AuthErr = never> = CommandHandler<
  CampaignCommand,
  CampaignEvent,
  CampaignState,
  CampaignError | AuthErr
>

/** How to build the door-knocking campaign handler: retries, and authorization run on the loaded campaign before deciding. */
export interface CampaignHandlerOptions<AuthErr> {
  readonly maxAttempts?: number
  /** Authorization, run on the loaded campaign before deciding (see `CommandHandlerOptions.authorize`). */
  readonly authorize?: (
    command: CampaignCommand,
    state: CampaignState,
    context: CommandContext,
  ) => Effect.Effect<void, AuthErr, CommandHandlerServices>
}

/** The command handler for door-knocking campaigns: one stream per campaign. */
export const makeCampaignHandler = <AuthErr = never>(
  options: CampaignHandlerOptions<AuthErr> = {},
): CampaignHandler<AuthErr> =>
  makeCommandHandler({
    decider: makeCampaignDecider(),
    codec: campaignEventCodec,
    streamIdOf: (command: CampaignCommand) => campaignStreamId(command.campaignId),
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    ...(options.authorize === undefined ? {} : { authorize: options.authorize }),
  })

/** Validates untrusted input as a campaign command (`InvalidCommand` on failure). */
export const decodeCampaignCommand: CommandDecoder<CampaignCommand> = commandDecoder(CampaignCommand)
