import { Schema } from "effect"
import { Instant } from "../shared/instant.ts"
import { ActorId, Note } from "../shared/vocabulary.ts"
import { AreaId, HouseholdId } from "../territory/vocabulary.ts"
import {
  CampaignHousehold,
  CampaignId,
  CampaignTitle,
  DoorKnockOutcome,
  KnockCompanions,
} from "./vocabulary.ts"

const base = { campaignId: CampaignId, at: Instant, by: ActorId }

/** The facts of a door-knocking campaign. */
export const CampaignEvent = Schema.TaggedUnion({
  /** 敲门行动启动 */
  CampaignLaunched: {
    ...base,
    title: CampaignTitle,
    areaId: AreaId,
    households: Schema.Array(CampaignHousehold),
  },
  /** 新增走访户 */
  CampaignHouseholdsAdded: { ...base, households: Schema.Array(CampaignHousehold) },
  /** 入户 — a knock on a door and what came of it. */
  DoorKnocked: {
    ...base,
    householdId: HouseholdId,
    outcome: DoorKnockOutcome,
    companions: Schema.optional(KnockCompanions),
  },
  /** 行动结束 */
  CampaignClosed: { ...base, note: Schema.optional(Note) },
}).annotate({ identifier: "CampaignEvent" })
export type CampaignEvent = typeof CampaignEvent.Type
/** The tag of each door-knocking campaign event. */
export type CampaignEventTag = CampaignEvent["_tag"]
/** The stored type name of every door-knocking campaign event: what the codec reads and stores filter by. */
export const CAMPAIGN_EVENT_TYPES = Object.keys(CampaignEvent.cases) as ReadonlyArray<CampaignEventTag>
