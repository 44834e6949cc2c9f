import type { RewardCatalogue } from "./vocabulary.ts"

/**
 * The moral bank's rules: what rewards cost and how long points stay valid. Each award's
 * expiry is fixed when it is awarded (and recorded in its event), so changing the validity
 * later never rewrites old awards.
 */
export interface PointsPolicy {
  readonly catalogue: RewardCatalogue
  /** Days an award stays spendable; points never expire when absent. */
  readonly validForDays?: number
}
