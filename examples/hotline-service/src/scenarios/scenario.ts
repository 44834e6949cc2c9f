import { MemoryEventStore } from "@gridcase/adapters/memory"
import { type CaseStatus, type Level, makeFixedClock } from "@gridcase/core"
import { type DistrictSpec, planDistrict } from "../district/plan-district.ts"
import { seedDistrict } from "../district/seed.ts"
import { openOffice } from "../office/office.ts"
import { runStory, type StoryStep } from "../stories/story.ts"

/** One of the five seed stories (DOMAIN, seeds/) as a scenario anyone can run and read. */
export interface Scenario {
  readonly name: string
  readonly title: string
  /** Where the article comes from and what it tells. */
  readonly source: string
  readonly district: DistrictSpec
  readonly start: number
  readonly steps: ReadonlyArray<StoryStep>
  /** How each case ends: the scenario checks it, and so does its test. */
  readonly outcome: Readonly<Record<string, { readonly status: CaseStatus; readonly level: Level }>>
}

export interface ScenarioResult {
  readonly ended: Readonly<Record<string, { readonly status: CaseStatus; readonly level: Level } | undefined>>
  readonly asTold: boolean
}

/**
 * Plays a scenario on a fresh memory store with a clock that follows the story: the district is
 * set up, every step goes through the office's real command path (authorization included), the
 * deadline process runs where the story says time has passed, and each case's end is compared
 * with how the story says it ended.
 */
export const runScenario = async (
  scenario: Scenario,
  log: (line: string) => void,
): Promise<ScenarioResult> => {
  const clock = makeFixedClock(scenario.start)
  const office = await openOffice({
    store: MemoryEventStore.layer,
    territoryId: scenario.district.territoryId,
    clock,
  })
  try {
    await seedDistrict(office, planDistrict(scenario.district))
    log(`${scenario.title}\n${scenario.source}`)
    await runStory(office, scenario.steps, { start: scenario.start, clock, log })
    const ended: Record<string, { status: CaseStatus; level: Level } | undefined> = {}
    log("\nHow it ended:")
    for (const [caseId, expected] of Object.entries(scenario.outcome)) {
      const state = await office.getCase(caseId)
      ended[caseId] = state.exists ? { status: state.status, level: state.level } : undefined
      const events = (await office.history(caseId)).length
      const ok = state.exists && state.status === expected.status && state.level === expected.level
      log(
        `  ${ok ? "✓" : "✗"} ${caseId}: ${state.exists ? `${state.status} at ${state.level}` : "no such case"}, ${events} events (the story: ${expected.status} at ${expected.level})`,
      )
    }
    const asTold = Object.entries(scenario.outcome).every(
      ([caseId, expected]) =>
        ended[caseId]?.status === expected.status && ended[caseId]?.level === expected.level,
    )
    return { ended, asTold }
  } finally {
    await office.close()
  }
}

/** A working Tuesday morning, 09:00 in Shanghai. */
export const TUESDAY_9H = Date.parse("2026-03-10T09:00:00+08:00")

/** Small helpers so that stories read like the articles. */
export const say = (text: string): StoryStep => ({ say: text })
export const wait = (minutes: number): StoryStep => ({ wait: minutes })
export const tick = (text?: string): StoryStep =>
  text === undefined ? { tick: true } : { tick: true, say: text }
/** A resident command in a story (居民, 走访). */
export const resident = (
  residentId: string,
  by: string,
  tag: string,
  fields: Record<string, unknown> = {},
  note?: string,
): StoryStep => ({
  resident: { _tag: tag, residentId, by, ...fields },
  ...(note === undefined ? {} : { say: note }),
})

/** A moral-bank command in a story (道德银行). */
export const bank = (
  residentId: string,
  by: string,
  tag: string,
  fields: Record<string, unknown> = {},
  note?: string,
): StoryStep => ({
  points: { _tag: tag, residentId, by, ...fields },
  ...(note === undefined ? {} : { say: note }),
})

export const act = (
  caseId: string,
  by: string,
  tag: string,
  fields: Record<string, unknown> = {},
  note?: string,
): StoryStep => ({ send: { _tag: tag, caseId, by, ...fields }, ...(note === undefined ? {} : { say: note }) })
