import type { Instant } from "../shared/instant.ts"
import type { AreaId, HouseholdId } from "../territory/vocabulary.ts"
import type { CampaignId, HouseholdFacts } from "./vocabulary.ts"

/**
 * Where a household stands in a campaign: not yet knocked (pending), knocked without an
 * answer (try again), refused, or visited with its facts.
 */
export type KnockStatus = "pending" | "noAnswer" | "refused" | "visited"

/** One listed household in a campaign: its grid, its status (see `KnockStatus`), how often it was knocked on, what the last visit found. */
export interface HouseholdProgress {
  readonly areaId: AreaId
  readonly status: KnockStatus
  readonly knocks: number
  /** The facts of the latest visit. */
  readonly facts?: HouseholdFacts | undefined
}

/** A launched campaign: its title, area, households and their progress, and whether it closed. */
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

/** A campaign whose stream holds no event yet. */
export interface NoCampaign {
  readonly exists: false
}

/** What the door-knocking campaign decider knows of one campaign: nothing yet, or what its events say. */
export type CampaignState = NoCampaign | LaunchedCampaign

/** A campaign before its first event. */
export const initialCampaignState: CampaignState = { exists: false }
