import type { PointsEvent } from "./events.ts"
import type { Lot, PendingAward, PointsLedger } from "./state.ts"
import type { AwardId, Draw } from "./vocabulary.ts"

const updateLot = (
  lots: ReadonlyMap<AwardId, Lot>,
  awardId: AwardId,
  change: (lot: Lot) => Lot,
): ReadonlyMap<AwardId, Lot> => {
  const lot = lots.get(awardId)
  return lot === undefined ? lots : new Map(lots).set(awardId, change(lot))
}

const applyDraws = (lots: ReadonlyMap<AwardId, Lot>, drawn: ReadonlyArray<Draw>): ReadonlyMap<AwardId, Lot> =>
  drawn.reduce(
    (current, { awardId, points }) =>
      updateLot(current, awardId, (lot) => ({ ...lot, remaining: lot.remaining - points })),
    lots,
  )

const withoutPending = (
  pending: ReadonlyMap<AwardId, PendingAward>,
  awardId: AwardId,
): ReadonlyMap<AwardId, PendingAward> => {
  if (!pending.has(awardId)) return pending
  const next = new Map(pending)
  next.delete(awardId)
  return next
}

/** Folds one event into a ledger; total and pure, like every evolve. */
export const evolvePoints = (state: PointsLedger, event: PointsEvent): PointsLedger => {
  const ledger: PointsLedger = {
    ...state,
    residentId: state.residentId ?? event.residentId,
    lastAt: event.at,
  }
  switch (event._tag) {
    case "AwardRequested":
      return {
        ...ledger,
        pending: new Map(ledger.pending).set(event.awardId, {
          awardId: event.awardId,
          points: event.points,
          act: event.act,
          reason: event.reason,
          requestedBy: event.by,
          requestedAt: event.at,
        }),
      }
    case "AwardDeclined":
      return { ...ledger, pending: withoutPending(ledger.pending, event.awardId) }
    case "PointsAwarded":
      return {
        ...ledger,
        pending: withoutPending(ledger.pending, event.awardId),
        balance: ledger.balance + event.points,
        lots: new Map(ledger.lots).set(event.awardId, {
          awardId: event.awardId,
          points: event.points,
          remaining: event.points,
          expired: 0,
          expiresAt: event.expiresAt,
          reversed: false,
        }),
      }
    case "RewardRedeemed":
      return {
        ...ledger,
        balance: ledger.balance - event.points,
        lots: applyDraws(ledger.lots, event.drawn),
        redemptions: new Set(ledger.redemptions).add(event.redemptionId),
      }
    case "PointsExpired":
      return {
        ...ledger,
        balance: ledger.balance - event.points,
        lots: updateLot(ledger.lots, event.awardId, (lot) => ({
          ...lot,
          remaining: lot.remaining - event.points,
          expired: lot.expired + event.points,
        })),
      }
    case "AwardReversed":
      return {
        ...ledger,
        balance: ledger.balance - event.points,
        lots: updateLot(applyDraws(ledger.lots, event.drawn), event.awardId, (lot) => ({
          ...lot,
          reversed: true,
        })),
      }
  }
}
