import fc from "fast-check"
import type { PointsCommand } from "../../points/commands.ts"
import type { PointsPolicy } from "../../points/policy.ts"
import { CivicAct, type RewardCatalogue } from "../../points/vocabulary.ts"
import { type Instant, MINUTE } from "../../shared/instant.ts"

/** The reward ids generated catalogues use. */
export const REWARD_IDS = ["rice-5kg", "cooking-oil", "soap", "towel"] as const

/** A catalogue of one to four of {@link REWARD_IDS}, each costing 1–30 points. */
export const arbitraryRewardCatalogue: fc.Arbitrary<RewardCatalogue> = fc
  .uniqueArray(fc.constantFrom(...REWARD_IDS), { minLength: 1, maxLength: REWARD_IDS.length })
  .chain((ids) =>
    fc.tuple(
      ...ids.map((id) => fc.integer({ min: 1, max: 30 }).map((cost) => [id, { name: id, cost }] as const)),
    ),
  )
  .map((entries) => Object.fromEntries(entries))

/** A catalogue, and points that stay valid 1–30 days or forever. */
export const arbitraryPointsPolicy: fc.Arbitrary<PointsPolicy> = fc
  .tuple(arbitraryRewardCatalogue, fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }))
  .map(([catalogue, validForDays]) =>
    validForDays === undefined ? { catalogue } : { catalogue, validForDays },
  )

type Step = (residentId: string, at: Instant) => PointsCommand

/** Small id pools, so generated commands repeat awards and redemptions and reverse real awards. */
const awardId = fc.integer({ min: 0, max: 7 }).map((n) => `award-${n}`)
const redemptionId = fc.integer({ min: 0, max: 7 }).map((n) => `redemption-${n}`)

/** Who approves: mostly the president; now and then the resident or the collector, whom the ledger must refuse. */
const approver = fc.oneof(
  { weight: 8, arbitrary: fc.constant("president" as const) },
  { weight: 1, arbitrary: fc.constant("resident" as const) },
  { weight: 1, arbitrary: fc.constant("collector" as const) },
)
const approverId = (who: "president" | "resident" | "collector", residentId: string) =>
  who === "president" ? "bank-president-liu" : who === "resident" ? residentId : "collector-wang"

const award: fc.Arbitrary<Step> = fc
  .record({
    awardId,
    points: fc.integer({ min: 1, max: 40 }),
    act: fc.constantFrom(...CivicAct.literals),
    approver,
  })
  .map(({ awardId, points, act, approver }) => (residentId, at) => ({
    _tag: "AwardPoints",
    residentId,
    at,
    by: "collector-wang",
    awardId,
    points,
    act,
    reason: "楼道清扫志愿服务",
    approvedBy: approverId(approver, residentId),
  }))

/** The collector asks for an award (the first half of the two-step award). */
const requestAward: fc.Arbitrary<Step> = fc
  .record({ awardId, points: fc.integer({ min: 1, max: 40 }), act: fc.constantFrom(...CivicAct.literals) })
  .map(({ awardId, points, act }) => (residentId, at) => ({
    _tag: "RequestAward",
    residentId,
    at,
    by: "collector-wang",
    awardId,
    points,
    act,
    reason: "邻里互助",
  }))

/** Someone confirms or declines a pending award: mostly the president, now and then the collector or the resident. */
const answerAward: fc.Arbitrary<Step> = fc
  .record({ awardId, confirm: fc.boolean(), who: approver })
  .map(({ awardId, confirm, who }) => (residentId, at) => {
    const by = approverId(who, residentId)
    return confirm
      ? { _tag: "ConfirmAward", residentId, at, by, awardId }
      : { _tag: "DeclineAward", residentId, at, by, awardId, reason: "证明不足" }
  })

const redeem: fc.Arbitrary<Step> = fc
  .record({
    redemptionId,
    rewardId: fc.oneof(
      { weight: 9, arbitrary: fc.constantFrom(...REWARD_IDS) },
      { weight: 1, arbitrary: fc.constant("not-in-any-catalogue") },
    ),
    quantity: fc.integer({ min: 1, max: 3 }),
  })
  .map((fields) => (residentId, at) => ({
    _tag: "RedeemPoints",
    residentId,
    at,
    by: "collector-wang",
    ...fields,
  }))

const expire: fc.Arbitrary<Step> = fc.constant((residentId, at) => ({
  _tag: "ExpirePoints",
  residentId,
  at,
  by: "system:points-expiry",
}))

const reverse: fc.Arbitrary<Step> = awardId.map((awardId) => (residentId, at) => ({
  _tag: "ReverseAward",
  residentId,
  at,
  by: "bank-president-liu",
  awardId,
  reason: "登记错误",
}))

/**
 * Ledger commands for one resident at rising times (0–3 days apart, so points expire under a
 * short validity): awards in one step or two (requested, then confirmed or declined; a few
 * approved by the resident or by the collector), redemptions
 * (some of rewards the catalogue lacks), expiry sweeps and reversals, with ids drawn from small
 * pools so they collide.
 */
export const arbitraryPointsCommands = (
  residentId: string,
  start: Instant,
): fc.Arbitrary<ReadonlyArray<PointsCommand>> =>
  fc
    .array(
      fc.tuple(
        fc.integer({ min: 0, max: 3 * 24 * 60 }),
        fc.oneof(
          { weight: 3, arbitrary: award },
          { weight: 2, arbitrary: requestAward },
          { weight: 2, arbitrary: answerAward },
          { weight: 4, arbitrary: redeem },
          expire,
          reverse,
        ),
      ),
      { minLength: 10, maxLength: 60, size: "max" },
    )
    .map((steps) => {
      let at = start
      return steps.map(([gapMinutes, step]) => {
        at += gapMinutes * MINUTE
        return step(residentId, at)
      })
    })
