import { type Case, Instant, Territory } from "@gridcase/core"
import {
  CaseFlow,
  CaseLights,
  CaseMeasures,
  CaseOutcomes,
  OpenCases,
  PointsBalances,
  Residents,
} from "@gridcase/projections"
import { Effect, HashMap } from "effect"
import { calendarWarning } from "../office/calendar-years.ts"
import type { Office } from "../office/office.ts"
import { DEFAULT_WINDOW } from "../open311/open311-api.ts"
import { requestsIn } from "../open311/requests-projection.ts"
import { namesOf } from "./names.ts"

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

/** How many days the trend chart covers, today included (本地设定). */
export const TREND_DAYS = 14
/** How many latest requests and leaders the screen lists (本地设定). */
const RECENT = 12
const LEADERS = 8
/** How many workers and grids the assessment panel lists, most to answer for first (本地设定). */
const ASSESSED = 8

const HOUR = 3_600_000
const hours = (ms: number | undefined) => (ms === undefined ? null : Math.round((ms / HOUR) * 10) / 10)

const showRate = (rate: CaseOutcomes.Rate) => ({
  numerator: rate.numerator,
  denominator: rate.denominator,
  rate: rate.rate ?? null,
})

/** The grid a case is counted in: a micro-grid's cases count in its grid. */
const gridOfPlace = (territory: Territory.State, areaId: string) => {
  const area = territory.exists ? Territory.areaOf(territory, areaId) : undefined
  return area?.level === "microGrid" && area.parentId !== undefined ? area.parentId : areaId
}

/** The area the screen is filtered to, checked against the territory; undefined for the whole office. */
export const focusOf = (territory: Territory.State, areaId: string | undefined) => {
  if (areaId === undefined || areaId === "" || !territory.exists) return undefined
  const area = Territory.areaOf(territory, areaId)
  return area === undefined ? undefined : { territory, area }
}

export type Focus = NonNullable<ReturnType<typeof focusOf>>

/** A party's assessment figures as the screen shows them: counts, and the on-time rate or null. */
const assessed = (measures: Omit<CaseMeasures.PartyMeasures, "kind" | "id"> | undefined) => ({
  returns: measures?.returns ?? 0,
  bounced: measures?.bounced ?? 0,
  reworks: measures?.reworks ?? 0,
  misdispatches: measures?.misdispatches ?? 0,
  supervisions: measures?.supervisions ?? 0,
  reminders: measures?.reminders ?? 0,
  criticisms: measures?.criticisms ?? 0,
  onTime: measures?.onTime.rate ?? null,
  stepsDone: measures?.onTime.denominator ?? 0,
})

/** The count a row is ranked by: everything held against the party, each event once. */
const marks = (row: ReturnType<typeof assessed>) =>
  row.returns + row.reworks + row.misdispatches + row.supervisions + row.reminders + row.criticisms

/**
 * Measures per unit (各单位考核, docs/domain.md#measures): for each department cases are or were
 * dispatched to, how many are open and how many overdue by the lights, and from `CaseMeasures`
 * its returns (退回), cases sent back and forth (推诿), rework (返工 / 重办), wrong dispatches
 * (误派), supervision notices (督办), reminders (催办) and written criticisms (通报批评) it drew, and the on-time rate of the
 * steps it owned; worst first.
 */
export const unitMeasures = (
  cases: ReadonlyArray<CaseLights.LitCase>,
  measures: ReadonlyArray<CaseMeasures.PartyMeasures> = [],
) => {
  const units = new Map<string, { open: number; overdue: number }>()
  for (const { case: c, overdue } of cases) {
    if (c.assignee?._tag !== "department") continue
    const unit = units.get(c.assignee.departmentId) ?? { open: 0, overdue: 0 }
    units.set(c.assignee.departmentId, { open: unit.open + 1, overdue: unit.overdue + (overdue ? 1 : 0) })
  }
  const byId = new Map(measures.map((of) => [of.id, of]))
  return [...new Set([...units.keys(), ...byId.keys()])]
    .map((departmentId) => ({
      departmentId,
      ...(units.get(departmentId) ?? { open: 0, overdue: 0 }),
      ...assessed(byId.get(departmentId)),
    }))
    .sort(
      (a, b) =>
        b.overdue - a.overdue ||
        b.open - a.open ||
        marks(b) - marks(a) ||
        a.departmentId.localeCompare(b.departmentId),
    )
}

/**
 * Per worker and per grid (综合评价): the same figures, most returns, rework, wrong dispatches,
 * notices, reminders and criticisms first — a party pressed by 督办 or 催办, or criticised in
 * writing (通报批评), rises into the few rows shown.
 */
const assessmentRows = (measures: ReadonlyArray<CaseMeasures.PartyMeasures>) =>
  measures
    .map((of) => ({ id: of.id, ...assessed(of) }))
    .sort((a, b) => marks(b) - marks(a) || (a.onTime ?? 1) - (b.onTime ?? 1) || a.id.localeCompare(b.id))

/** An open case as a point on the map (where it has coordinates), coloured by its worst light. */
const pointOf = (territory: Territory.State, { case: c, worst, overdue }: CaseLights.LitCase) =>
  c.location.lat === undefined || c.location.long === undefined
    ? []
    : [
        {
          caseId: c.caseId,
          gridId: gridOfPlace(territory, c.location.gridId),
          lat: c.location.lat,
          long: c.location.long,
          light: worst ?? null,
          overdue,
          category: c.category,
          status: c.status,
          level: c.level,
        },
      ]

/** Open and overdue cases per grid (micro-grids in their grid), with each grid's worst light. */
const perGrid = (territory: Territory.State, cases: ReadonlyArray<CaseLights.LitCase>) => {
  const counts = new Map<string, { open: number; overdue: number; worst: Case.Light | undefined }>()
  for (const entry of cases) {
    const grid = gridOfPlace(territory, entry.case.location.gridId)
    const count = counts.get(grid) ?? { open: 0, overdue: 0, worst: undefined }
    counts.set(grid, {
      open: count.open + 1,
      overdue: count.overdue + (entry.overdue ? 1 : 0),
      worst: CaseLights.worstLight([
        ...(count.worst === undefined ? [] : [{ light: count.worst }]),
        ...(entry.worst === undefined ? [] : [{ light: entry.worst }]),
      ]),
    })
  }
  const grids = territory.exists
    ? HashMap.toValues(territory.areas)
        .filter((area) => area.level === "grid" && Territory.isActive(area))
        .sort((a, b) => a.areaId.localeCompare(b.areaId))
    : []
  return grids.map((area) => {
    const count = counts.get(area.areaId)
    return {
      gridId: area.areaId,
      name: area.name,
      communityId: area.parentId ?? null,
      open: count?.open ?? 0,
      overdue: count?.overdue ?? 0,
      worst: count?.worst ?? null,
    }
  })
}

/**
 * What the command-centre screen shows (指挥大屏; docs/domain.md#measures,
 * docs/domain.md#traffic-lights), read from the read models at `now`: every grid's open and
 * overdue cases and each open case with coordinates for the map; then —
 * for the area it is filtered to (a grid, a community, a street) or the whole office — the
 * overdue board by level and department, the trend of reports and closures, time to resolve
 * by category, the assessment rates, escalations per level and cause, care-visit compliance,
 * the units', workers' and grids' assessment (returns, rework, wrong dispatches, 督办 notices,
 * 催办 reminders, 通报批评 criticisms, on-time steps),
 * the moral bank's leaders and the latest requests. Overdue is `CaseLights`' — a case with a
 * red step — exactly as the case search's `overdue` filter counts it. Ids come with `names`.
 */
export const dashboardFigures = async (office: Office, areaId?: string) => {
  const territory = await office.district()
  const now = office.now()
  const calendar = calendarWarning(office.config.calendar, now, await office.beyondCalendar())
  const communities = territory.exists ? communityOf(territory) : new Map<string, string>()
  const outcomes = CaseOutcomes.queries({ communityOf: communities })
  const focus = focusOf(territory, areaId)
  const within = focus === undefined ? undefined : { territory: focus.territory, areaId: focus.area.areaId }
  const inFocus = (place: string) =>
    within === undefined || Territory.isWithin(within.territory, place, within.areaId)
  const names = namesOf(territory)
  return office.query(
    Effect.gen(function* () {
      const lit = yield* CaseLights.openCases(now, office.config)
      const focused = lit.filter((entry) => inFocus(entry.case.location.gridId))
      const board = CaseLights.overdueByLevelAndDepartment(focused, now)
      const escalations = yield* CaseFlow.escalations(within)
      const trend = yield* CaseFlow.daily({ from: now - (TREND_DAYS - 1) * 24 * HOUR, to: now, within })
      const scope = within === undefined ? {} : { within }
      const resolve = yield* outcomes.timeToResolve(scope)
      const recent = yield* requestsIn({
        from: now - DEFAULT_WINDOW,
        to: now,
        serviceCodes: [],
        keep: (doc) => inFocus(doc.case.location.gridId),
        limit: RECENT,
      })
      const care = yield* Residents.careCompliance(lastMonth(now), within)
      const leaders = yield* PointsBalances.leaderboard(
        within === undefined ? { limit: LEADERS } : { limit: LEADERS, within },
      )
      return {
        now: Instant.toShanghaiIso(now),
        /** The calendar runs out soon, or cases sit beyond it: shown as a banner. */
        calendarWarning: calendar ?? null,
        /** The area the panels are filtered to; null for the whole office. */
        focus:
          focus === undefined
            ? null
            : { areaId: focus.area.areaId, name: focus.area.name, level: focus.area.level },
        /** When the territory last changed: the page refetches the map when it moves. */
        territoryVersion: territory.exists ? territory.lastAt : 0,
        /** Every grid, for the map and the per-grid chart. */
        grids: perGrid(territory, lit),
        /** Every open case that has coordinates, for the map. */
        points: lit.flatMap((entry) => pointOf(territory, entry)),
        /** The figures of the area in focus (or the whole office). */
        open: focused.length,
        overdueTotal: board.reduce((sum, cell) => sum + cell.cases.length, 0),
        overdue: board.map((cell) => ({
          level: cell.level,
          departmentId: cell.departmentId ?? null,
          cases: cell.cases.map((c) => ({
            caseId: c.caseId,
            gridId: c.gridId,
            category: c.category,
            urgency: c.urgency,
            redSteps: c.redSteps,
            overdueHours: hours(c.overdueMs),
          })),
        })),
        escalations,
        escalationTotal: escalations.reduce((sum, count) => sum + count.escalations, 0),
        trend,
        rates: {
          selfResolution: showRate(yield* outcomes.selfResolutionRate(scope)),
          satisfaction: showRate(yield* outcomes.satisfactionRate(scope)),
          reopen: showRate(yield* outcomes.reopenRate(scope)),
          hotlineDiversion: showRate(yield* outcomes.hotlineDiversion(scope)),
        },
        timeToResolve: {
          closed: resolve.count,
          meanHours: hours(resolve.meanMs),
          p90Hours: hours(resolve.p90Ms),
        },
        resolveByCategory: (yield* outcomes.timeToResolveByCategory(scope)).map((times) => ({
          category: times.category,
          closed: times.count,
          meanHours: hours(times.meanMs),
          p90Hours: hours(times.p90Ms),
        })),
        units: unitMeasures(focused, yield* CaseMeasures.by("department", within)),
        /** 综合评价 per worker and per grid: returns, rework, wrong dispatches, notices, reminders, criticisms, on-time steps. */
        assessment: {
          totals: assessed(yield* CaseMeasures.totals(within)),
          workers: assessmentRows(yield* CaseMeasures.by("worker", within)).slice(0, ASSESSED),
          grids: assessmentRows(yield* CaseMeasures.by("grid", within)).slice(0, ASSESSED),
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
          status: doc.case.status,
          level: doc.case.level,
          source: doc.case.source,
          requestedAt: Instant.toShanghaiIso(doc.requestedAt),
          description: doc.description,
        })),
        /** What to call every id shown: areas, departments, staff. */
        names,
      }
    }),
  )
}

export type DashboardFigures = Awaited<ReturnType<typeof dashboardFigures>>
