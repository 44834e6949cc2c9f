import { type EventCodec, makeEventCodec, type UpcasterRegistry } from "../store/event-codec.ts"
import { CAMPAIGN_EVENT_TYPES, CampaignEvent } from "./events.ts"

/** Stream ids of door-knocking campaigns: one stream per campaign (`campaign-<campaignId>`). */
export const CAMPAIGN_STREAM_PREFIX = "campaign-"
/** The stream of one campaign. */
export const campaignStreamId = (campaignId: string): string => `${CAMPAIGN_STREAM_PREFIX}${campaignId}`

/** Upcasters for campaign events written by older versions; empty while every event is at version 1. */
export const CAMPAIGN_UPCASTERS: UpcasterRegistry = {}

/** Encodes door-knocking campaign events for the store and decodes them back, upcasting older versions. */
export const campaignEventCodec: EventCodec<CampaignEvent> = makeEventCodec(
  CampaignEvent,
  CAMPAIGN_EVENT_TYPES,
  CAMPAIGN_UPCASTERS,
)
