import type { Instant } from "../shared/instant.ts"
import type { AreaId, HouseholdId } from "../territory/vocabulary.ts"
import type { CampaignId, HouseholdFacts } from "./vocabulary.ts"

/**
 * Where a household stands in a campaign: not yet knocked (pending), knocked without an
 * answer (try again), refused, or visited with its facts.
 */
export type KnockStatus = "pending" | "noAnswer" | "refused" | "visited"

export interface HouseholdProgress {
  readonly areaId: AreaId
  readonly status: KnockStatus
  readonly knocks: number
  /** The facts of the latest visit. */
  readonly facts?: HouseholdFacts | undefined
}

export interface LaunchedCampaign {
  readonly exists: true
  readonly campaignId: CampaignId
  readonly title: string
  readonly areaId: AreaId
  readonly closed: boolean
  readonly lastAt: Instant
  /** In the order they were listed. */
  readonly households: ReadonlyMap<HouseholdId, HouseholdProgress>
}

export interface NoCampaign {
  readonly exists: false
}

export type CampaignState = NoCampaign | LaunchedCampaign

export const initialCampaignState: CampaignState = { exists: false }
