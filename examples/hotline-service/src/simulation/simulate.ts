import { BusinessClock, type EventStore, Instant, Level } from "@gridcase/core"
import { CaseDeadlines, CaseOutcomes, Residents } from "@gridcase/projections"
import { Effect, type Layer } from "effect"
import { communityOf } from "../dashboard/figures.ts"
import { planDistrict } from "../district/plan-district.ts"
import { seedDistrict } from "../district/seed.ts"
import { openOffice } from "../office/office.ts"
import { CASES_PER_RESIDENT_YEAR, reportsOfDay } from "./arrivals.ts"
import { awardsOfDay, redemption, registration, simulatedResidents, visitsOfDay } from "./care-and-points.ts"
import { nextAction } from "./case-behaviour.ts"
import type { SimulatedDistrict } from "./minxin-road.ts"
import { makeRandom } from "./random.ts"
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

export interface SimulationSummary {
  readonly days: number
  readonly grids: number
  readonly workers: number
  readonly households: number
  readonly residents: number
  readonly cases: number
  readonly closed: number
  readonly open: number
  readonly selfResolution: number | undefined
  readonly satisfaction: number | undefined
  readonly overdueNow: number
  /** Escalations by the level the case reached, by the deadline process (overdue) or on request. */
  readonly escalations: Readonly<Record<Level.Level, { overdue: number; requested: number }>>
  readonly meanHoursToResolve: number | undefined
  readonly p90HoursToResolve: number | undefined
  /** Residents registered: those on care plans and the moral bank's depositors. */
  readonly registered: number
  readonly cared: number
  readonly visits: number
  /** Cases raised by visits (走访发现问题). */
  readonly visitCases: number
  /** Share of the care plans' visits due in whole months of the run that were made; undefined when no month ended. */
  readonly careCompliance: number | undefined
  readonly pointsAwarded: number
  readonly redemptions: number
  readonly commands: number
  /** Commands the simulated people sent that the rules refused (they then re-read the case). */
  readonly refused: number
  readonly wallSeconds: number
}

type Scheduled =
  | {
      readonly at: Instant.Instant
      readonly seq: number
      readonly kind: "resident" | "points"
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
    const escalations = Object.fromEntries(
      Level.LEVELS.map((level) => [level, { overdue: 0, requested: 0 }]),
    ) as Record<Level.Level, { overdue: number; requested: number }>
    let cases = 0
    let commands = 0
    let refused = 0
    let caseNumber = 0
    let idNumber = 0
    const nextId = () => `s${(++idNumber).toString(36).padStart(6, "0")}`
    const care = { registered: 0, visits: 0, raisedCases: 0, awarded: 0, redeemed: 0 }
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

    // Registration on the first morning, a resident every three minutes from 08:00.
    people.forEach((person, i) => {
      for (const step of registration(
        person,
        options.start + 8 * Instant.HOUR + i * 3 * Instant.MINUTE,
        random,
      )) {
        agenda.push({ ...step, seq: seq++, kind: "resident" })
      }
    })

    for (let day = 0; day < options.days; day++) {
      const dayStart = options.start + day * DAY_MS
      if (day > 0) {
        for (const visit of visitsOfDay(dayStart, people, random, nextId)) {
          agenda.push({ ...visit, seq: seq++, kind: "resident" })
        }
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
            escalations[moved.to as Level.Level].overdue++
            const state = await office.cases.get(moved.caseId)
            if (state.exists) scheduleNext(moved.caseId, state, item.at)
          }
          continue
        }
        if (item.kind === "resident" || item.kind === "points") {
          commands++
          try {
            if (item.kind === "resident") {
              const { visit, raisedCase } = await office.residents.send({ ...item.command, at: item.at })
              if (item.command._tag === "RegisterResident") care.registered++
              if (item.command._tag === "RecordVisit" && !visit.duplicate) care.visits++
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
          for (const event of handled.events) {
            if (event._tag === "CaseEscalated") escalations[event.to].requested++
          }
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
    const outcomes = CaseOutcomes.queries({
      communityOf: territory.exists ? communityOf(territory) : new Map(),
    })
    const figures = await office.query(
      Effect.gen(function* () {
        const selfResolution = yield* outcomes.selfResolutionRate()
        const satisfaction = yield* outcomes.satisfactionRate()
        const times = yield* outcomes.timeToResolve()
        const board = yield* CaseDeadlines.overdueBoard(end)
        const compliance = yield* Residents.careCompliance({ from: options.start, to: end })
        return {
          selfResolution,
          satisfaction,
          times,
          overdue: board.reduce((sum, cell) => sum + cell.cases.length, 0),
          compliance,
        }
      }),
    )
    const hours = (ms: number | undefined) => (ms === undefined ? undefined : ms / 3_600_000)
    return {
      days: options.days,
      grids: staff.grids.length,
      workers: options.district.spec.workers,
      households: options.district.households,
      residents: options.district.residents,
      cases,
      closed: figures.selfResolution.denominator,
      open: cases - figures.selfResolution.denominator,
      selfResolution: figures.selfResolution.rate,
      satisfaction: figures.satisfaction.rate,
      overdueNow: figures.overdue,
      escalations,
      meanHoursToResolve: hours(figures.times.meanMs),
      p90HoursToResolve: hours(figures.times.p90Ms),
      registered: care.registered,
      cared: people.filter((person) => person.care !== undefined).length,
      visits: care.visits,
      visitCases: care.raisedCases,
      careCompliance: figures.compliance.rate,
      pointsAwarded: care.awarded,
      redemptions: care.redeemed,
      commands,
      refused,
      wallSeconds: (performance.now() - began) / 1000,
    }
  } finally {
    await office.close()
  }
}
