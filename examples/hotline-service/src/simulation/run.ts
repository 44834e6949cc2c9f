import { type BusinessClock, Campaign, Instant, type Territory } from "@gridcase/core"
import { planDistrict } from "../district/plan-district.ts"
import { seedDistrict } from "../district/seed.ts"
import type { Office } from "../office/office.ts"
import { makeAgenda, type Scheduled } from "./agenda.ts"
import { CASES_PER_RESIDENT_YEAR, reportsOfDay } from "./arrivals.ts"
import {
  awardsOfDay,
  redemption,
  registration,
  type SimulatedResident,
  simulatedResidents,
  visitsOfDay,
} from "./care-and-points.ts"
import { nextAction } from "./case-behaviour.ts"
import { type KnockQueues, knocksOfDay, launchCampaign, onDutyOf } from "./door-knocking.ts"
import { effortSplit, makeEffortLog } from "./effort.ts"
import { makeRandom, type Random } from "./random.ts"
import type { RunTally } from "./read-summary.ts"
import type { SimulationOptions } from "./simulate.ts"
import { type Staffing, staffingOf } from "./staffing.ts"

const DAY_MS = 24 * Instant.HOUR

/** The deadline process runs every half hour of simulated time. */
const TICK_EVERY = 30 * Instant.MINUTE
/** A case whose next step the rules refuse this often in a row is left alone (and counted). */
const MAX_REFUSALS = 4

const CAMPAIGN_ID = "minxin-road-door-knocking"

/** A scheduled command (anything on the agenda but a tick). */
type Sent = Exclude<Scheduled, { readonly kind: "tick" }>

/** What a simulated case step needs: the case as it stands when the next person looks at it. */
type CaseState = Parameters<typeof nextAction>[0]

/**
 * One run of the simulation on an open office: the agenda, the simulated people and what the
 * run counts as it goes. `begin` seeds the district and plans what starts with the run; `day`
 * plans one day and does everything on the agenda before its end, each kind of item by its own
 * method; `finish` runs the last tick, closes the campaign and hands over the tally.
 */
export class Run {
  private readonly agenda = makeAgenda()
  private seq = 0
  /** Each case has at most one next step on the agenda: planning anew drops the earlier plan. */
  private readonly planned = new Map<string, number>()
  private readonly refusals = new Map<string, number>()
  private readonly byResident: ReadonlyMap<string, SimulatedResident>
  private readonly workers: ReadonlyArray<string>
  private readonly effort: ReturnType<typeof makeEffortLog>
  private readonly queues: KnockQueues
  private readonly perDay: number
  private readonly end: Instant.Instant
  private readonly care = { registered: 0, visits: 0, raisedCases: 0, awarded: 0, redeemed: 0 }
  private cases = 0
  private commands = 0
  private refused = 0
  private knocks = 0
  private workingDays = 0
  private caseNumber = 0
  private idNumber = 0

  private readonly office: Office
  private readonly clock: BusinessClock.FixedClock
  private readonly options: SimulationOptions
  private readonly random: Random
  private readonly staff: Staffing
  private readonly people: ReadonlyArray<SimulatedResident>
  private readonly territory: Territory.State

  private constructor(setting: {
    readonly office: Office
    readonly clock: BusinessClock.FixedClock
    readonly options: SimulationOptions
    readonly random: Random
    readonly staff: Staffing
    readonly people: ReadonlyArray<SimulatedResident>
    readonly territory: Territory.State
  }) {
    const { office, clock, options, random, staff, people, territory } = setting
    this.office = office
    this.clock = clock
    this.options = options
    this.random = random
    this.staff = staff
    this.people = people
    this.territory = territory
    this.byResident = new Map(people.map((person) => [person.residentId, person]))
    this.workers = [...new Set(staff.grids.map((grid) => staff.workerOf(grid)))].sort()
    this.effort = makeEffortLog(this.workers)
    this.queues = new Map(this.workers.map((worker) => [worker, []]))
    for (const person of people)
      this.queues.get(person.worker)?.push({ householdId: person.householdId, gridId: person.gridId })
    this.perDay = (options.district.residents * CASES_PER_RESIDENT_YEAR) / 365
    this.end = options.start + options.days * DAY_MS
  }

  /**
   * Seeds the district into the office and plans what the run begins with: a tick every half
   * hour to its end, the residents on the rolls (registered, tagged and on their care plans
   * from its first instant, so every plan is due for each whole month of the run) and the
   * door-knocking campaign on the first morning.
   */
  static async begin(
    office: Office,
    clock: BusinessClock.FixedClock,
    options: SimulationOptions,
  ): Promise<Run> {
    const random = makeRandom(options.seed)
    const districtPlan = planDistrict(options.district.spec)
    const staff = staffingOf(districtPlan)
    const { households, people } = simulatedResidents(options.district.residents, random, staff)
    const plan = { ...districtPlan, households: [...districtPlan.households, ...households] }
    const territory = await seedDistrict(office, plan)
    const run = new Run({ office, clock, options, random, staff, people, territory })
    for (let t = options.start + TICK_EVERY; t <= run.end; t += TICK_EVERY) run.plan({ at: t, kind: "tick" })
    for (const person of people)
      for (const step of registration(person, options.start, random)) run.plan({ ...step, kind: "resident" })
    run.plan({
      ...launchCampaign({
        campaignId: CAMPAIGN_ID,
        streetId: options.district.spec.streetId,
        by: staff.ownerOf(staff.grids[0]!, "street"),
        at: options.start + 8 * Instant.HOUR,
        households: people,
      }),
      kind: "campaign",
    })
    return run
  }

  /** Plans the day's work, reports and care, then does everything on the agenda before its end. */
  async day(day: number): Promise<void> {
    const dayStart = this.options.start + day * DAY_MS
    this.planDay(day, dayStart)
    for (
      let item = this.agenda.peek();
      item !== undefined && item.at < dayStart + DAY_MS;
      item = this.agenda.peek()
    ) {
      this.agenda.pop()
      this.clock.set(item.at)
      if (item.kind === "tick") await this.tick(item.at)
      else if (item.kind === "send") await this.sendCaseCommand(item)
      else if (item.kind === "campaign") await this.counted(() => this.sendCampaignCommand(item))
      else if (item.kind === "resident") await this.counted(() => this.sendResidentCommand(item))
      else await this.counted(() => this.sendPointsCommand(item))
    }
    this.options.onDay?.({ day: day + 1, days: this.options.days, cases: this.cases })
  }

  /** The last tick at the run's end, the campaign closed, and what the run counted. */
  async finish(began: number): Promise<RunTally> {
    this.clock.set(this.end)
    await this.office.tick()
    await this.office.campaigns.send({
      _tag: "CloseCampaign",
      campaignId: CAMPAIGN_ID,
      by: this.staff.ownerOf(this.staff.grids[0]!, "street"),
      at: this.end,
      note: "本期敲门行动结束 — the run ends",
    })
    const campaign = await this.office.campaigns.get(CAMPAIGN_ID)
    return {
      options: this.options,
      end: this.end,
      territory: this.territory,
      staff: this.staff,
      people: this.people,
      care: this.care,
      effort: effortSplit(this.effort, this.workingDays),
      campaign: campaign.exists ? Campaign.progress(campaign) : undefined,
      knocks: this.knocks,
      commands: this.commands,
      refused: this.refused,
      wallSeconds: (performance.now() - began) / 1000,
    }
  }

  private plan(item: Omit<Sent, "seq"> | { readonly at: Instant.Instant; readonly kind: "tick" }) {
    this.agenda.push({ ...item, seq: this.seq++ } as Scheduled)
  }

  /**
   * A working day's duty rota, effort and knocks (from the second day: the campaign starts on
   * the first), every day's care visits, points (from the second day) and reports.
   */
  private planDay(day: number, dayStart: Instant.Instant) {
    if (this.office.config.calendar.isWorkingDay(dayStart + 12 * Instant.HOUR)) {
      const onDuty = onDutyOf(this.workers, this.workingDays++)
      for (const worker of this.workers) {
        if (onDuty.has(worker)) this.effort.duty(worker)
        else this.effort.patrol(worker)
      }
      if (day > 0) {
        const knocks = knocksOfDay({
          campaignId: CAMPAIGN_ID,
          dayStart,
          queues: this.queues,
          onDuty,
          random: this.random,
        })
        for (const knock of knocks) this.plan({ at: knock.at, command: knock.command, kind: "campaign" })
      }
    }
    const nextId = () => this.nextId()
    for (const visit of visitsOfDay(dayStart, this.people, this.random, nextId))
      this.plan({ ...visit, kind: "resident" })
    if (day > 0) {
      for (const award of awardsOfDay(dayStart, this.people, this.random, nextId))
        this.plan({ ...award, kind: "points" })
    }
    const caseId = () => `c${(++this.caseNumber).toString().padStart(6, "0")}`
    for (const report of reportsOfDay(dayStart, this.perDay, this.random, this.staff, caseId))
      this.plan({ at: report.at, command: report.command, kind: "send" })
  }

  /** Plans what the case's people do next, or nothing when they are done with it. */
  private scheduleNext(caseId: string, state: CaseState, at: Instant.Instant) {
    const action = nextAction(state, this.random, this.staff)
    if (action === undefined) {
      this.planned.delete(caseId)
      return
    }
    const when = Math.floor((at + action.after * Instant.MINUTE) / Instant.MINUTE) * Instant.MINUTE
    this.planned.set(caseId, this.seq)
    this.plan({
      at: Math.max(when, at + Instant.MINUTE),
      kind: "send",
      command: { ...action.command, caseId },
    })
  }

  /** The deadline process; the people of each case it escalated look at it again. */
  private async tick(at: Instant.Instant) {
    const report = await this.office.tick()
    for (const moved of report.escalated) {
      const state = await this.office.cases.get(moved.caseId)
      if (state.exists) this.scheduleNext(moved.caseId, state, at)
    }
  }

  /** A command that is not a case step: counted, and counted as refused if the rules refuse it. */
  private async counted(send: () => Promise<void>) {
    this.commands++
    try {
      await send()
    } catch {
      this.refused++
    }
  }

  private async sendCampaignCommand(item: Sent) {
    await this.office.campaigns.send({ ...item.command, at: item.at })
    if (item.command._tag === "RecordDoorKnock") {
      this.knocks++
      this.effort.inGrid(String(item.command.by), "knock")
    }
  }

  /** A resident registered, tagged, planned for or visited; a visit may raise a case (走访发现问题). */
  private async sendResidentCommand(item: Sent) {
    const { visit, raisedCase } = await this.office.residents.send({ ...item.command, at: item.at })
    if (item.command._tag === "RegisterResident") this.care.registered++
    if (item.command._tag === "RecordVisit" && !visit.duplicate) {
      this.care.visits++
      this.effort.inGrid(String(item.command.by), "visit")
    }
    if (raisedCase?.state.exists === true) {
      this.care.raisedCases++
      this.cases++
      this.scheduleNext(raisedCase.state.caseId, raisedCase.state, item.at)
    }
  }

  /** Points awarded (and the resident perhaps redeeming them an hour later), or redeemed. */
  private async sendPointsCommand(item: Sent) {
    const handled = await this.office.points.send({ ...item.command, at: item.at })
    if (item.command._tag !== "AwardPoints") {
      this.care.redeemed++
      return
    }
    this.care.awarded += Number(item.command.points)
    const person = this.byResident.get(String(item.command.residentId))
    const next =
      person === undefined
        ? undefined
        : redemption(person, handled.state.balance, item.at + Instant.HOUR, () => this.nextId())
    if (next !== undefined) this.plan({ ...next, kind: "points" })
  }

  /** A fresh id for a visit, an award or a redemption. */
  private nextId() {
    return `s${(++this.idNumber).toString(36).padStart(6, "0")}`
  }

  /**
   * A report, or a step of a case if it is still the one planned for it. When the rules refuse
   * the step (the case moved under the person: the deadline process escalated it, say), they
   * look again, and give up after `MAX_REFUSALS` refusals in a row.
   */
  private async sendCaseCommand(item: Sent) {
    const caseId = String(item.command.caseId)
    const report = item.command._tag === "ReportCase" || item.command._tag === "RecordSelfHandledCase"
    if (!report && this.planned.get(caseId) !== item.seq) return
    this.commands++
    try {
      const handled = await this.office.cases.send({ ...item.command, at: item.at })
      this.refusals.delete(caseId)
      if (report) this.cases++
      this.effort.onCase(String(item.command.by), report)
      if (handled.state.exists) this.scheduleNext(caseId, handled.state, item.at)
    } catch (error) {
      this.refused++
      const times = (this.refusals.get(caseId) ?? 0) + 1
      this.refusals.set(caseId, times)
      const state = await this.office.cases.get(caseId)
      if (!state.exists) throw error
      if (times < MAX_REFUSALS) this.scheduleNext(caseId, state, item.at)
    }
  }
}
