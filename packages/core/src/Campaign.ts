/**
 * Door-knocking campaigns (敲门行动, docs/domain.md#door-knocking): a list of households to visit,
 * each knock recorded with its outcome and the household's basic facts, until the campaign closes.
 * One stream per campaign.
 *
 * @module
 */
export {
  type GuardedCampaignHandler as GuardedHandler,
  type GuardedCampaignHandlerOptions as GuardedHandlerOptions,
  makeGuardedCampaignHandler as makeGuardedHandler,
} from "./authorization/guarded-campaign-handler.ts"
export {
  type CampaignHandler as Handler,
  type CampaignHandlerOptions as HandlerOptions,
  decodeCampaignCommand as decodeCommand,
  makeCampaignHandler as makeHandler,
} from "./campaign/campaign-handler.ts"
export {
  CAMPAIGN_STREAM_PREFIX as STREAM_PREFIX,
  campaignEventCodec as eventCodec,
  campaignStreamId as streamId,
} from "./campaign/codec.ts"
export {
  CampaignCommand as Command,
  type CampaignCommandOf as CommandOf,
  type CampaignCommandTag as CommandTag,
} from "./campaign/commands.ts"
export { decideCampaign as decide, makeCampaignDecider as makeDecider } from "./campaign/decide.ts"
export { type CampaignError as Error, CampaignRule as Rule, CampaignRuleViolated } from "./campaign/errors.ts"
export {
  CAMPAIGN_EVENT_TYPES as EVENT_TYPES,
  CampaignEvent as Event,
  type CampaignEventTag as EventTag,
} from "./campaign/events.ts"
export { evolveCampaign as evolve } from "./campaign/evolve.ts"
export {
  type CampaignProgress as Progress,
  campaignProgress as progress,
  type KnockCounts,
} from "./campaign/progress.ts"
export {
  type CampaignState as State,
  type HouseholdProgress,
  initialCampaignState as initialState,
  type KnockStatus,
  type LaunchedCampaign,
  type NoCampaign,
} from "./campaign/state.ts"
export {
  CampaignHousehold as Household,
  CampaignId as Id,
  CampaignTitle as Title,
  DoorKnockOutcome,
  HouseholdFacts,
  KnockCompanions,
} from "./campaign/vocabulary.ts"
