import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { CaseCommand, CaseCommandTag } from "../../../src/case/commands.ts"
import { IllegalCaseTransition } from "../../../src/case/errors.ts"
import type { CaseState } from "../../../src/case/state.ts"
import { arbitraryCaseCommands } from "../../../src/testing/arbitraries/case.ts"
import { arbitraryCaseLifecycle } from "../../../src/testing/arbitraries/case-lifecycle.ts"
import { runCommands } from "../../../src/testing/run-commands.ts"
import { config, decider } from "./setup.ts"
import { EVERY_STATUS, STARTS_FROM, type StatusOrNone, startsFrom } from "./starts-from.ts"

/** A fixed seed: the table test must reach the same states every run. */
const SAMPLE = { numRuns: 300, seed: 20261205 }

/** One state per status, taken from generated lives of a case (and the empty state for "none"). */
const statesByStatus = (): ReadonlyMap<StatusOrNone, CaseState> => {
  const found = new Map<StatusOrNone, CaseState>([["none", decider.initialState]])
  for (const commands of fc.sample(arbitraryCaseLifecycle(config), SAMPLE)) {
    for (const { after } of runCommands(decider, commands)) {
      if (after.exists && !found.has(after.status)) found.set(after.status, after)
    }
  }
  return found
}

/** One command of each kind for a case in `state`, dated after its last event. */
const commandsFor = (state: CaseState): ReadonlyArray<CaseCommand> => {
  const context = state.exists
    ? { caseId: state.caseId, at: state.lastAt + 60_000 }
    : { caseId: "case-1", at: config.calendar.knownRange.start }
  return Object.values(arbitraryCaseCommands(context)).map(
    (arbitrary) => fc.sample(arbitrary as fc.Arbitrary<CaseCommand>, { numRuns: 1, seed: 7 })[0]!,
  )
}

describe("the statuses each case command may start from (hand-written table)", () => {
  const states = statesByStatus()

  it("covers every command and every status", () => {
    expect([...states.keys()].sort()).toEqual([...EVERY_STATUS].sort())
    const tags = Object.keys(arbitraryCaseCommands({ caseId: "case-1", at: 0 })).sort()
    expect(Object.keys(STARTS_FROM).sort()).toEqual(tags)
  })

  it("the decider refuses a command as an illegal transition exactly where the table does not let it start", () => {
    const disagreements: Array<string> = []
    for (const status of EVERY_STATUS) {
      const state = states.get(status)!
      for (const command of commandsFor(state)) {
        const decision = decider.decide(command, state)
        const illegal = Result.isFailure(decision) && decision.failure instanceof IllegalCaseTransition
        const allowed = startsFrom(command._tag as CaseCommandTag, status)
        if (illegal === allowed) {
          disagreements.push(
            `${command._tag} from ${status}: table ${allowed ? "allows" : "forbids"} it, decider ${illegal ? "refused it as illegal" : "took it up"}`,
          )
        }
      }
    }
    expect(disagreements).toEqual([])
  })
})
