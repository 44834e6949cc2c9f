import { Schema } from "effect"

/** One award (存入) in a resident's ledger, chosen by the caller: awarding it twice is refused. */
export const AwardId = Schema.NonEmptyString.annotate({ identifier: "AwardId" })
export type AwardId = typeof AwardId.Type

/** One redemption (兑换), chosen by the caller: redeeming it twice is refused. */
export const RedemptionId = Schema.NonEmptyString.annotate({ identifier: "RedemptionId" })
export type RedemptionId = typeof RedemptionId.Type

/** An item of the reward catalogue (兑换目录). */
export const RewardId = Schema.NonEmptyString.annotate({ identifier: "RewardId" })
export type RewardId = typeof RewardId.Type

/** A positive whole number of points (积分). */
export const Points = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 100_000 })).annotate({
  identifier: "Points",
})

/**
 * The civic acts (文明行为) that earn points at Baotou's Minxin Road "moral bank" (道德银行):
 * volunteering, helping neighbours, reporting hazards, and the like.
 */
export const CivicAct = Schema.Literals([
  "volunteering", // 志愿服务
  "helpingNeighbours", // 邻里互助
  "reportingHazard", // 隐患上报
  "mediation", // 矛盾调解
  "environment", // 环境整治
  "civility", // 文明新风 (移风易俗, 孝老爱亲…)
  "other",
]).annotate({ identifier: "CivicAct" })
export type CivicAct = typeof CivicAct.Type

/** What one unit of a reward costs; the event of a redemption copies both, so history never reads the catalogue. */
export const Reward = Schema.Struct({
  name: Schema.String.check(Schema.isBetweenLength(1, 200)),
  cost: Points,
}).annotate({ identifier: "Reward" })
export type Reward = typeof Reward.Type

/**
 * The reward catalogue (兑换目录): rice, cooking oil, soap… with their price in points. Policy
 * data set by the street office, like the escalation policy — not an aggregate. A redemption
 * must check the balance atomically, and a balance lives in one ledger stream; a catalogue
 * aggregate with stock would need a second stream and a saga for every redemption, for
 * prices that change a few times a year. Stock on the shelf is the street office's business.
 */
export const RewardCatalogue = Schema.Record(RewardId, Reward).annotate({ identifier: "RewardCatalogue" })
export type RewardCatalogue = typeof RewardCatalogue.Type

/** A draw on one award: redemptions and reversals record which awards they spent, oldest-expiring first. */
export const Draw = Schema.Struct({ awardId: AwardId, points: Points }).annotate({ identifier: "Draw" })
export type Draw = typeof Draw.Type
