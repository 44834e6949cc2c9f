import { type BusinessClock, Campaign, Instant } from "@gridcase/core"
import type { Office } from "../office/office.ts"

/**
 * A scripted story: what happens to cases, step by step, as a grid office would tell it. A
 * story is data, so the same steps seed the demo, run as a readable scenario, and are tested.
 */
export type StoryStep =
  /** A line of narration. */
  | { readonly say: string }
  /** Time passes (minutes). */
  | { readonly wait: number }
  /** A case command, without `at`: the story's clock stamps it. */
  | { readonly send: Readonly<Record<string, unknown>>; readonly say?: string }
  /** A resident command (registration, care plan, visit…), without `at`. */
  | { readonly resident: Readonly<Record<string, unknown>>; readonly say?: string }
  /** A command of a resident's points ledger (道德银行), without `at`. */
  | { readonly points: Readonly<Record<string, unknown>>; readonly say?: string }
  /** A door-knocking campaign command (敲门行动), without `at`. */
  | { readonly campaign: Readonly<Record<string, unknown>>; readonly say?: string }
  /** The deadline process runs (超时监控), escalating whatever is overdue by then. */
  | { readonly tick: true; readonly say?: string }

export interface StoryOptions {
  /** When the story begins. */
  readonly start: Instant.Instant
  /** Moved along with the story when given, so recorded times match the story's (scenarios, tests). */
  readonly clock?: BusinessClock.FixedClock
  /** Where narration and what each step did are written. */
  readonly log?: (line: string) => void
}

/** How long a story runs, in milliseconds: the sum of its waits. */
export const storyLength = (steps: ReadonlyArray<StoryStep>): number =>
  steps.reduce((sum, step) => sum + ("wait" in step ? step.wait * Instant.MINUTE : 0), 0)

const time = (at: Instant.Instant) => Instant.toShanghaiIso(at).slice(5, 16).replace("T", " ")

/**
 * Plays a story through the office's real command path. Every command goes through validation,
 * the decider and the store; a refusal stops the story with the office's own error.
 */
export const runStory = async (office: Office, steps: ReadonlyArray<StoryStep>, options: StoryOptions) => {
  const log = options.log ?? (() => {})
  let at = options.start
  /** The last write to each kind of stream (case-, resident-…), to wait for the read models at the end. */
  const written = new Map<string, { readonly streamId: string; readonly lastPosition: number }>()
  for (const step of steps) {
    options.clock?.set(at)
    if ("wait" in step) {
      at += step.wait * Instant.MINUTE
    } else if ("send" in step) {
      const handled = await office.cases.send({ ...step.send, at })
      written.set(handled.streamId.slice(0, handled.streamId.indexOf("-") + 1), handled)
      const state = handled.state.exists ? `${handled.state.status} @ ${handled.state.level}` : ""
      log(`  ${time(at)}  ${String(step.send._tag).padEnd(20)} ${String(step.send.by).padEnd(26)} → ${state}`)
      if (step.say !== undefined) log(`                ${step.say}`)
    } else if ("resident" in step) {
      const { visit, raisedCase } = await office.residents.send({ ...step.resident, at })
      written.set("resident-", visit)
      if (raisedCase !== undefined) written.set("case-", raisedCase)
      const raised = raisedCase?.state.exists === true ? ` → raised case ${raisedCase.state.caseId}` : ""
      log(
        `  ${time(at)}  ${String(step.resident._tag).padEnd(20)} ${String(step.resident.by).padEnd(26)} → ${String(step.resident.residentId)}${raised}`,
      )
      if (step.say !== undefined) log(`                ${step.say}`)
    } else if ("points" in step) {
      const handled = await office.points.send({ ...step.points, at })
      written.set("points-", handled)
      log(
        `  ${time(at)}  ${String(step.points._tag).padEnd(20)} ${String(step.points.by).padEnd(26)} → balance ${handled.state.balance}`,
      )
      if (step.say !== undefined) log(`                ${step.say}`)
    } else if ("campaign" in step) {
      const handled = await office.campaigns.send({ ...step.campaign, at })
      written.set("campaign-", handled)
      const state = handled.state.exists ? Campaign.progress(handled.state) : undefined
      log(
        `  ${time(at)}  ${String(step.campaign._tag).padEnd(20)} ${String(step.campaign.by).padEnd(26)} → ${state === undefined ? "" : `${state.visited}/${state.total} visited`}`,
      )
      if (step.say !== undefined) log(`                ${step.say}`)
    } else if ("tick" in step) {
      const report = await office.tick()
      const moved = report.escalated.map((e) => `${e.caseId}: ${e.from} → ${e.to}`).join(", ")
      log(`  ${time(at)}  deadline process      ${moved === "" ? "nothing overdue" : `escalated ${moved}`}`)
      if (step.say !== undefined) log(`                ${step.say}`)
    } else {
      log(`\n${step.say}`)
    }
  }
  options.clock?.set(at)
  for (const last of written.values()) await office.settle(last)
  return { end: at }
}
