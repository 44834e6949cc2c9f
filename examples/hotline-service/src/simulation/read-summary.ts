import type { Territory } from "@gridcase/core"
import { type Campaign, Case, Instant } from "@gridcase/core"
import {
  CaseFlow,
  CaseIndex,
  CaseLights,
  CaseMeasures,
  CaseOutcomes,
  OpenCases,
  Residents,
} from "@gridcase/projections"
import { Effect } from "effect"
import { communityOf } from "../dashboard/figures.ts"
import type { Office } from "../office/office.ts"
import type { SimulatedResident } from "./care-and-points.ts"
import type { Effort } from "./effort.ts"
import type { Share, SimulationOptions, SimulationSummary } from "./simulate.ts"
import type { Staffing } from "./staffing.ts"
import { wholeMonths } from "./whole-months.ts"

/** What a run counted as it went, beside what the office's read models hold at its end. */
export interface RunTally {
  readonly options: SimulationOptions
  readonly end: Instant.Instant
  readonly territory: Territory.State
  readonly staff: Staffing
  readonly people: ReadonlyArray<SimulatedResident>
  readonly care: {
    readonly registered: number
    readonly visits: number
    readonly raisedCases: number
    readonly awarded: number
    readonly redeemed: number
  }
  readonly effort: Effort
  readonly campaign: Campaign.Progress | undefined
  readonly knocks: number
  readonly commands: number
  readonly refused: number
  readonly wallSeconds: number
}

/**
 * The run's summary, read from the office's read models as the dashboard reads them (counts,
 * overdue from the lights, escalations, the assessment's measures, care compliance over whole
 * months), with what only the run itself counted (effort, knocks, commands sent and refused).
 */
export const readSummary = async (office: Office, run: RunTally): Promise<SimulationSummary> => {
  const { options, end, territory, staff } = run
  const outcomes = CaseOutcomes.queries({
    communityOf: territory.exists ? communityOf(territory) : new Map(),
  })
  const months = wholeMonths(options.start, end)
  const figures = await office.query(
    Effect.gen(function* () {
      const everyCase = yield* CaseIndex.find(undefined)
      const board = yield* CaseLights.overdueBoard(end, office.config)
      const totals = yield* CaseMeasures.totals()
      return {
        statuses: everyCase.map((doc) => doc.case.status),
        board,
        escalations: yield* CaseFlow.escalations(),
        selfResolution: yield* outcomes.selfResolutionRate(),
        reopen: yield* outcomes.reopenRate(),
        satisfaction: yield* outcomes.satisfactionRate(),
        hotlineDiversion: yield* outcomes.hotlineDiversion(),
        totals,
        byDepartment: yield* CaseMeasures.by("department"),
        times: yield* outcomes.timeToResolve(),
        byCategory: yield* outcomes.timeToResolveByCategory(),
        perGrid: yield* OpenCases.perGrid,
        workloads: yield* OpenCases.workloads,
        compliance:
          months.length === 0
            ? undefined
            : yield* Residents.careCompliance({ from: months[0]!.from, to: months.at(-1)!.to }),
        daily: yield* CaseFlow.daily({ from: options.start, to: end - 1 }),
      }
    }),
  )
  const hours = (ms: number | undefined) => (ms === undefined ? undefined : ms / 3_600_000)
  const countOf = (status: Case.OpenedCase["status"]) => figures.statuses.filter((of) => of === status).length
  const openPerGrid = staff.grids
    .map((gridId) => ({ gridId, open: figures.perGrid.find((of) => of.gridId === gridId)?.openCases ?? 0 }))
    .sort((a, b) => b.open - a.open || (a.gridId < b.gridId ? -1 : 1))
  const share = (rate: CaseOutcomes.Rate): Share => ({ ...rate })
  return {
    start: Instant.toShanghaiIso(options.start),
    end: Instant.toShanghaiIso(end),
    days: options.days,
    grids: staff.grids.length,
    workers: options.district.spec.workers,
    households: options.district.households,
    residents: options.district.residents,
    cases: figures.statuses.length,
    counts: {
      open: figures.statuses.filter((status) => !Case.isTerminal(status)).length,
      closed: countOf("closed"),
      rejected: countOf("rejected"),
      voided: countOf("voided"),
      merged: countOf("merged"),
    },
    overdue: {
      total: figures.board.reduce((sum, cell) => sum + cell.cases.length, 0),
      cells: figures.board.map((cell) => ({
        level: cell.level,
        departmentId: cell.departmentId ?? null,
        cases: cell.cases.length,
      })),
    },
    escalations: figures.escalations,
    assessment: {
      selfResolution: share(figures.selfResolution),
      reopen: share(figures.reopen),
      satisfaction: share(figures.satisfaction),
      hotlineDiversion: share(figures.hotlineDiversion),
      onTime: share(figures.totals.onTime),
      onTimeBySteps: figures.totals.steps.map((step) => ({ ...step })),
      returns: figures.totals.returns,
      bounced: figures.totals.bounced,
      reworks: figures.totals.reworks,
      misdispatches: figures.totals.misdispatches,
      byDepartment: figures.byDepartment,
    },
    timeToResolve: {
      meanHours: hours(figures.times.meanMs),
      p90Hours: hours(figures.times.p90Ms),
      byCategory: figures.byCategory.map((of) => ({
        category: of.category,
        closed: of.count,
        meanHours: hours(of.meanMs),
      })),
    },
    openPerGrid: {
      max: openPerGrid[0]?.open ?? 0,
      median: openPerGrid[Math.floor(openPerGrid.length / 2)]?.open ?? 0,
      grids: openPerGrid,
    },
    workload: { openHeld: figures.workloads, effort: run.effort },
    registered: run.care.registered,
    cared: run.people.filter((person) => person.care !== undefined).length,
    visits: run.care.visits,
    visitCases: run.care.raisedCases,
    careCompliance: {
      numerator: figures.compliance?.met ?? 0,
      denominator: figures.compliance?.due ?? 0,
      rate: figures.compliance?.rate,
      months: months.map((month) => month.name),
    },
    campaign: {
      households: run.campaign?.total ?? 0,
      visited: run.campaign?.visited ?? 0,
      refused: run.campaign?.refused ?? 0,
      noAnswer: run.campaign?.noAnswer ?? 0,
      pending: run.campaign?.pending ?? 0,
      knocks: run.knocks,
    },
    pointsAwarded: run.care.awarded,
    redemptions: run.care.redeemed,
    daily: figures.daily,
    commands: run.commands,
    refused: run.refused,
    wallSeconds: run.wallSeconds,
  }
}
