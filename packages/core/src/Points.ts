/**
 * The moral bank (道德银行, docs/domain.md#moral-bank): each resident's points ledger — awards for
 * civic acts approved by a second person, redemptions from a reward catalogue (never below zero),
 * expiry, and the reversal of a mistaken award. One stream per resident.
 *
 * @module
 */
export {
  type GuardedPointsHandler as GuardedHandler,
  type GuardedPointsHandlerOptions as GuardedHandlerOptions,
  makeGuardedPointsHandler as makeGuardedHandler,
} from "./authorization/guarded-points-handler.ts"
export {
  POINTS_STREAM_PREFIX as STREAM_PREFIX,
  pointsEventCodec as eventCodec,
  pointsStreamId as streamId,
} from "./points/codec.ts"
export {
  PointsCommand as Command,
  type PointsCommandOf as CommandOf,
  type PointsCommandTag as CommandTag,
} from "./points/commands.ts"
export { decidePoints as decide, makePointsDecider as makeDecider } from "./points/decide.ts"
export {
  InsufficientPoints,
  type PointsError as Error,
  PointsRule as Rule,
  PointsRuleViolated,
} from "./points/errors.ts"
export {
  POINTS_EVENT_TYPES as EVENT_TYPES,
  PointsEvent as Event,
  type PointsEventOf as EventOf,
  type PointsEventTag as EventTag,
} from "./points/events.ts"
export { evolvePoints as evolve } from "./points/evolve.ts"
export {
  decodePointsCommand as decodeCommand,
  makePointsHandler as makeHandler,
  type PointsHandler as Handler,
  type PointsHandlerOptions as HandlerOptions,
} from "./points/points-handler.ts"
export type { PointsPolicy as Policy } from "./points/policy.ts"
export { initialPointsLedger as initialState, type Lot, type PointsLedger as State } from "./points/state.ts"
export {
  AwardId,
  CivicAct,
  Draw,
  Points,
  RedemptionId,
  Reward,
  RewardCatalogue,
  RewardId,
} from "./points/vocabulary.ts"
