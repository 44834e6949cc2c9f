import { Result } from "effect"
import { fullLoop, SCRIPT_START } from "../fixtures/case-script.ts"
import { caseDecider } from "../fixtures/histories.ts"
import type { Job, Metrics } from "../job.ts"
import { repeatRuns } from "../support/runs.ts"
import { perSecond, timeBox } from "../support/timing.ts"

const CASES = 1_000
/** Cases per timed step: enough that the step's own await is noise. */
const CASES_PER_STEP = 100

/**
 * The pure core (纯决策): every command of a case's loop through `decide`, every event it
 * yields through `evolve`, with no store and no Effect runtime. Events per second.
 */
export const decideEvolve = (job: Job): Promise<Array<Metrics>> => {
  const scripts = Array.from({ length: CASES }, (_, index) =>
    fullLoop({
      caseId: `case-${index}`,
      gridId: `grid-${index % 200}`,
      startAt: SCRIPT_START + index * 60_000,
    }),
  )
  let next = 0
  const step = async () => {
    let events = 0
    for (let done = 0; done < CASES_PER_STEP; done++) {
      let state = caseDecider.initialState
      for (const command of scripts[next++ % CASES]!) {
        const decision = caseDecider.decide(command, state)
        if (Result.isFailure(decision)) throw decision.failure
        for (const event of decision.success) {
          state = caseDecider.evolve(state, event)
          events++
        }
      }
    }
    return events
  }
  return repeatRuns(job, async (seconds) => {
    const { operations, elapsedMs } = await timeBox(seconds, step)
    return { rate: perSecond(operations, elapsedMs) }
  })
}
