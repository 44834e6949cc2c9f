import { Instant, type Points, Resident, Territory } from "@gridcase/core"
import type { Residents } from "@gridcase/projections"
import { asJson } from "./office-api-definition.ts"

/** A window as the API shows it: local times in Asia/Shanghai. */
const shownWindow = (window: { readonly from: number; readonly to: number }) => ({
  from: Instant.toShanghaiIso(window.from),
  to: Instant.toShanghaiIso(window.to),
})

/**
 * One row of the residents list: where the household sits now, its care tags and open plans,
 * the last visit and the visits due and made over `window` (走访达标). Still sealed: no name,
 * phone or address.
 */
export const residentRow = (
  territory: Territory.State,
  window: { readonly from: number; readonly to: number },
  record: Residents.Record,
) => {
  const compliance = Resident.careVisitCompliance([record], window)
  return {
    residentId: record.residentId,
    householdId: record.householdId,
    areaId: territory.exists ? (Territory.currentAreaOf(territory, record.householdId) ?? null) : null,
    buildingId: territory.exists ? (Territory.buildingOf(territory, record.householdId) ?? null) : null,
    tags: record.tags,
    carePlans: record.carePlans
      .filter((plan) => plan.until === undefined)
      .map((plan) => ({ tag: plan.tag, visits: plan.cadence.visits, per: plan.cadence.per })),
    lastVisitAt: record.visits.length === 0 ? null : Instant.toShanghaiIso(record.visits.at(-1)!.at),
    compliance: { ...shownWindow(window), due: compliance.due, met: compliance.met },
    erased: record.erased,
  }
}

/** One resident as staff read them: everything but the sealed personal details, times local. */
export const residentView = (resident: Resident.RegisteredResident) => {
  const { person: _sealed, ...rest } = resident
  return asJson({
    ...rest,
    lastAt: Instant.toShanghaiIso(rest.lastAt),
    carePlans: rest.carePlans.map((plan) => ({
      ...plan,
      since: Instant.toShanghaiIso(plan.since),
      until: plan.until === undefined ? null : Instant.toShanghaiIso(plan.until),
    })),
    visits: rest.visits.map((visit) => ({ ...visit, at: Instant.toShanghaiIso(visit.at) })),
  })
}

/** A resident's moral-bank ledger (道德银行): the balance and each award lot with its expiry. */
export const ledgerView = (residentId: string, ledger: Points.State) =>
  asJson({
    residentId,
    balance: ledger.balance,
    awards: [...ledger.lots.values()].map((lot) => ({
      ...lot,
      expiresAt: lot.expiresAt === undefined ? null : Instant.toShanghaiIso(lot.expiresAt),
    })),
  })
