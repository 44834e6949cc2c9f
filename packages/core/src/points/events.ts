import { Schema } from "effect"
import { ResidentId } from "../resident/vocabulary.ts"
import { Instant } from "../shared/instant.ts"
import { ActorId, Note } from "../shared/vocabulary.ts"
import { AwardId, CivicAct, Draw, Points, RedemptionId, RewardId } from "./vocabulary.ts"

const base = { residentId: ResidentId, at: Instant, by: ActorId }

/**
 * The facts of a points ledger. Every event that takes points lists its draws, so the ledger
 * replays without knowing the rule that chose them.
 */
export const PointsEvent = Schema.TaggedUnion({
  /**
   * 积分存入 — earned for a civic act. `by` collected it, `approvedBy` approved it: in one step
   * (AwardPoints), or as the approver's confirmation of a request (ConfirmAward, then `at` is the
   * confirmation's time).
   */
  PointsAwarded: {
    ...base,
    awardId: AwardId,
    points: Points,
    act: CivicAct,
    reason: Note,
    approvedBy: ActorId,
    expiresAt: Schema.optional(Instant),
  },
  /** 积分申请 — a collector asks for an award; it is credited when the approver confirms it. */
  AwardRequested: { ...base, awardId: AwardId, points: Points, act: CivicAct, reason: Note },
  /** The approver declined a requested award; nothing was credited. */
  AwardDeclined: { ...base, awardId: AwardId, reason: Note },
  /** 积分兑换 — at the catalogue's price of the day. */
  RewardRedeemed: {
    ...base,
    redemptionId: RedemptionId,
    rewardId: RewardId,
    rewardName: Schema.String,
    unitCost: Points,
    quantity: Schema.Int,
    /** unitCost × quantity */
    points: Schema.Int,
    drawn: Schema.Array(Draw),
  },
  /** 积分过期 — what was left of an award at its expiry. */
  PointsExpired: { ...base, awardId: AwardId, points: Points },
  /**
   * 冲正 — a mistaken award taken back: `points` were recovered (its remainder, then from other
   * awards); `unrecovered` had been spent already and the balance could not cover.
   */
  AwardReversed: {
    ...base,
    awardId: AwardId,
    reason: Note,
    points: Schema.Int,
    unrecovered: Schema.Int,
    drawn: Schema.Array(Draw),
  },
}).annotate({ identifier: "PointsEvent" })
export type PointsEvent = typeof PointsEvent.Type
/** The tag of each points ledger event. */
export type PointsEventTag = PointsEvent["_tag"]
/** The points ledger event with tag `T`. */
export type PointsEventOf<T extends PointsEventTag> = Extract<PointsEvent, { readonly _tag: T }>
/** The stored type name of every points ledger event: what the codec reads and stores filter by. */
export const POINTS_EVENT_TYPES = Object.keys(PointsEvent.cases) as ReadonlyArray<PointsEventTag>
