import type { Instant } from "../shared/instant.ts"
import type { AwardId, RedemptionId } from "./vocabulary.ts"

/** One award and what is left of it. */
export interface Lot {
  readonly awardId: AwardId
  readonly points: number
  /** Still spendable; never below zero. */
  readonly remaining: number
  /** Lost at expiry. */
  readonly expired: number
  readonly expiresAt?: Instant | undefined
  readonly reversed: boolean
}

/** A resident's points ledger (积分账户). Empty until the first award. */
export interface PointsLedger {
  /** Undefined until the ledger's first event names its resident. */
  readonly residentId?: string | undefined
  /** The sum of the lots' `remaining`: never below zero. */
  readonly balance: number
  /** In award order. */
  readonly lots: ReadonlyMap<AwardId, Lot>
  readonly redemptions: ReadonlySet<RedemptionId>
  /** Time of the latest event: commands dated earlier are refused, so expiry never runs backwards. */
  readonly lastAt: Instant
}

export const initialPointsLedger: PointsLedger = {
  balance: 0,
  lots: new Map(),
  redemptions: new Set(),
  lastAt: 0,
}
