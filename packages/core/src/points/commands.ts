import { Schema } from "effect"
import { ResidentId } from "../resident/vocabulary.ts"
import { Instant } from "../shared/instant.ts"
import { ActorId, Note } from "../shared/vocabulary.ts"
import { AwardId, CivicAct, Points, RedemptionId, RewardId } from "./vocabulary.ts"

/** Every ledger command names the resident whose ledger it is, when and who acted. */
const base = { residentId: ResidentId, at: Instant, by: ActorId }

/** The commands of a resident's points ledger (docs/domain.md#moral-bank). */
export const PointsCommand = Schema.TaggedUnion({
  /**
   * A one-step award: `by` collected the deposit (揽储员, a grid worker); `approvedBy` approved it
   * (审批人: the bank's president 行长, see `POINTS_RULES`). Neither is the resident, and they are
   * two people. The command only names the approver: where the approver must approve with their
   * own credentials (an API taking requests from people), use RequestAward and ConfirmAward.
   */
  AwardPoints: {
    ...base,
    awardId: AwardId,
    points: Points,
    act: CivicAct,
    reason: Note,
    approvedBy: ActorId,
  },
  /**
   * The collector's half of a two-step award (揽储 → 审批): `by` collected the deposit and asks
   * for it to be credited. Nothing is credited until the approver confirms with their own
   * command, so nobody's credentials speak for someone else's approval.
   */
  RequestAward: { ...base, awardId: AwardId, points: Points, act: CivicAct, reason: Note },
  /** The approver's half (审批): `by` approves the pending request, which credits the award. */
  ConfirmAward: { ...base, awardId: AwardId },
  /** The approver turns a pending request down; nothing is credited. */
  DeclineAward: { ...base, awardId: AwardId, reason: Note },
  RedeemPoints: {
    ...base,
    redemptionId: RedemptionId,
    rewardId: RewardId,
    quantity: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 100 })),
  },
  /** Expires what is due at `at`; every other command does so first too, so this is the periodic sweep. */
  ExpirePoints: base,
  /** Takes back a mistaken award (冲正): what is left of it, then what was spent of it from other awards. */
  ReverseAward: { ...base, awardId: AwardId, reason: Note },
}).annotate({ identifier: "PointsCommand" })
export type PointsCommand = typeof PointsCommand.Type
/** The tag of each points ledger command. */
export type PointsCommandTag = PointsCommand["_tag"]
/** The points ledger command with tag `T`. */
export type PointsCommandOf<T extends PointsCommandTag> = Extract<PointsCommand, { readonly _tag: T }>
