import { Result } from "effect"
import { fieldsOf } from "../internal/fields-of.ts"
import type { Decider } from "../shared/decider.ts"
import { type Instant, toShanghaiIso } from "../shared/instant.ts"
import type { PointsCommand } from "./commands.ts"
import { InsufficientPoints, type PointsError, type PointsRule, PointsRuleViolated } from "./errors.ts"
import type { PointsEvent } from "./events.ts"
import { evolvePoints } from "./evolve.ts"
import type { PointsPolicy } from "./policy.ts"
import { initialPointsLedger, type Lot, type PointsLedger } from "./state.ts"
import type { AwardId, Draw } from "./vocabulary.ts"

type Decision = Result.Result<ReadonlyArray<PointsEvent>, PointsError>

const DAY = 24 * 60 * 60 * 1000

const refuse = (command: PointsCommand, rule: PointsRule, detail: string): Decision =>
  Result.fail(new PointsRuleViolated({ residentId: command.residentId, command: command._tag, rule, detail }))

const stamp = (command: PointsCommand) => ({ residentId: command.residentId, at: command.at, by: command.by })

const expiresBy = (lot: Lot, at: Instant): boolean => lot.expiresAt !== undefined && lot.expiresAt <= at

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
    .sort((a, b) => (a.expiresAt ?? Number.POSITIVE_INFINITY) - (b.expiresAt ?? Number.POSITIVE_INFINITY))
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

/**
 * An award takes two people besides the resident: the collector (揽储员) and the approver (审批人),
 * whose approval is a second person's check on the collection, whatever roles they hold.
 * The refusal when it does not, else undefined.
 */
const notTwoPeople = (command: PointsCommand, collector: string, approver: string): Decision | undefined => {
  if (collector === command.residentId || approver === command.residentId) {
    return refuse(command, "selfAward", "a resident can neither collect nor approve their own points")
  }
  if (approver === collector) {
    return refuse(command, "selfApproval", `${collector} collected the deposit and cannot approve it too`)
  }
  return undefined
}

const decideOnLedger = (policy: PointsPolicy, command: PointsCommand, ledger: PointsLedger): Decision => {
  switch (command._tag) {
    case "AwardPoints": {
      const refused = notTwoPeople(command, command.by, command.approvedBy)
      if (refused !== undefined) return refused
      if (ledger.lots.has(command.awardId) || ledger.pending.has(command.awardId))
        return refuse(command, "duplicateAward", `award ${command.awardId} exists`)
      const expiry =
        policy.validForDays === undefined ? {} : { expiresAt: command.at + policy.validForDays * DAY }
      return Result.succeed([{ _tag: "PointsAwarded", ...fieldsOf(command), ...expiry }])
    }
    case "RequestAward": {
      if (command.by === command.residentId) {
        return refuse(command, "selfAward", "a resident can neither collect nor approve their own points")
      }
      if (ledger.lots.has(command.awardId) || ledger.pending.has(command.awardId)) {
        return refuse(command, "duplicateAward", `award ${command.awardId} exists`)
      }
      return Result.succeed([{ _tag: "AwardRequested", ...fieldsOf(command) }])
    }
    case "ConfirmAward":
    case "DeclineAward": {
      const pending = ledger.pending.get(command.awardId)
      if (pending === undefined) {
        return refuse(command, "noPendingAward", `no award ${command.awardId} is waiting for approval`)
      }
      const refused = notTwoPeople(command, pending.requestedBy, command.by)
      if (refused !== undefined) return refused
      if (command._tag === "DeclineAward") {
        return Result.succeed([{ _tag: "AwardDeclined", ...fieldsOf(command) }])
      }
      const expiry =
        policy.validForDays === undefined ? {} : { expiresAt: command.at + policy.validForDays * DAY }
      return Result.succeed([
        {
          _tag: "PointsAwarded",
          residentId: command.residentId,
          at: command.at,
          by: pending.requestedBy,
          awardId: pending.awardId,
          points: pending.points,
          act: pending.act,
          reason: pending.reason,
          approvedBy: command.by,
          ...expiry,
        },
      ])
    }
    case "RedeemPoints": {
      if (ledger.redemptions.has(command.redemptionId)) {
        return refuse(command, "duplicateRedemption", `redemption ${command.redemptionId} exists`)
      }
      const reward = Object.hasOwn(policy.catalogue, command.rewardId)
        ? policy.catalogue[command.rewardId]
        : undefined
      if (reward === undefined) {
        return refuse(command, "unknownReward", `the catalogue has no reward ${command.rewardId}`)
      }
      const points = reward.cost * command.quantity
      if (points > ledger.balance) {
        return Result.fail(
          new InsufficientPoints({
            residentId: command.residentId,
            balance: ledger.balance,
            requested: points,
          }),
        )
      }
      return Result.succeed([
        {
          _tag: "RewardRedeemed",
          ...fieldsOf(command),
          rewardName: reward.name,
          unitCost: reward.cost,
          points,
          drawn: drawUpTo(ledger, points).drawn,
        },
      ])
    }
    case "ExpirePoints":
      return Result.succeed([])
    case "ReverseAward": {
      const lot = ledger.lots.get(command.awardId)
      if (lot === undefined)
        return refuse(command, "unknownAward", `no award ${command.awardId} in this ledger`)
      if (lot.reversed)
        return refuse(command, "alreadyReversed", `award ${command.awardId} was reversed already`)
      const spent = lot.points - lot.remaining - lot.expired
      const fromOthers = drawUpTo(ledger, spent, lot.awardId)
      const own: ReadonlyArray<Draw> =
        lot.remaining > 0 ? [{ awardId: lot.awardId, points: lot.remaining }] : []
      return Result.succeed([
        {
          _tag: "AwardReversed",
          ...fieldsOf(command),
          points: lot.remaining + fromOthers.total,
          unrecovered: spent - fromOthers.total,
          drawn: [...own, ...fromOthers.drawn],
        },
      ])
    }
  }
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
  if (ledger.residentId !== undefined && command.residentId !== ledger.residentId) {
    return refuse(command, "residentIdMismatch", `this stream holds the ledger of ${ledger.residentId}`)
  }
  if (command.at < ledger.lastAt) {
    return refuse(
      command,
      "clockWentBackwards",
      `the ledger's last event is at ${toShanghaiIso(ledger.lastAt)}`,
    )
  }
  const expiries = dueExpiries(ledger, command)
  const decision = decideOnLedger(policy, command, expiries.reduce(evolvePoints, ledger))
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
