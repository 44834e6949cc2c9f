import { Points } from "@gridcase/core"
import { Effect } from "effect"
import { defineProjection } from "../projection/projection.ts"
import { ReadModelStore } from "../stores/read-model-store.ts"
import type { AreaScope } from "./area-scope.ts"
import { ResidentsIndex, residentIdsIn } from "./residents.ts"

/** The points-balances read model's name: its documents and checkpoint are kept under it. */
export const POINTS_BALANCES = "points-balances"

/** The index entries of the points-balances read model, by which its queries find residents. */
export const PointsBalancesIndex = {
  /**
   * Every ledger, in one group, valued minus its balance (0 − b, never −0): ascending order is
   * the leaderboard's.
   */
  ranking: "ranking",
} as const

const EVERY_LEDGER = "all"

/** A resident's points balance (积分余额) in the moral bank (道德银行). */
export interface PointsBalance {
  readonly residentId: string
  readonly balance: number
}

/**
 * Points balances, one document per ledger. The balance moves exactly as core's
 * `evolvePoints` moves it; the award lots it also tracks (to choose what a redemption draws
 * on) are the ledger's business, not a read model's, so the document keeps the balance alone
 * and folds each event into a lot-less ledger holding it.
 */
export const pointsBalancesProjection = defineProjection<Points.Event, PointsBalance>({
  name: POINTS_BALANCES,
  version: 1,
  codec: Points.eventCodec,
  streamPrefix: Points.STREAM_PREFIX,
  keyOf: (event) => event.residentId,
  handle: (doc, event) => {
    const before = { ...Points.initialState, balance: doc?.balance ?? 0 }
    return { residentId: event.residentId, balance: Points.evolve(before, event).balance }
  },
  indexes: (doc) => [{ index: PointsBalancesIndex.ranking, group: EVERY_LEDGER, value: 0 - doc.balance }],
})

/** One line of a leaderboard (积分排行榜). */
export interface LeaderboardEntry {
  /** 1 for the highest balance; equal balances share a rank (1, 2, 2, 4). */
  readonly rank: number
  readonly residentId: string
  readonly balance: number
}

/** Which residents a leaderboard ranks (an area and what lies under it, or everyone) and how many it shows. */
export interface LeaderboardQuery {
  /** Only residents living in this area now (a grid, a community…); every ledger when absent. */
  readonly within?: AreaScope
  /** At most this many lines; every ledger in scope when absent. */
  readonly limit?: number
}

const ranked = (balances: ReadonlyArray<PointsBalance>): ReadonlyArray<LeaderboardEntry> => {
  const entries: Array<LeaderboardEntry> = []
  balances.forEach(({ residentId, balance }, index) => {
    const previous = entries[index - 1]
    const rank = previous !== undefined && previous.balance === balance ? previous.rank : index + 1
    entries.push({ rank, residentId, balance })
  })
  return entries
}

const byBalanceThenId = (a: PointsBalance, b: PointsBalance): number =>
  b.balance - a.balance || (a.residentId < b.residentId ? -1 : a.residentId > b.residentId ? 1 : 0)

/** A resident's balance: 0 for a resident without a ledger. */
export const pointsBalanceOf = (residentId: string) =>
  Effect.gen(function* () {
    const store = yield* ReadModelStore
    const doc = (yield* store.get(POINTS_BALANCES, residentId)) as PointsBalance | undefined
    return doc ?? { residentId, balance: 0 }
  })

/**
 * The leaderboard: highest balance first, ties by resident id. City-wide it reads the ranking
 * index alone; within an area it finds the area's residents (residents read model, by
 * household) and ranks their ledgers, so a grid's board follows its households through
 * re-gridding.
 */
export const pointsLeaderboard = (query: LeaderboardQuery = {}) =>
  Effect.gen(function* () {
    const store = yield* ReadModelStore
    const limit = query.limit === undefined ? undefined : Math.max(0, query.limit)
    if (query.within === undefined) {
      const members = yield* store.members(
        POINTS_BALANCES,
        PointsBalancesIndex.ranking,
        limit === undefined ? {} : { limit },
      )
      return ranked(members.map((member) => ({ residentId: member.key, balance: 0 - member.value })))
    }
    const ids = yield* residentIdsIn(ResidentsIndex.household, query.within)
    const loaded = ids.length === 0 ? new Map() : yield* store.load(POINTS_BALANCES, ids)
    const balances = [...loaded.values()].map((found) => found.doc as PointsBalance).sort(byBalanceThenId)
    return ranked(limit === undefined ? balances : balances.slice(0, limit))
  })
