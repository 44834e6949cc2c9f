import { Instant, Points } from "@gridcase/core"
import type { Exploration } from "./explore.ts"

/** Tuesday 2026-03-10 09:30 in Shanghai. */
const START = Date.UTC(2026, 2, 10, 1, 30)
const DAY = 24 * 60 * Instant.MINUTE
const VALIDITY_DAYS = 365
const RESIDENT = "resident-1"
const COLLECTOR = "worker-1"

/** A one-reward catalogue and a validity, so that points can run out and expire. */
const POLICY: Points.Policy = {
  catalogue: { rice: { name: "大米 5kg", cost: 10 } },
  validForDays: VALIDITY_DAYS,
}

type Examples = { readonly [T in Points.CommandTag]: (l: Points.State) => ReadonlyArray<Points.CommandOf<T>> }

/** The common fields, a minute after the ledger's last event (or at the start, for a new ledger). */
const stamp = (l: Points.State) => ({
  residentId: RESIDENT,
  at: Math.max(START, l.lastAt + Instant.MINUTE),
  by: COLLECTOR,
})

/**
 * Example commands, one entry per command so that a new command fails to typecheck here until
 * it has examples. Ids are fixed (a second award-1 is refused), which bounds the exploration;
 * the sweep and the second award jump past the validity, so that something expires.
 */
const EXAMPLES: Examples = {
  // The second award comes after the first has lapsed: every command expires what is due first.
  AwardPoints: (l) =>
    [
      { awardId: "award-1", at: stamp(l).at },
      { awardId: "award-2", at: stamp(l).at + VALIDITY_DAYS * DAY },
    ].map(({ awardId, at }) => ({
      ...stamp(l),
      _tag: "AwardPoints",
      at,
      awardId,
      points: 15,
      act: "volunteering",
      reason: "swept the stairwell",
      approvedBy: "bank-head-1",
    })),
  RequestAward: (l) => [
    {
      ...stamp(l),
      _tag: "RequestAward",
      awardId: "award-3",
      points: 5,
      act: "helpingNeighbours",
      reason: "helped a neighbour move",
    },
  ],
  ConfirmAward: (l) => [{ ...stamp(l), _tag: "ConfirmAward", by: "bank-head-1", awardId: "award-3" }],
  DeclineAward: (l) => [
    { ...stamp(l), _tag: "DeclineAward", by: "bank-head-1", awardId: "award-3", reason: "no witness" },
  ],
  RedeemPoints: (l) => [
    { ...stamp(l), _tag: "RedeemPoints", redemptionId: "redemption-1", rewardId: "rice", quantity: 1 },
  ],
  ExpirePoints: (l) => [{ ...stamp(l), _tag: "ExpirePoints", at: stamp(l).at + VALIDITY_DAYS * DAY }],
  ReverseAward: (l) => [{ ...stamp(l), _tag: "ReverseAward", awardId: "award-1", reason: "entered twice" }],
}

/** The points ledger (积分账户) of one resident at the moral bank (道德银行). */
export const pointsExploration: Exploration<Points.Command, Points.Event, Points.State> = {
  decider: Points.makeDecider(POLICY),
  statusOf: (l) => (l.residentId === undefined ? "none" : "open"),
  keyOf: (l) =>
    JSON.stringify([
      l.residentId ?? null,
      l.balance,
      [...l.lots.values()].map((lot) => [lot.awardId, lot.remaining, lot.expired, lot.reversed]),
      [...l.redemptions],
      [...l.pending.keys()],
    ]),
  examples: (l) =>
    (Object.values(EXAMPLES) as ReadonlyArray<(l: Points.State) => ReadonlyArray<Points.Command>>).flatMap(
      (make) => make(l),
    ),
}
