import { Instant, Territory } from "@gridcase/core"
import { CaseDeadlines, CaseOutcomes, OpenCases, PointsBalances, Residents } from "@gridcase/projections"
import { Effect, HashMap } from "effect"
import { calendarWarning } from "../office/calendar-years.ts"
import type { Office } from "../office/office.ts"
import { DEFAULT_WINDOW } from "../open311/open311-api.ts"
import { fmsStatusOf } from "../open311/request-status.ts"
import { requestsIn } from "../open311/requests-projection.ts"

/** Which community each grid and micro-grid belongs to (for the per-community measures). */
export const communityOf = (territory: Territory.EstablishedTerritory): ReadonlyMap<string, string> => {
  const parents = new Map<string, string>()
  for (const area of HashMap.values(territory.areas)) {
    if (area.parentId !== undefined) parents.set(area.areaId, area.parentId)
  }
  const communities = new Map<string, string>()
  for (const area of HashMap.values(territory.areas)) {
    if (area.level !== "grid" && area.level !== "microGrid") continue
    const grid = area.level === "grid" ? area.areaId : parents.get(area.areaId)
    const community = grid === undefined ? undefined : parents.get(grid)
    if (community !== undefined) communities.set(area.areaId, community)
  }
  return communities
}

const gridNames = (
  territory: Territory.State,
): ReadonlyArray<{ readonly gridId: string; readonly name: string }> =>
  territory.exists
    ? HashMap.toValues(territory.areas)
        .filter((area) => area.level === "grid" && Territory.isActive(area))
        .map((area) => ({ gridId: area.areaId, name: area.name }))
        .sort((a, b) => a.gridId.localeCompare(b.gridId))
    : []

/**
 * Last calendar month in Shanghai, [its first midnight, this month's first midnight): care plans
 * count visits per calendar month, and a month is only due once it is over.
 */
export const lastMonth = (now: number) => {
  const local = new Date(now + 8 * 3_600_000)
  const first = (monthsBack: number) =>
    Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - monthsBack, 1) - 8 * 3_600_000
  return { from: first(1), to: first(0) }
}

const showRate = (rate: CaseOutcomes.Rate) => ({
  numerator: rate.numerator,
  denominator: rate.denominator,
  rate: rate.rate ?? null,
})

/**
 * What the dashboard shows (docs/domain.md#measures), read from the read models at `now`: open cases per grid
 * (micro-grids counted in their grid), the overdue board, the rates, workloads and the latest
 * requests, and a warning when the working calendar runs out.
 */
export const dashboardFigures = async (office: Office) => {
  const territory = await office.district()
  const now = office.now()
  const calendar = calendarWarning(office.config.calendar, now, await office.beyondCalendar())
  const communities = territory.exists ? communityOf(territory) : new Map<string, string>()
  const outcomes = CaseOutcomes.queries({ communityOf: communities })
  /** A micro-grid's cases count in its grid. */
  const gridOf = (areaId: string) => {
    const area = territory.exists ? Territory.areaOf(territory, areaId) : undefined
    return area?.level === "microGrid" && area.parentId !== undefined ? area.parentId : areaId
  }
  return office.query(
    Effect.gen(function* () {
      const open = new Map<string, number>()
      for (const { gridId, openCases } of yield* OpenCases.perGrid) {
        const grid = gridOf(gridId)
        open.set(grid, (open.get(grid) ?? 0) + openCases)
      }
      const board = yield* CaseDeadlines.overdueBoard(now)
      const recent = yield* requestsIn({
        from: now - DEFAULT_WINDOW,
        to: now,
        serviceCodes: [],
        keep: () => true,
        limit: 12,
      })
      const resolve = yield* outcomes.timeToResolve()
      const care = yield* Residents.careCompliance(lastMonth(now))
      const leaders = yield* PointsBalances.leaderboard({ limit: 5 })
      return {
        now: Instant.toShanghaiIso(now),
        /** The calendar runs out soon, or cases sit beyond it: shown as a banner. */
        calendarWarning: calendar ?? null,
        openPerGrid: gridNames(territory).map(({ gridId, name }) => ({
          gridId,
          name,
          open: open.get(gridId) ?? 0,
        })),
        openTotal: [...open.values()].reduce((sum, count) => sum + count, 0),
        overdue: board.map((cell) => ({
          level: cell.level,
          departmentId: cell.departmentId ?? null,
          cases: cell.cases.map((c) => ({
            caseId: c.caseId,
            gridId: c.gridId,
            category: c.category,
            overdueHours: Math.round((c.overdueMs / 3_600_000) * 10) / 10,
          })),
        })),
        overdueTotal: board.reduce((sum, cell) => sum + cell.cases.length, 0),
        rates: {
          selfResolution: showRate(yield* outcomes.selfResolutionRate()),
          satisfaction: showRate(yield* outcomes.satisfactionRate()),
          reopen: showRate(yield* outcomes.reopenRate()),
          hotlineDiversion: showRate(yield* outcomes.hotlineDiversion()),
        },
        timeToResolve: {
          closed: resolve.count,
          meanHours: resolve.meanMs === undefined ? null : resolve.meanMs / 3_600_000,
          p90Hours: resolve.p90Ms === undefined ? null : resolve.p90Ms / 3_600_000,
        },
        workloads: (yield* OpenCases.workloads).slice(0, 10),
        /** 走访频次达标: visits due last month on care plans, and how many were made. */
        careVisits: { due: care.due, met: care.met, rate: care.rate ?? null },
        /** 道德银行 积分排行: residents by id only — names are sealed personal data. */
        pointsLeaders: leaders,
        recent: recent.map((doc) => ({
          caseId: doc.case.caseId,
          category: doc.case.category,
          gridId: doc.case.location.gridId,
          status: fmsStatusOf(doc.case),
          level: doc.case.level,
          requestedAt: Instant.toShanghaiIso(doc.requestedAt),
          description: doc.description,
        })),
      }
    }),
  )
}

export type DashboardFigures = Awaited<ReturnType<typeof dashboardFigures>>
