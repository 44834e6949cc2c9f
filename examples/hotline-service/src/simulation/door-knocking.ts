import { Instant } from "@gridcase/core"
import type { Timed } from "./care-and-points.ts"
import { INPUTS } from "./inputs.ts"
import type { Random } from "./random.ts"

/** The simulated households a worker has still to knock on, by worker, in the order listed. */
export type KnockQueues = Map<string, Array<{ readonly householdId: string; readonly gridId: string }>>

/**
 * The street's door-knocking campaign (敲门行动, docs/domain.md#door-knocking), launched by the
 * street's dispatcher on the first morning over every household the simulation placed, each
 * listed with its grid for per-grid progress.
 */
export const launchCampaign = (options: {
  readonly campaignId: string
  readonly streetId: string
  readonly by: string
  readonly at: Instant.Instant
  readonly households: ReadonlyArray<{ readonly householdId: string; readonly gridId: string }>
}): Timed => ({
  at: options.at,
  command: {
    _tag: "LaunchCampaign",
    campaignId: options.campaignId,
    by: options.by,
    title: "民馨路街道敲门行动 — Minxin Road door-knocking",
    areaId: options.streetId,
    households: options.households.map(({ householdId, gridId }) => ({ householdId, areaId: gridId })),
  },
})

/**
 * One working day's knocks: each grid worker not on duty knocks on up to `knocksPerWorkerDay`
 * doors of their queue between 14:00 and 18:00; an unanswered door goes to the back of the queue
 * to be tried again, a visited or refused one leaves it.
 */
export const knocksOfDay = (options: {
  readonly campaignId: string
  readonly dayStart: Instant.Instant
  readonly queues: KnockQueues
  readonly onDuty: ReadonlySet<string>
  readonly random: Random
}): ReadonlyArray<Timed & { readonly worker: string }> =>
  [...options.queues].flatMap(([worker, queue]) => {
    if (options.onDuty.has(worker)) return []
    const today = queue.splice(0, INPUTS.knocksPerWorkerDay.value)
    return today.map((household, i) => {
      const outcome = options.random.weighted(INPUTS.knockOutcomes.value)
      if (outcome === "noAnswer") queue.push(household)
      return {
        worker,
        at: options.dayStart + 14 * Instant.HOUR + i * 20 * Instant.MINUTE,
        command: {
          _tag: "RecordDoorKnock",
          campaignId: options.campaignId,
          by: worker,
          householdId: household.householdId,
          outcome:
            outcome === "visited"
              ? {
                  _tag: "visited",
                  facts: {
                    occupants: 1 + Math.floor(options.random.next() * 4),
                    tenure: options.random.chance(INPUTS.ownedHomes.value) ? "owned" : "rented",
                    mayNeedCare: [],
                  },
                }
              : { _tag: outcome },
        },
      }
    })
  })

/**
 * Who is on rotating duty (轮流上岗) on the `n`-th working day: the 721 method's 10 % of the
 * staff (docs/domain.md#baotou-36), taken in turn from the list of workers.
 */
export const onDutyOf = (workers: ReadonlyArray<string>, n: number): ReadonlySet<string> => {
  const size = Math.max(1, Math.round(workers.length * INPUTS.rotatingDuty.value))
  return new Set(Array.from({ length: size }, (_, i) => workers[(n * size + i) % workers.length]!))
}
