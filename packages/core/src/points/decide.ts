import { Result } from "effect"
import { type Decisions, dispatch, emit, misaddressed, refuser, stamper } from "../internal/decision.ts"
import { fieldsOf } from "../internal/fields-of.ts"
import type { Decider } from "../shared/decider.ts"
import type { Instant } from "../shared/instant.ts"
import type { PointsCommand, PointsCommandOf } from "./commands.ts"
import { InsufficientPoints, type PointsError, type PointsRule, PointsRuleViolated } from "./errors.ts"
import type { PointsEvent } from "./events.ts"
import { evolvePoints } from "./evolve.ts"
import type { PointsPolicy } from "./policy.ts"
import { initialPointsLedger, type Lot, type PendingAward, type PointsLedger } from "./state.ts"
import type { AwardId, Draw } from "./vocabulary.ts"

type Decision = Result.Result<ReadonlyArray<PointsEvent>, PointsError>

const DAY = 24 * 60 * 60 * 1000

const refuse = refuser(
  (command: PointsCommand, rule: PointsRule, detail: string) =>
    new PointsRuleViolated({ residentId: command.residentId, command: command._tag, rule, detail }),
)

/** The fields every event copies from its command. */
const stamp = stamper("residentId")

/** When what is left of an award expires: never, for an award made under a policy without validity. */
const endOf = (lot: Lot): number => lot.expiresAt ?? Number.POSITIVE_INFINITY

const expiresBy = (lot: Lot, at: Instant): boolean => endOf(lot) <= at

/** What is left of every award whose validity ended by the command's time: expired first, whatever the command. */
const dueExpiries = (ledger: PointsLedger, command: PointsCommand): ReadonlyArray<PointsEvent> =>
  [...ledger.lots.values()]
    .filter((lot) => lot.remaining > 0 && expiresBy(lot, command.at))
    .map((lot) => ({ _tag: "PointsExpired", ...stamp(command), awardId: lot.awardId, points: lot.remaining }))

/**
 * Takes up to `amount` from the awards with points left (except `excluding`): soonest expiry
 * first, never-expiring last, award order among equals — so residents lose as little as
 * possible to expiry.
 */
const drawUpTo = (ledger: PointsLedger, amount: number, excluding?: AwardId) => {
  const lots = [...ledger.lots.values()]
    .filter((lot) => lot.remaining > 0 && lot.awardId !== excluding)
    .sort((a, b) => endOf(a) - endOf(b))
  const drawn: Array<Draw> = []
  let total = 0
  for (const lot of lots) {
    if (total === amount) break
    const points = Math.min(lot.remaining, amount - total)
    drawn.push({ awardId: lot.awardId, points })
    total += points
  }
  return { drawn, total }
}

/** 自存自批: a resident can hold no part in their own award. */
const selfAward = (command: PointsCommand): Result.Result<never, PointsError> =>
  refuse(command, "selfAward", "a resident can neither collect nor approve their own points")

/**
 * An award takes two people besides the resident: the collector (揽储员) and the approver (审批人),
 * whose approval is a second person's check on the collection, whatever roles they hold.
 * The refusal when it does not, else undefined.
 */
const notTwoPeople = (
  command: PointsCommand,
  collector: string,
  approver: string,
): Result.Result<never, PointsError> | undefined => {
  if (collector === command.residentId || approver === command.residentId) return selfAward(command)
  if (approver === collector) {
    return refuse(command, "selfApproval", `${collector} collected the deposit and cannot approve it too`)
  }
  return undefined
}

/** An award id names one award, pending or granted. */
const awardTaken = (command: PointsCommandOf<"AwardPoints" | "RequestAward">, ledger: PointsLedger) =>
  ledger.lots.has(command.awardId) || ledger.pending.has(command.awardId)
    ? refuse(command, "duplicateAward", `award ${command.awardId} exists`)
    : undefined

const expiryOf = (policy: PointsPolicy, at: Instant) =>
  policy.validForDays === undefined ? {} : { expiresAt: at + policy.validForDays * DAY }

/** 存入 in one step: a collector's deposit naming its approver (see `RequestAward` for the two-step award). */
const award = (
  command: PointsCommandOf<"AwardPoints">,
  ledger: PointsLedger,
  policy: PointsPolicy,
): Decision =>
  notTwoPeople(command, command.by, command.approvedBy) ??
  awardTaken(command, ledger) ??
  emit({ _tag: "PointsAwarded", ...fieldsOf(command), ...expiryOf(policy, command.at) })

/** 存入申请: a collector asks for an award, which waits for an approver's own confirmation. */
const requestAward = (command: PointsCommandOf<"RequestAward">, ledger: PointsLedger): Decision =>
  command.by === command.residentId
    ? selfAward(command)
    : (awardTaken(command, ledger) ?? emit({ _tag: "AwardRequested", ...fieldsOf(command) }))

/** The pending award a confirmation or a decline answers, decided by a second person. */
const pendingFor = (
  command: PointsCommandOf<"ConfirmAward" | "DeclineAward">,
  ledger: PointsLedger,
): Result.Result<PendingAward, PointsError> => {
  const pending = ledger.pending.get(command.awardId)
  if (pending === undefined) {
    return refuse(command, "noPendingAward", `no award ${command.awardId} is waiting for approval`)
  }
  return notTwoPeople(command, pending.requestedBy, command.by) ?? Result.succeed(pending)
}

/** 审批: the approver confirms the award with their own command; it is granted as requested. */
const confirmAward = (
  command: PointsCommandOf<"ConfirmAward">,
  ledger: PointsLedger,
  policy: PointsPolicy,
): Decision =>
  Result.flatMap(pendingFor(command, ledger), (pending) =>
    emit({
      _tag: "PointsAwarded",
      residentId: command.residentId,
      at: command.at,
      by: pending.requestedBy,
      awardId: pending.awardId,
      points: pending.points,
      act: pending.act,
      reason: pending.reason,
      approvedBy: command.by,
      ...expiryOf(policy, command.at),
    }),
  )

/** The approver turns the requested award down. */
const declineAward = (command: PointsCommandOf<"DeclineAward">, ledger: PointsLedger): Decision =>
  Result.flatMap(pendingFor(command, ledger), () => emit({ _tag: "AwardDeclined", ...fieldsOf(command) }))

/** 兑换: a reward from the catalogue, paid from the awards that expire first; never below zero. */
const redeem = (
  command: PointsCommandOf<"RedeemPoints">,
  ledger: PointsLedger,
  policy: PointsPolicy,
): Decision => {
  if (ledger.redemptions.has(command.redemptionId)) {
    return refuse(command, "duplicateRedemption", `redemption ${command.redemptionId} exists`)
  }
  const reward = Object.hasOwn(policy.catalogue, command.rewardId)
    ? policy.catalogue[command.rewardId]
    : undefined
  if (reward === undefined)
    return refuse(command, "unknownReward", `the catalogue has no reward ${command.rewardId}`)
  const points = reward.cost * command.quantity
  if (points > ledger.balance) {
    return Result.fail(
      new InsufficientPoints({ residentId: command.residentId, balance: ledger.balance, requested: points }),
    )
  }
  return emit({
    _tag: "RewardRedeemed",
    ...fieldsOf(command),
    rewardName: reward.name,
    unitCost: reward.cost,
    points,
    drawn: drawUpTo(ledger, points).drawn,
  })
}

/** Expiry itself happens before every command (see `decidePoints`); the command only asks for it. */
const expire = (): Decision => emit()

/** 冲正: takes back what is left of a mistaken award, then what was spent of it, from other awards. */
const reverse = (command: PointsCommandOf<"ReverseAward">, ledger: PointsLedger): Decision => {
  const lot = ledger.lots.get(command.awardId)
  if (lot === undefined) return refuse(command, "unknownAward", `no award ${command.awardId} in this ledger`)
  if (lot.reversed) return refuse(command, "alreadyReversed", `award ${command.awardId} was reversed already`)
  const spent = lot.points - lot.remaining - lot.expired
  const fromOthers = drawUpTo(ledger, spent, lot.awardId)
  const own: ReadonlyArray<Draw> = lot.remaining > 0 ? [{ awardId: lot.awardId, points: lot.remaining }] : []
  return emit({
    _tag: "AwardReversed",
    ...fieldsOf(command),
    points: lot.remaining + fromOthers.total,
    unrecovered: spent - fromOthers.total,
    drawn: [...own, ...fromOthers.drawn],
  })
}

/** Each command's decision on a ledger whose due expiries are already applied. */
const DECISIONS: Decisions<PointsCommand, [PointsLedger, PointsPolicy], Decision> = {
  AwardPoints: award,
  RequestAward: requestAward,
  ConfirmAward: confirmAward,
  DeclineAward: declineAward,
  RedeemPoints: redeem,
  ExpirePoints: expire,
  ReverseAward: reverse,
}

/**
 * Decides a ledger command (道德银行). Checks the command targets this ledger and is not dated
 * before its last event; then expires whatever is due by the command's time (those
 * `PointsExpired` come first in the decision), and decides the command on what is left. The
 * balance never goes below zero: a redemption must fit in it, a reversal takes at most all of it.
 */
export const decidePoints = (
  policy: PointsPolicy,
  command: PointsCommand,
  ledger: PointsLedger,
): Decision => {
  const held = { id: ledger.residentId ?? command.residentId, lastAt: ledger.lastAt }
  const wrong = misaddressed(command, command.residentId, held, "ledger", "residentIdMismatch")
  if (wrong !== undefined) return refuse(command, wrong.rule, wrong.detail)
  const expiries = dueExpiries(ledger, command)
  const decision = dispatch(DECISIONS, command, expiries.reduce(evolvePoints, ledger), policy)
  return Result.map(decision, (events) => [...expiries, ...events])
}

/** The points-ledger decider for a catalogue and validity. */
export const makePointsDecider = (
  policy: PointsPolicy,
): Decider<PointsCommand, PointsEvent, PointsLedger, PointsError> => ({
  decide: (command, ledger) => decidePoints(policy, command, ledger),
  evolve: evolvePoints,
  initialState: initialPointsLedger,
})
