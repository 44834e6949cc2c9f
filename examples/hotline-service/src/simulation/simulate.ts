import { BusinessClock, type EventStore, Instant, type Level } from "@gridcase/core"
import type { CaseFlow, CaseMeasures, OpenCases, ReadModelStore } from "@gridcase/projections"
import type { Layer } from "effect"
import { openOffice } from "../office/office.ts"
import type { Effort } from "./effort.ts"
import type { SimulatedDistrict } from "./minxin-road.ts"
import { readSummary } from "./read-summary.ts"
import { Run } from "./run.ts"

export interface SimulationOptions {
  readonly district: SimulatedDistrict
  readonly days: number
  /** When the first day starts (midnight in Shanghai). */
  readonly start: Instant.Instant
  readonly seed: number
  readonly store: Layer.Layer<EventStore.EventStore, EventStore.StoreUnavailable>
  /** Where the office keeps its read models; in memory by default (openOffice's). */
  readonly readModels?: Layer.Layer<ReadModelStore.ReadModelStore, unknown>
  readonly onDay?: (progress: { readonly day: number; readonly days: number; readonly cases: number }) => void
}

/** Cases by where they ended: every case reported is in exactly one of these. */
export interface CaseCounts {
  /** Still in the loop (在办): not closed, rejected, voided or merged. */
  readonly open: number
  /** 已结案 */
  readonly closed: number
  /** 不予立案 */
  readonly rejected: number
  /** 作废 */
  readonly voided: number
  /** 已合并 */
  readonly merged: number
}

/** A share, its parts, and undefined when there was nothing to count. */
export interface Share {
  readonly numerator: number
  readonly denominator: number
  readonly rate: number | undefined
}

/** The door-knocking campaign at the end of the run (敲门行动 走访进度). */
export interface CampaignSummary {
  readonly households: number
  readonly visited: number
  readonly refused: number
  readonly noAnswer: number
  readonly pending: number
  readonly knocks: number
}

/**
 * What a street office's monthly report (月报) holds, read from the office's read models at the
 * end of the run as its dashboard reads them: the cases by where they ended, overdue from the
 * lights, escalations by level and cause, every measure of the assessment (综合评价), the
 * workers' workload and effort split (721), care visits over whole months, the door-knocking
 * campaign, and the daily flow for the report's charts.
 */
export interface SimulationSummary {
  readonly start: string
  readonly end: string
  readonly days: number
  readonly grids: number
  readonly workers: number
  readonly households: number
  readonly residents: number
  /** Cases reported (reports and self-handled finds), = the sum of `counts`. */
  readonly cases: number
  readonly counts: CaseCounts
  /** Overdue at the end (超期), from the step lights as the dashboard shows them. */
  readonly overdue: {
    readonly total: number
    readonly cells: ReadonlyArray<{
      readonly level: Level.Level
      readonly departmentId: string | null
      readonly cases: number
    }>
  }
  /** Escalations (上报升级) by the level reached and their cause (overdue, requested, manual). */
  readonly escalations: ReadonlyArray<CaseFlow.EscalationCount>
  /** The assessment's rates and counts (综合评价, docs/domain.md#measures). */
  readonly assessment: {
    readonly selfResolution: Share
    readonly reopen: Share
    readonly satisfaction: Share
    readonly hotlineDiversion: Share
    readonly onTime: Share
    readonly onTimeBySteps: ReadonlyArray<Share & { readonly step: string }>
    readonly returns: number
    readonly bounced: number
    readonly reworks: number
    readonly misdispatches: number
    readonly byDepartment: ReadonlyArray<CaseMeasures.PartyMeasures>
  }
  readonly timeToResolve: {
    readonly meanHours: number | undefined
    readonly p90Hours: number | undefined
    readonly byCategory: ReadonlyArray<{
      readonly category: string
      readonly closed: number
      readonly meanHours: number | undefined
    }>
  }
  /** Open cases per grid at the end, busiest first, and the spread. */
  readonly openPerGrid: {
    readonly max: number
    readonly median: number
    readonly grids: ReadonlyArray<{ readonly gridId: string; readonly open: number }>
  }
  /** Grid workers' workload: open cases held at the end, and the effort split against 721. */
  readonly workload: {
    readonly openHeld: ReadonlyArray<OpenCases.Workload>
    readonly effort: Effort
  }
  /** Residents registered: those on care plans and the moral bank's depositors. */
  readonly registered: number
  readonly cared: number
  readonly visits: number
  /** Cases raised by visits (走访发现问题). */
  readonly visitCases: number
  /** 走访达标 over the whole calendar months of the run (a plan's first, partial month is not held against it). */
  readonly careCompliance: Share & { readonly months: ReadonlyArray<string> }
  readonly campaign: CampaignSummary
  readonly pointsAwarded: number
  readonly redemptions: number
  /** Reports and closures per day, for the charts. */
  readonly daily: ReadonlyArray<CaseFlow.DayFlow>
  readonly commands: number
  /** Commands the simulated people sent that the rules refused (they then re-read the case). */
  readonly refused: number
  readonly wallSeconds: number
}

/**
 * Simulates a district (docs/domain.md#figures) for a number of days on a virtual clock: every report, every
 * step of every case and every run of the deadline process goes through the office's real
 * command path — validation, authorization against the territory, the decider and the store —
 * and the summary is read from the office's read models, as the dashboard reads them.
 */
export const simulate = async (options: SimulationOptions): Promise<SimulationSummary> => {
  const began = performance.now()
  const clock = BusinessClock.makeFixed(options.start)
  let idCounter = 0
  const office = await openOffice({
    store: options.store,
    ...(options.readModels === undefined ? {} : { readModels: options.readModels }),
    territoryId: options.district.spec.territoryId,
    clock,
    ids: { next: () => `sim-${(++idCounter).toString(36).padStart(8, "0")}` },
  })
  try {
    // A run that would leave the office's calendar is refused before its first command, with the
    // calendar's own error (OutsideCalendarError), rather than failing on the first day it
    // cannot place: a year's run that stops in its tenth month has cost hours for nothing.
    const { calendar } = office.config
    calendar.isWorkingDay(options.start)
    calendar.isWorkingDay(options.start + options.days * 24 * Instant.HOUR - 1)
    const run = await Run.begin(office, clock, options)
    for (let day = 0; day < options.days; day++) await run.day(day)
    return await readSummary(office, await run.finish(began))
  } finally {
    await office.close()
  }
}
