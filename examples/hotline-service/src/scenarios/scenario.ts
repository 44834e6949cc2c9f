import { MemoryEventStore } from "@gridcase/adapters/memory"
import { BusinessClock, type Case, type Level } from "@gridcase/core"
import type { DistrictPlan } from "../district/district-plan.ts"
import { seedDistrict } from "../district/seed.ts"
import { type Office, openOffice } from "../office/office.ts"
import { runStory, type StoryStep } from "../stories/story.ts"

/** One of the five seed stories (docs/domain.md#seeds) as a scenario anyone can run and read. */
export interface Scenario {
  readonly name: string
  readonly title: string
  /** Where the article comes from and what it tells. */
  readonly source: string
  /** The territory as the article draws it (what it leaves out is said in the README's table). */
  readonly district: DistrictPlan
  readonly start: number
  readonly steps: ReadonlyArray<StoryStep>
  /** How each case ends: the scenario checks it, and so does its test. */
  readonly outcome: Readonly<Record<string, { readonly status: Case.Status; readonly level: Level.Level }>>
}

export interface ScenarioResult {
  readonly ended: Readonly<
    Record<string, { readonly status: Case.Status; readonly level: Level.Level } | undefined>
  >
  readonly asTold: boolean
}

/**
 * Plays a scenario on a fresh memory store with a clock that follows the story: the district is
 * set up, every step goes through the office's real command path (authorization included), the
 * deadline process runs where the story says time has passed, and each case's end is compared
 * with how the story says it ended. `inspect` runs on the office once the story has played and
 * its read models have caught up, before it closes: where a test asks the public API and the
 * read models for the article's facts.
 */
export const runScenario = async (
  scenario: Scenario,
  log: (line: string) => void,
  inspect?: (office: Office) => Promise<void>,
): Promise<ScenarioResult> => {
  const clock = BusinessClock.makeFixed(scenario.start)
  const office = await openOffice({
    store: MemoryEventStore.layer,
    territoryId: scenario.district.territoryId,
    clock,
  })
  try {
    await seedDistrict(office, scenario.district)
    log(`${scenario.title}\n${scenario.source}`)
    await runStory(office, scenario.steps, { start: scenario.start, clock, log })
    const ended: Record<string, { status: Case.Status; level: Level.Level } | undefined> = {}
    log("\nHow it ended:")
    for (const [caseId, expected] of Object.entries(scenario.outcome)) {
      const state = await office.cases.get(caseId)
      ended[caseId] = state.exists ? { status: state.status, level: state.level } : undefined
      const events = (await office.cases.history(caseId)).length
      const ok = state.exists && state.status === expected.status && state.level === expected.level
      log(
        `  ${ok ? "✓" : "✗"} ${caseId}: ${state.exists ? `${state.status} at ${state.level}` : "no such case"}, ${events} events (the story: ${expected.status} at ${expected.level})`,
      )
    }
    const asTold = Object.entries(scenario.outcome).every(
      ([caseId, expected]) =>
        ended[caseId]?.status === expected.status && ended[caseId]?.level === expected.level,
    )
    await inspect?.(office)
    return { ended, asTold }
  } finally {
    await office.close()
  }
}

/** A working Tuesday morning, 09:00 in Shanghai. */
export const TUESDAY_9H = Date.parse("2026-03-10T09:00:00+08:00")

/** The narration that follows a step, when the story has any. */
const narration = (note: string | undefined) => (note === undefined ? {} : { say: note })

/** Small helpers so that stories read like the articles. */
export const say = (text: string): StoryStep => ({ say: text })
export const wait = (minutes: number): StoryStep => ({ wait: minutes })
export const tick = (text?: string): StoryStep => ({ tick: true, ...narration(text) })

/**
 * How a story writes a command: whom it is about (the case or the resident), who issues it, which
 * command, its other fields, and optionally a line of narration after it. The story's clock adds `at`.
 */
type CommandStep = (
  subjectId: string,
  by: string,
  tag: string,
  fields?: Record<string, unknown>,
  note?: string,
) => StoryStep

/** A case command in a story (上报, 立案, 派遣…). */
export const act: CommandStep = (caseId, by, tag, fields = {}, note) => ({
  send: { _tag: tag, caseId, by, ...fields },
  ...narration(note),
})

/** A report (上报) a story makes: who, what and in which grid; an ordinary one at grid level unless `extra` says. */
export interface StoryReport {
  readonly by: string
  readonly source: Case.Source
  readonly category: string
  readonly description: string
  readonly gridId: string
  /** Any other field of the report (a 12345 ticket id, an urgency, a level). */
  readonly extra?: Readonly<Record<string, unknown>>
}

/** A case's report (上报) in a story, with a line of narration after it when given. */
export const reportCase = (caseId: string, report: StoryReport, note?: string): StoryStep =>
  act(
    caseId,
    report.by,
    "ReportCase",
    {
      source: report.source,
      category: report.category,
      urgency: "normal",
      description: report.description,
      location: { gridId: report.gridId },
      level: "grid",
      ...report.extra,
    },
    note,
  )

/** Whom a case is dispatched to (派遣): a person, or a department and the handler who takes it for it. */
export type StoryAssignee =
  | { readonly person: string }
  | { readonly department: string; readonly handler: string }

/** How a story takes a case from its report into handling; see `reportAndDispatch`. */
export interface DispatchRun {
  /** The report, left out when the story reported the case earlier. */
  readonly report?: StoryReport
  /** Who registers (立案) and dispatches it: the owner of the level the case is at. */
  readonly owner: string
  readonly to: StoryAssignee
  /** The dispatch's note. */
  readonly note?: string
  /** Narration after registering. */
  readonly registered?: string
  /** Minutes between the dispatch and its acknowledgment; none unless said. */
  readonly acknowledgedAfter?: number
}

/**
 * 上报 → 立案 → 派遣 → 签收 → 处置: the run most stories open a case with — reported, registered
 * and dispatched by the owner, acknowledged and taken up by the person or department handler.
 */
export const reportAndDispatch = (caseId: string, run: DispatchRun): ReadonlyArray<StoryStep> => {
  const { report, owner, to, note, registered, acknowledgedAfter } = run
  const assignee =
    "person" in to
      ? { _tag: "person", personId: to.person }
      : { _tag: "department", departmentId: to.department }
  const handler = "person" in to ? to.person : to.handler
  return [
    ...(report === undefined ? [] : [reportCase(caseId, report)]),
    act(caseId, owner, "RegisterCase", {}, registered),
    act(caseId, owner, "DispatchCase", note === undefined ? { assignee } : { assignee, note }),
    ...(acknowledgedAfter === undefined ? [] : [wait(acknowledgedAfter)]),
    act(caseId, handler, "AcknowledgeCase"),
    act(caseId, handler, "StartHandling"),
  ]
}

/**
 * 结案 then 回访: the case's owner closes it, and the 12345 desk or the supervision side calls the
 * reporter back for their verdict (docs/domain.md#loop-follow-up) — the verdict belongs to the
 * call-back, never to the closing.
 */
export const closeAndCallBack = (
  caseId: string,
  closedBy: string,
  calledBy: string,
  satisfaction: Case.Satisfaction,
  note?: string,
): ReadonlyArray<StoryStep> => [
  act(caseId, closedBy, "CloseCase"),
  act(caseId, calledBy, "FollowUpCase", { satisfaction }, note),
]

/** A resident command in a story (居民, 走访). */
export const resident: CommandStep = (residentId, by, tag, fields = {}, note) => ({
  resident: { _tag: tag, residentId, by, ...fields },
  ...narration(note),
})

/** A door-knocking campaign command in a story (敲门行动). */
export const campaign: CommandStep = (campaignId, by, tag, fields = {}, note) => ({
  campaign: { _tag: tag, campaignId, by, ...fields },
  ...narration(note),
})

/**
 * A plan with more in it than `planDistrict` draws from figures: the areas, departments, roles
 * and households an article names (a town beside the street, a property company, a mediator).
 */
export const withMore = (
  plan: DistrictPlan,
  more: Partial<Omit<DistrictPlan, "territoryId">>,
): DistrictPlan => ({
  territoryId: plan.territoryId,
  areas: [...plan.areas, ...(more.areas ?? [])],
  departments: [...plan.departments, ...(more.departments ?? [])],
  roles: [...plan.roles, ...(more.roles ?? [])],
  households: [...plan.households, ...(more.households ?? [])],
})

/** A moral-bank command in a story (道德银行). */
export const bank: CommandStep = (residentId, by, tag, fields = {}, note) => ({
  points: { _tag: tag, residentId, by, ...fields },
  ...narration(note),
})
