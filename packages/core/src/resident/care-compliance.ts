import type { Instant } from "../shared/instant.ts"
import { firstCarePeriodFrom, nextCarePeriodStart } from "./care-periods.ts"
import type { CarePlan, RegisteredResident, ResidentState } from "./state.ts"
import type { ResidentId, SpecialCareTag, VisitCadence } from "./vocabulary.ts"

/** The stretch of time a compliance report covers: from `from` (inclusive) to `to` (exclusive). */
export interface ComplianceWindow {
  readonly from: Instant
  readonly to: Instant
}

/** How one care plan fared in the window. */
export interface PlanCompliance {
  readonly residentId: ResidentId
  readonly householdId: string
  readonly tag: SpecialCareTag
  readonly cadence: VisitCadence
  /** Periods the plan had to meet: those wholly inside both the window and the plan's span. */
  readonly due: number
  /** Of those, the periods with at least `cadence.visits` visits. */
  readonly met: number
  /** Start of every period that fell short, oldest first: what a supervisor follows up. */
  readonly missed: ReadonlyArray<Instant>
}

/** Care-visit compliance (走访频次达标率): per plan, and overall. */
export interface CareCompliance {
  readonly plans: ReadonlyArray<PlanCompliance>
  readonly due: number
  readonly met: number
  /** met / due, or undefined when nothing was due. */
  readonly rate: number | undefined
}

/** Counts the visits (ascending instants) in [start, end), resuming from index `from`. */
const countVisits = (
  visits: ReadonlyArray<{ readonly at: Instant }>,
  from: number,
  start: Instant,
  end: Instant,
) => {
  let index = from
  while (index < visits.length && visits[index]!.at < start) index++
  let count = 0
  while (index + count < visits.length && visits[index + count]!.at < end) count++
  return { index, count }
}

const planCompliance = (
  resident: RegisteredResident,
  plan: CarePlan,
  window: ComplianceWindow,
): PlanCompliance => {
  const { per, visits: required } = plan.cadence
  const opens = Math.max(plan.since, window.from)
  const closes = Math.min(plan.until ?? Number.POSITIVE_INFINITY, window.to)
  const missed: Array<Instant> = []
  let due = 0
  let cursor = 0
  let start = firstCarePeriodFrom(opens, per)
  let end = nextCarePeriodStart(start, per)
  while (end <= closes) {
    const counted = countVisits(resident.visits, cursor, start, end)
    cursor = counted.index
    due++
    if (counted.count < required) missed.push(start)
    start = end
    end = nextCarePeriodStart(start, per)
  }
  return {
    residentId: resident.residentId,
    householdId: resident.householdId,
    tag: plan.tag,
    cadence: plan.cadence,
    due,
    met: due - missed.length,
    missed,
  }
}

/**
 * Care-visit compliance over a window (docs/domain.md#measure-care-visits): for every care plan of every resident, the
 * calendar periods (Asia/Shanghai) that lay wholly inside both the window and the plan's span,
 * and whether each had the visits its cadence asks for. A period the plan only partly covered —
 * the month it started in, the week it ended in — is not held against it; nor is the running
 * period when `to` is now. Every visit to the resident counts for all their plans; plans with
 * nothing due are left out. Pure: pass residents as loaded (or from a read model).
 */
export const careVisitCompliance = (
  residents: Iterable<ResidentState>,
  window: ComplianceWindow,
): CareCompliance => {
  const plans: Array<PlanCompliance> = []
  for (const resident of residents) {
    if (!resident.exists) continue
    for (const plan of resident.carePlans) {
      const result = planCompliance(resident, plan, window)
      if (result.due > 0) plans.push(result)
    }
  }
  const due = plans.reduce((sum, plan) => sum + plan.due, 0)
  const met = plans.reduce((sum, plan) => sum + plan.met, 0)
  return { plans, due, met, rate: due === 0 ? undefined : met / due }
}
