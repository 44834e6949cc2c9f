import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { CaseEvent } from "../../../src/case/events.ts"
import { isSupervisionOpen } from "../../../src/case/state.ts"
import { arbitraryCaseLifecycle } from "../../../src/testing/arbitraries/case-lifecycle.ts"
import { runCommands } from "../../../src/testing/run-commands.ts"
import { config, decider, RUNS } from "./setup.ts"

/** Events that end the case (结案, 不予立案, 作废, 合并, a passed audit of a self-handled case): every step ends with it. */
const endsTheCase = (event: CaseEvent): boolean =>
  event._tag === "CaseClosed" ||
  event._tag === "CaseRejected" ||
  event._tag === "CaseVoided" ||
  event._tag === "CaseMerged" ||
  (event._tag === "SelfHandlingAudited" && event.passed)

describe("supervision (督办) properties", () => {
  it("a notice waits for its answer from its issue until it is answered or the case ends, one at a time, addressed to whoever holds the case", () => {
    let answered = 0
    fc.assert(
      fc.property(arbitraryCaseLifecycle(config), (commands) => {
        // The naive model: a flag set by a notice, cleared by its answer or the case's end.
        let waiting = false
        for (const step of runCommands(decider, commands)) {
          if (Result.isFailure(step.decision)) continue
          for (const event of step.decision.success) {
            if (event._tag === "CaseSupervised") {
              expect(waiting, "a second notice while one waits").toBe(false)
              if (step.before.exists && step.before.assignee !== undefined) {
                expect(event.responder).toEqual(step.before.assignee)
              }
              waiting = true
            } else if (event._tag === "SupervisionAnswered") {
              expect(waiting, "an answer with no notice waiting").toBe(true)
              answered++
              waiting = false
            } else if (endsTheCase(event)) waiting = false
          }
          expect(step.after.exists && isSupervisionOpen(step.after)).toBe(waiting)
        }
      }),
      RUNS,
    )
    // The walks do issue and answer notices: the property above is not vacuous.
    expect(answered).toBeGreaterThan(0)
  })
})
