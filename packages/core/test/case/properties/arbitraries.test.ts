import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { CaseCommand } from "../../../src/case/commands.ts"
import { ALLOWED_FROM } from "../../../src/case/transitions.ts"
import { arbitraryCaseCommands } from "../../../src/testing/arbitraries/case.ts"
import { arbitraryCaseLifecycle } from "../../../src/testing/arbitraries/case-lifecycle.ts"
import { runCommands } from "../../../src/testing/run-commands.ts"
import { config, decider, RUNS } from "./setup.ts"

/** Every status a case can be in: those some command may be issued from. */
const STATUSES = new Set(
  Object.values(ALLOWED_FROM)
    .flat()
    .filter((status) => status !== "none"),
)

/** A fixed seed: these check what the generators produce, so they must not depend on luck. */
const SAMPLE = { numRuns: 300, seed: 20260310 }

describe("case arbitraries", () => {
  it("generate commands the CaseCommand schema accepts, for every kind of command", () => {
    const decode = Schema.decodeUnknownSync(CaseCommand)
    const arbitraries = arbitraryCaseCommands({ caseId: "case-1", at: config.calendar.knownRange.start })
    for (const arbitrary of Object.values(arbitraries)) {
      fc.assert(
        fc.property(arbitrary as fc.Arbitrary<CaseCommand>, (command) => {
          expect(decode(command)).toStrictEqual(command)
        }),
        { numRuns: 20 },
      )
    }
  })

  it("walk case lifecycles into every status, accepting most commands", () => {
    const reached = new Set<string>()
    let accepted = 0
    let issued = 0
    for (const commands of fc.sample(arbitraryCaseLifecycle(config), SAMPLE)) {
      for (const step of runCommands(decider, commands)) {
        issued++
        if (Result.isSuccess(step.decision)) accepted++
        if (step.after.exists) reached.add(step.after.status)
      }
    }
    expect([...STATUSES].filter((status) => !reached.has(status))).toEqual([])
    expect(accepted / issued).toBeGreaterThan(0.6)
  })

  it("keep times non-decreasing within the window, except the backdated commands refused for it", () => {
    fc.assert(
      fc.property(arbitraryCaseLifecycle(config), (commands) => {
        const { start, end } = config.calendar.knownRange
        let latest = 0
        for (const step of runCommands(decider, commands)) {
          expect(step.command.at).toBeGreaterThanOrEqual(start)
          expect(step.command.at).toBeLessThan(end)
          if (step.command.at < latest) {
            expect(Result.isFailure(step.decision)).toBe(true)
          } else latest = step.command.at
        }
      }),
      RUNS,
    )
  })
})
