/**
 * The moral bank's balances and leaderboards (积分排行).
 *
 * @module
 */
export {
  type LeaderboardEntry,
  type LeaderboardQuery,
  POINTS_BALANCES as NAME,
  type PointsBalance as Balance,
  PointsBalancesIndex as Index,
  pointsBalanceOf as balanceOf,
  pointsBalancesProjection as projection,
  pointsLeaderboard as leaderboard,
} from "./read-models/points-balances.ts"
