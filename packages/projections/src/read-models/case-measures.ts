import { Calendar, Case, type Level } from "@gridcase/core"
import { Effect } from "effect"
import { defineProjection, groupKey, groupParts, type IndexEntry } from "../projection/projection.ts"
import { ReadModelStore } from "../stores/read-model-store.ts"
import type { AreaScope } from "./area-scope.ts"
import { caseSource, foldCase } from "./case-fold.ts"
import { type Rate, rateOf } from "./case-outcomes.ts"
import { withinTest } from "./within.ts"

/** The case-measures read model's name: its documents and checkpoint are kept under it. */
export const CASE_MEASURES = "case-measures"

/**
 * Who a measure is counted against (综合评价的对象): the grid the case lies in, and the party
 * that held the case — a functional department (职能部门), a person (a grid worker, 网格员) or a
 * levelled unit (a community or street office).
 */
export type MeasuredBy = "grid" | "department" | "worker" | "unit"

/** Every kind of party, in the order the queries list them. */
export const MEASURED_BY: ReadonlyArray<MeasuredBy> = ["grid", "department", "worker", "unit"]

/**
 * The indexes of the case-measures read model. Every group is `groupKey(kind, id, grid)`
 * (`groupKey(kind, id, grid, step)` for the step indexes), so one kind is one lookup by `head`
 * and an area filter reads the grid; the value is how many times it happened to the case.
 */
export const CaseMeasuresIndex = {
  /** 退回: send-backs, counted against the party that sent the case back (docs/domain.md#measure-buck-passing). */
  returned: "returned",
  /** 推诿: value 1 for each party that sent back a case sent back two times or more. */
  bounced: "bounced",
  /** 返工 / 重办: failed verifications and reopens, against the party that handled it (docs/domain.md#measure-rework). */
  reworked: "reworked",
  /**
   * 误派: dispatches undone by a dispatch to someone else at the same level, against the first
   * receiver — "returned and redispatched" (docs/domain.md#measure-wrong-dispatch).
   */
  misdispatched: "misdispatched",
  /** 督办: supervision notices (督办单), against the party each was sent to (docs/domain.md#supervision). */
  supervised: "supervised",
  /** 催办: reminders, against the party that held the case (docs/domain.md#rule-reminder). */
  reminded: "reminded",
  /**
   * 通报批评: written criticisms, against the unit criticised — the holder of the late step, named
   * by the event (docs/domain.md#rule-reminder).
   */
  criticized: "criticized",
  /** Steps the case finished (a step that runs again counts again), by the party that owned the step. */
  stepDone: "stepDone",
  /** Of those, the ones finished within their limit (used ≤ 1, not red; docs/domain.md#measure-on-time). */
  stepOnTime: "stepOnTime",
} as const

/** A case as the measures see it: its state, its latest dispatch, and its tallies by index and group. */
export interface CaseMeasuresDoc {
  readonly case: Case.OpenedCase
  /** The latest dispatch, at the level the case had then: a dispatch to someone else at that level undoes it (误派). */
  readonly lastDispatch?: { readonly level: Level.Level; readonly assignee: Case.Assignee } | undefined
  /** `groupKey(index, kind, id, grid[, step])` → how many times. */
  readonly tallies: Readonly<Record<string, number>>
}

/** The kind and id of the party an assignee names. */
export const partyOf = (assignee: Case.Assignee): readonly [MeasuredBy, string] => {
  switch (assignee._tag) {
    case "department":
      return ["department", assignee.departmentId]
    case "person":
      return ["worker", assignee.personId]
    case "unit":
      return ["unit", assignee.unitId]
  }
}

/**
 * Events that end a step without finishing it: the case left the step — climbed or came down
 * the ladder, was sent back, voided or merged — so the step is neither on time nor late.
 */
export const LEAVES_STEP: ReadonlySet<Case.Event["_tag"]> = new Set([
  "CaseEscalated",
  "CaseDeEscalated",
  "CaseSentBack",
  "CaseVoided",
  "CaseMerged",
])

/**
 * The steps the assignee owns; the answer to a supervision notice (督办回复) is its responder's; the
 * others (register, dispatch, verify, the call-back, the whole case) are the grid's.
 */
export const ASSIGNEE_STEPS: ReadonlySet<Case.Step> = new Set(["acknowledge", "handle"])

/** Who owned a finished step: the assignee its steps, the notice's responder its answer, else nobody but the grid. */
const ownerOf = (
  step: Case.Step,
  held: readonly [MeasuredBy, string] | undefined,
  c: Case.OpenedCase,
): readonly [MeasuredBy, string] | undefined => {
  if (step === "supervision")
    return c.supervision === undefined ? undefined : partyOf(c.supervision.responder)
  return ASSIGNEE_STEPS.has(step) ? held : undefined
}

/** Whether a finished step kept its limit; undefined when the calendar cannot place its deadline. */
const finishedOnTime = (
  c: Case.OpenedCase,
  step: Case.Step,
  config: Case.DeciderConfig,
): boolean | undefined => {
  try {
    const timer = Case.timers(c, c.lastAt, config.policy, config.calendar).find((t) => t.step === step)
    return timer === undefined ? undefined : timer.used <= 1
  } catch (error) {
    if (error instanceof Calendar.OutsideCalendarError) return undefined
    throw error
  }
}

/** The steps `event` finished: ended now, running before. */
const stepsFinished = (
  before: Case.OpenedCase | undefined,
  after: Case.OpenedCase,
): ReadonlyArray<Case.Step> =>
  (Object.keys(after.steps) as Array<Case.Step>).filter((step) => {
    const now = after.steps[step]
    const then = before?.steps[step]
    return (
      now?.endedAt !== undefined &&
      (then === undefined || then.startedAt !== now.startedAt || then.endedAt === undefined)
    )
  })

const tally = (tallies: Record<string, number>, index: string, ...group: ReadonlyArray<string>) => {
  const key = groupKey(index, ...group)
  tallies[key] = (tallies[key] ?? 0) + 1
}

const handleWith =
  (config: Case.DeciderConfig) =>
  (doc: CaseMeasuresDoc | undefined, event: Case.Event): CaseMeasuresDoc | undefined => {
    const before = doc?.case
    const c = foldCase(before, event)
    if (c === undefined) return undefined
    const grid = c.location.gridId
    const tallies = { ...doc?.tallies }
    const held = before?.assignee === undefined ? undefined : partyOf(before.assignee)
    /** Counts against the grid, and against the party that held the case when it is named. */
    const against = (
      index: string,
      party: readonly [MeasuredBy, string] | undefined,
      ...rest: Array<string>
    ) => {
      tally(tallies, index, "grid", grid, grid, ...rest)
      if (party !== undefined) tally(tallies, index, party[0], party[1], grid, ...rest)
    }
    let lastDispatch = doc?.lastDispatch
    switch (event._tag) {
      case "CaseSentBack":
        against(CaseMeasuresIndex.returned, held)
        break
      case "VerificationFailed":
      case "CaseReopened":
        against(CaseMeasuresIndex.reworked, held)
        break
      case "CaseDispatched": {
        const previous = lastDispatch
        if (
          previous !== undefined &&
          previous.level === c.level &&
          groupKey(...partyOf(previous.assignee)) !== groupKey(...partyOf(event.assignee))
        ) {
          against(CaseMeasuresIndex.misdispatched, partyOf(previous.assignee))
        }
        lastDispatch = { level: c.level, assignee: event.assignee }
        break
      }
      case "CaseSupervised":
        // A notice stored before notices named a responder went to whoever held the case.
        against(CaseMeasuresIndex.supervised, event.responder === undefined ? held : partyOf(event.responder))
        break
      case "CaseReminded":
        against(CaseMeasuresIndex.reminded, held)
        break
      case "CaseCriticized":
        against(CaseMeasuresIndex.criticized, partyOf(event.criticised))
        break
    }
    if (!LEAVES_STEP.has(event._tag)) {
      for (const step of stepsFinished(before, c)) {
        const onTime = finishedOnTime(c, step, config)
        if (onTime === undefined) continue
        const party = ownerOf(step, held, c)
        against(CaseMeasuresIndex.stepDone, party, step)
        if (onTime) against(CaseMeasuresIndex.stepOnTime, party, step)
      }
    }
    return lastDispatch === undefined ? { case: c, tallies } : { case: c, lastDispatch, tallies }
  }

const measureEntries = ({ case: c, tallies }: CaseMeasuresDoc): ReadonlyArray<IndexEntry> => {
  const entries: Array<IndexEntry> = []
  for (const [key, value] of Object.entries(tallies)) {
    const [index = "", ...group] = groupParts(key)
    entries.push({ index, group: groupKey(...group), value })
    if (index === CaseMeasuresIndex.returned && c.sendBacks >= 2) {
      entries.push({ index: CaseMeasuresIndex.bounced, group: groupKey(...group), value: 1 })
    }
  }
  return entries
}

/**
 * The measures the people running the loop look at (综合评价, docs/domain.md#measures), per grid,
 * per department, per worker and per unit: returns (退回) and cases sent back and forth (推诿),
 * rework (返工 / 重办), wrong dispatches (误派), supervision notices (督办), reminders (催办) and
 * written criticisms (通报批评), and the on-time rate of each step (the answer to a notice, 督办回复, its responder's). Every event
 * counts once, when it happens, and stays counted: a reopened case keeps its history. A step
 * counts when the case finishes it — not when it leaves it by escalation, de-escalation,
 * send-back, voiding or merging — and is on time when it ended within its limit, as core's
 * `timers` measures it. On-time depends on the policy and the calendar: bump `version` when
 * either changes, and the runner rebuilds (its default is 3 since written criticisms are counted:
 * a model built by version 2 lacks them, by version 1 notices and reminders too). Documents are kept for every case (a closed case
 * may be reopened), so the model's size follows cases.
 */
export const makeCaseMeasuresProjection = (config: Case.DeciderConfig, version = 3) =>
  defineProjection<Case.Event, CaseMeasuresDoc>({
    ...caseSource,
    name: CASE_MEASURES,
    version,
    handle: handleWith(config),
    indexes: measureEntries,
  })

/** The on-time rate of one step. */
export interface StepOnTime extends Rate {
  readonly step: Case.Step
}

/** What one party (or one grid) did, over the cases in scope. */
export interface PartyMeasures {
  readonly kind: MeasuredBy
  readonly id: string
  /** 退回: send-backs. */
  readonly returns: number
  /** 推诿: cases it sent back that were sent back two times or more. */
  readonly bounced: number
  /** 返工 / 重办: failed verifications and reopens of cases it handled. */
  readonly reworks: number
  /** 误派: dispatches to it that were undone by a dispatch to someone else. */
  readonly misdispatches: number
  /** 督办: supervision notices sent to it. */
  readonly supervisions: number
  /** 催办: reminders sent while it held the case. */
  readonly reminders: number
  /** 通报批评: written criticisms of it, for a step it held past its deadline, reminded and unexplained. */
  readonly criticisms: number
  /** Every step it owned that was finished, and how many within their limit. */
  readonly onTime: Rate
  /** The same per step, in the loop's order, for the steps it finished. */
  readonly steps: ReadonlyArray<StepOnTime>
}

/** The steps in the loop's order, from core's list: a hand-kept copy here left the call-back (回访) out of every report. */
const STEP_ORDER: ReadonlyArray<Case.Step> = Case.Step.literals

/** What the indexes hold for one party, before it is turned into rates. */
interface Tally {
  returns: number
  bounced: number
  reworks: number
  misdispatches: number
  supervisions: number
  reminders: number
  criticisms: number
  readonly done: Map<string, number>
  readonly onTime: Map<string, number>
}

const emptyTally = (): Tally => ({
  returns: 0,
  bounced: 0,
  reworks: 0,
  misdispatches: 0,
  supervisions: 0,
  reminders: 0,
  criticisms: 0,
  done: new Map(),
  onTime: new Map(),
})

type Counted =
  | "returns"
  | "bounced"
  | "reworks"
  | "misdispatches"
  | "supervisions"
  | "reminders"
  | "criticisms"
const COUNTED: ReadonlyArray<readonly [string, Counted]> = [
  [CaseMeasuresIndex.returned, "returns"],
  [CaseMeasuresIndex.bounced, "bounced"],
  [CaseMeasuresIndex.reworked, "reworks"],
  [CaseMeasuresIndex.misdispatched, "misdispatches"],
  [CaseMeasuresIndex.supervised, "supervisions"],
  [CaseMeasuresIndex.reminded, "reminders"],
  [CaseMeasuresIndex.criticized, "criticisms"],
]
const STEPS_COUNTED: ReadonlyArray<readonly [string, "done" | "onTime"]> = [
  [CaseMeasuresIndex.stepDone, "done"],
  [CaseMeasuresIndex.stepOnTime, "onTime"],
]

const sumOf = (rates: ReadonlyArray<Rate>): Rate =>
  rateOf(
    rates.reduce((sum, rate) => sum + rate.numerator, 0),
    rates.reduce((sum, rate) => sum + rate.denominator, 0),
  )

const measuresOf = (tally: Tally) => {
  const steps = STEP_ORDER.filter((step) => tally.done.has(step)).map(
    (step): StepOnTime => ({ step, ...rateOf(tally.onTime.get(step) ?? 0, tally.done.get(step) ?? 0) }),
  )
  const { returns, bounced, reworks, misdispatches, supervisions, reminders, criticisms } = tally
  return {
    returns,
    bounced,
    reworks,
    misdispatches,
    supervisions,
    reminders,
    criticisms,
    onTime: sumOf(steps),
    steps,
  }
}

const everywhere = () => true

/** The tallies of every party of one kind in scope, by id. */
const talliesOf = (kind: MeasuredBy, within: AreaScope | undefined) =>
  Effect.gen(function* () {
    const store = yield* ReadModelStore
    const inside = within === undefined ? everywhere : withinTest(within)
    const tallies = new Map<string, Tally>()
    const tallyOf = (id: string) => {
      const found = tallies.get(id) ?? emptyTally()
      tallies.set(id, found)
      return found
    }
    const groupsOf = (index: string) =>
      Effect.map(store.groups(CASE_MEASURES, index, kind), (groups) =>
        groups.flatMap((group) => {
          const [, id = "", grid = "", step = ""] = groupParts(group.group)
          return inside(grid) ? [{ id, step, sum: group.sum }] : []
        }),
      )
    for (const [index, field] of COUNTED) {
      for (const { id, sum } of yield* groupsOf(index)) tallyOf(id)[field] += sum
    }
    for (const [index, field] of STEPS_COUNTED) {
      for (const { id, step, sum } of yield* groupsOf(index)) {
        const of = tallyOf(id)[field]
        of.set(step, (of.get(step) ?? 0) + sum)
      }
    }
    return tallies
  })

/**
 * The measures of every party of one kind — every grid, department, worker or unit with
 * something counted — over the cases in an area (with everything under it) or everywhere,
 * ordered by id.
 */
export const measuresBy = (kind: MeasuredBy, within?: AreaScope) =>
  Effect.map(talliesOf(kind, within), (tallies) =>
    [...tallies]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([id, tally]): PartyMeasures => ({ kind, id, ...measuresOf(tally) })),
  )

/** The measures over every case in scope: the sum of its grids (every event counts against a grid). */
export const measureTotals = (within?: AreaScope) =>
  Effect.map(talliesOf("grid", within), (tallies): Omit<PartyMeasures, "kind" | "id"> => {
    const total = emptyTally()
    for (const tally of tallies.values()) {
      for (const [, field] of COUNTED) total[field] += tally[field]
      for (const [, field] of STEPS_COUNTED) {
        for (const [step, count] of tally[field])
          total[field].set(step, (total[field].get(step) ?? 0) + count)
      }
    }
    return measuresOf(total)
  })
