import { type CommandHandler, makeCommandHandler } from "../handler/command-handler.ts"
import { commandDecoder } from "../handler/invalid-command.ts"
import { campaignEventCodec, campaignStreamId } from "./codec.ts"
import { CampaignCommand } from "./commands.ts"
import { campaignDecider } from "./decide.ts"
import type { CampaignError } from "./errors.ts"
import type { CampaignEvent } from "./events.ts"
import type { CampaignState } from "./state.ts"

export type CampaignHandler = CommandHandler<CampaignCommand, CampaignEvent, CampaignState, CampaignError>

/** The command handler for door-knocking campaigns: one stream per campaign. */
export const makeCampaignHandler = (options?: { readonly maxAttempts?: number }): CampaignHandler =>
  makeCommandHandler({
    decider: campaignDecider,
    codec: campaignEventCodec,
    streamIdOf: (command: CampaignCommand) => campaignStreamId(command.campaignId),
    ...(options?.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  })

/** Validates untrusted input as a campaign command (`InvalidCommand` on failure). */
export const decodeCampaignCommand = commandDecoder(CampaignCommand)
