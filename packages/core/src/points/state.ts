import type { Instant } from "../shared/instant.ts"
import type { AwardId, CivicAct, RedemptionId } from "./vocabulary.ts"

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
/** A requested award waiting for its approver (待审批). */
export interface PendingAward {
  readonly awardId: AwardId
  readonly points: number
  readonly act: CivicAct
  readonly reason: string
  /** The collector who asked. */
  readonly requestedBy: string
  readonly requestedAt: Instant
}

/** A resident's ledger as the decider knows it: its awards (lots) with what is left of each, pending awards, redemptions, the balance. */
export interface PointsLedger {
  /** Undefined until the ledger's first event names its resident. */
  readonly residentId?: string | undefined
  /** The sum of the lots' `remaining`: never below zero. */
  readonly balance: number
  /** In award order. */
  readonly lots: ReadonlyMap<AwardId, Lot>
  readonly redemptions: ReadonlySet<RedemptionId>
  /** Requested awards not yet confirmed or declined, by award id. */
  readonly pending: ReadonlyMap<AwardId, PendingAward>
  /** Time of the latest event: commands dated earlier are refused, so expiry never runs backwards. */
  readonly lastAt: Instant
}

/** A ledger before its first event: no points. */
export const initialPointsLedger: PointsLedger = {
  balance: 0,
  lots: new Map(),
  redemptions: new Set(),
  pending: new Map(),
  lastAt: 0,
}
