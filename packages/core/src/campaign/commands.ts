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
const households = Schema.Array(CampaignHousehold).check(Schema.isMinLength(1))

/** The commands of a door-knocking campaign (敲门行动, docs/domain.md#door-knocking). */
export const CampaignCommand = Schema.TaggedUnion({
  /**
   * Over an area (a town, a community, a grid) with the households to visit — listed by the
   * caller from the territory (`householdsIn`), each with its grid for per-grid progress.
   */
  LaunchCampaign: { ...base, title: CampaignTitle, areaId: AreaId, households },
  /** Households found or placed after launch. */
  AddCampaignHouseholds: { ...base, households },
  /** `by` knocked at `at`, with `companions` when a team knocked. Knocking again on a visited door updates its facts. */
  RecordDoorKnock: {
    ...base,
    householdId: HouseholdId,
    outcome: DoorKnockOutcome,
    companions: Schema.optional(KnockCompanions),
  },
  CloseCampaign: { ...base, note: Schema.optional(Note) },
}).annotate({ identifier: "CampaignCommand" })
export type CampaignCommand = typeof CampaignCommand.Type
/** The tag of each door-knocking campaign command. */
export type CampaignCommandTag = CampaignCommand["_tag"]
/** The door-knocking campaign command with tag `T`. */
export type CampaignCommandOf<T extends CampaignCommandTag> = Extract<CampaignCommand, { readonly _tag: T }>
