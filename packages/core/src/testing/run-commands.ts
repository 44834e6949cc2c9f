import { Result } from "effect"
import type { Decider } from "../shared/decider.ts"

/** One command put to a decider: the state it met, what the decider said, the state after. */
export interface DecisionStep<C, E, S, Err> {
  readonly command: C
  readonly before: S
  readonly decision: Result.Result<ReadonlyArray<E>, Err>
  /** `before` with the decided events folded in; `before` itself when the command was refused. */
  readonly after: S
}

/**
 * Puts commands to a decider one after the other, as a command handler would (refused commands
 * change nothing), and records every step. Property tests then state their invariants over
 * the steps: what was allowed, what each event did to the state, what refusals said.
 */
export const runCommands = <C, E, S, Err>(
  decider: Decider<C, E, S, Err>,
  commands: Iterable<C>,
  from: S = decider.initialState,
): ReadonlyArray<DecisionStep<C, E, S, Err>> => {
  const steps: Array<DecisionStep<C, E, S, Err>> = []
  let state = from
  for (const command of commands) {
    const before = state
    const decision = decider.decide(command, before)
    if (Result.isSuccess(decision)) {
      for (const event of decision.success) state = decider.evolve(state, event)
    }
    steps.push({ command, before, decision, after: state })
  }
  return steps
}

/** The state after the last step (or `from` when there were no commands). */
export const finalState = <C, E, S, Err>(steps: ReadonlyArray<DecisionStep<C, E, S, Err>>, from: S): S =>
  steps.at(-1)?.after ?? from

/** Every event the accepted commands produced, in order: the stream a handler would have appended. */
export const acceptedEvents = <C, E, S, Err>(
  steps: ReadonlyArray<DecisionStep<C, E, S, Err>>,
): ReadonlyArray<E> => steps.flatMap((step) => (Result.isSuccess(step.decision) ? step.decision.success : []))
