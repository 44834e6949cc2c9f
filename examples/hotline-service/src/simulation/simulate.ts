import { BusinessClock, Campaign, type EventStore, Instant, type Level } from "@gridcase/core"
import type { CaseFlow, CaseMeasures, OpenCases } from "@gridcase/projections"
import type { Layer } from "effect"
import { planDistrict } from "../district/plan-district.ts"
import { seedDistrict } from "../district/seed.ts"
import { openOffice } from "../office/office.ts"
import { CASES_PER_RESIDENT_YEAR, reportsOfDay } from "./arrivals.ts"
import { awardsOfDay, redemption, registration, simulatedResidents, visitsOfDay } from "./care-and-points.ts"
import { nextAction } from "./case-behaviour.ts"
import { type KnockQueues, knocksOfDay, launchCampaign, onDutyOf } from "./door-knocking.ts"
import { type Effort, effortSplit, makeEffortLog } from "./effort.ts"
import type { SimulatedDistrict } from "./minxin-road.ts"
import { makeRandom } from "./random.ts"
import { readSummary } from "./read-summary.ts"
import { staffingOf } from "./staffing.ts"

export interface SimulationOptions {
  readonly district: SimulatedDistrict
  readonly days: number
  /** When the first day starts (midnight in Shanghai). */
  readonly start: Instant.Instant
  readonly seed: number
  readonly store: Layer.Layer<EventStore.EventStore, EventStore.StoreUnavailable>
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

type Scheduled =
  | {
      readonly at: Instant.Instant
      readonly seq: number
      readonly kind: "resident" | "points" | "campaign"
      readonly command: Readonly<Record<string, unknown>>
    }
  | {
      readonly at: Instant.Instant
      readonly seq: number
      readonly kind: "send"
      readonly command: Readonly<Record<string, unknown>>
    }
  | { readonly at: Instant.Instant; readonly seq: number; readonly kind: "tick" }

/** A binary min-heap on (at, seq): the simulation's agenda. */
const makeAgenda = () => {
  const heap: Array<Scheduled> = []
  const before = (a: Scheduled, b: Scheduled) => a.at < b.at || (a.at === b.at && a.seq < b.seq)
  return {
    push: (item: Scheduled) => {
      heap.push(item)
      let i = heap.length - 1
      while (i > 0) {
        const parent = (i - 1) >> 1
        if (!before(heap[i]!, heap[parent]!)) break
        ;[heap[i], heap[parent]] = [heap[parent]!, heap[i]!]
        i = parent
      }
    },
    peek: () => heap[0],
    pop: () => {
      const top = heap[0]
      const last = heap.pop()
      if (heap.length > 0 && last !== undefined) {
        heap[0] = last
        let i = 0
        for (;;) {
          const left = 2 * i + 1
          const right = left + 1
          let smallest = i
          if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left
          if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right
          if (smallest === i) break
          ;[heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!]
          i = smallest
        }
      }
      return top
    },
  }
}

const DAY_MS = 24 * Instant.HOUR

/** The deadline process runs every half hour of simulated time. */
const TICK_EVERY = 30 * Instant.MINUTE
/** A case whose next step the rules refuse this often in a row is left alone (and counted). */
const MAX_REFUSALS = 4

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
    territoryId: options.district.spec.territoryId,
    clock,
    ids: { next: () => `sim-${(++idCounter).toString(36).padStart(8, "0")}` },
  })
  try {
    const random = makeRandom(options.seed)
    const districtPlan = planDistrict(options.district.spec)
    const staff = staffingOf(districtPlan)
    const { households, people } = simulatedResidents(options.district.residents, random, staff)
    const plan = { ...districtPlan, households: [...districtPlan.households, ...households] }
    const territory = await seedDistrict(office, plan)
    const byResident = new Map(people.map((person) => [person.residentId, person]))
    const agenda = makeAgenda()
    let seq = 0
    const perDay = (options.district.residents * CASES_PER_RESIDENT_YEAR) / 365
    const refusals = new Map<string, number>()
    let cases = 0
    let commands = 0
    let refused = 0
    let caseNumber = 0
    let idNumber = 0
    const nextId = () => `s${(++idNumber).toString(36).padStart(6, "0")}`
    const care = { registered: 0, visits: 0, raisedCases: 0, awarded: 0, redeemed: 0 }
    const workers = [...new Set(staff.grids.map((grid) => staff.workerOf(grid)))].sort()
    const effort = makeEffortLog(workers)
    const campaignId = "minxin-road-door-knocking"
    const queues: KnockQueues = new Map(workers.map((worker) => [worker, []]))
    for (const person of people)
      queues.get(person.worker)?.push({ householdId: person.householdId, gridId: person.gridId })
    let knocks = 0
    let workingDays = 0
    const end = options.start + options.days * DAY_MS

    /** Each case has at most one next step on the agenda: planning anew drops the earlier plan. */
    const planned = new Map<string, number>()
    const scheduleNext = (caseId: string, state: Parameters<typeof nextAction>[0], at: Instant.Instant) => {
      const action = nextAction(state, random, staff)
      if (action === undefined) {
        planned.delete(caseId)
        return
      }
      const when = Math.floor((at + action.after * Instant.MINUTE) / Instant.MINUTE) * Instant.MINUTE
      planned.set(caseId, seq)
      agenda.push({
        at: Math.max(when, at + Instant.MINUTE),
        seq: seq++,
        kind: "send",
        command: { ...action.command, caseId },
      })
    }

    for (let t = options.start + TICK_EVERY; t <= end; t += TICK_EVERY)
      agenda.push({ at: t, seq: seq++, kind: "tick" })

    // The residents on the rolls when the run begins: registered, tagged and on their care
    // plans from its first instant, so every plan is due for each whole month of the run.
    for (const person of people) {
      for (const step of registration(person, options.start, random)) {
        agenda.push({ ...step, seq: seq++, kind: "resident" })
      }
    }

    agenda.push({
      ...launchCampaign({
        campaignId,
        streetId: options.district.spec.streetId,
        by: staff.ownerOf(staff.grids[0]!, "street"),
        at: options.start + 8 * Instant.HOUR,
        households: people,
      }),
      seq: seq++,
      kind: "campaign",
    })

    for (let day = 0; day < options.days; day++) {
      const dayStart = options.start + day * DAY_MS
      if (office.config.calendar.isWorkingDay(dayStart + 12 * Instant.HOUR)) {
        const onDuty = onDutyOf(workers, workingDays++)
        for (const worker of workers) {
          if (onDuty.has(worker)) effort.duty(worker)
          else effort.patrol(worker)
        }
        if (day > 0) {
          for (const knock of knocksOfDay({ campaignId, dayStart, queues, onDuty, random })) {
            agenda.push({ at: knock.at, command: knock.command, seq: seq++, kind: "campaign" })
          }
        }
      }
      for (const visit of visitsOfDay(dayStart, people, random, nextId)) {
        agenda.push({ ...visit, seq: seq++, kind: "resident" })
      }
      if (day > 0) {
        for (const award of awardsOfDay(dayStart, people, random, nextId)) {
          agenda.push({ ...award, seq: seq++, kind: "points" })
        }
      }
      for (const report of reportsOfDay(
        dayStart,
        perDay,
        random,
        staff,
        () => `c${(++caseNumber).toString().padStart(6, "0")}`,
      )) {
        agenda.push({ at: report.at, seq: seq++, kind: "send", command: report.command })
      }
      for (
        let item = agenda.peek();
        item !== undefined && item.at < dayStart + DAY_MS;
        item = agenda.peek()
      ) {
        agenda.pop()
        clock.set(item.at)
        if (item.kind === "tick") {
          const report = await office.tick()
          for (const moved of report.escalated) {
            const state = await office.cases.get(moved.caseId)
            if (state.exists) scheduleNext(moved.caseId, state, item.at)
          }
          continue
        }
        if (item.kind === "resident" || item.kind === "points" || item.kind === "campaign") {
          commands++
          try {
            if (item.kind === "campaign") {
              await office.campaigns.send({ ...item.command, at: item.at })
              if (item.command._tag === "RecordDoorKnock") {
                knocks++
                effort.inGrid(String(item.command.by), "knock")
              }
            } else if (item.kind === "resident") {
              const { visit, raisedCase } = await office.residents.send({ ...item.command, at: item.at })
              if (item.command._tag === "RegisterResident") care.registered++
              if (item.command._tag === "RecordVisit" && !visit.duplicate) {
                care.visits++
                effort.inGrid(String(item.command.by), "visit")
              }
              if (raisedCase?.state.exists === true) {
                care.raisedCases++
                cases++
                scheduleNext(raisedCase.state.caseId, raisedCase.state, item.at)
              }
            } else {
              const handled = await office.points.send({ ...item.command, at: item.at })
              if (item.command._tag === "AwardPoints") {
                care.awarded += Number(item.command.points)
                const person = byResident.get(String(item.command.residentId))
                const next =
                  person === undefined
                    ? undefined
                    : redemption(person, handled.state.balance, item.at + Instant.HOUR, nextId)
                if (next !== undefined) agenda.push({ ...next, seq: seq++, kind: "points" })
              } else care.redeemed++
            }
          } catch {
            refused++
          }
          continue
        }
        const caseId = String(item.command.caseId)
        const report = item.command._tag === "ReportCase" || item.command._tag === "RecordSelfHandledCase"
        if (!report && planned.get(caseId) !== item.seq) continue
        commands++
        try {
          const handled = await office.cases.send({ ...item.command, at: item.at })
          refusals.delete(caseId)
          if (report) cases++
          effort.onCase(String(item.command.by), report)
          if (handled.state.exists) scheduleNext(caseId, handled.state, item.at)
        } catch (error) {
          // The case moved under the person (the deadline process escalated it, say): look again.
          refused++
          const times = (refusals.get(caseId) ?? 0) + 1
          refusals.set(caseId, times)
          const state = await office.cases.get(caseId)
          if (!state.exists) throw error
          if (times < MAX_REFUSALS) scheduleNext(caseId, state, item.at)
        }
      }
      options.onDay?.({ day: day + 1, days: options.days, cases })
    }

    clock.set(end)
    await office.tick()
    await office.campaigns.send({
      _tag: "CloseCampaign",
      campaignId,
      by: staff.ownerOf(staff.grids[0]!, "street"),
      at: end,
      note: "本期敲门行动结束 — the run ends",
    })
    const campaign = await office.campaigns.get(campaignId)
    return await readSummary(office, {
      options,
      end,
      territory,
      staff,
      people,
      care,
      effort: effortSplit(effort, workingDays),
      campaign: campaign.exists ? Campaign.progress(campaign) : undefined,
      knocks,
      commands,
      refused,
      wallSeconds: (performance.now() - began) / 1000,
    })
  } finally {
    await office.close()
  }
}
