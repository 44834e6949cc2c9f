import type { Result } from "effect"

/**
 * The shape of every aggregate's logic (as in Jérémie Chassaing's Decider pattern):
 * two pure functions and a starting state. No I/O, no clock, no randomness —
 * everything a decision needs arrives in the command or is folded into the state.
 */
export interface Decider<Command, Event, State, Error> {
  /** Turns a command into the events it causes, or a typed reason why it may not happen. */
  readonly decide: (command: Command, state: State) => Result.Result<ReadonlyArray<Event>, Error>
  /** Folds one event into the state. Must accept every event `decide` ever produced. */
  readonly evolve: (state: State, event: Event) => State
  readonly initialState: State
}

/** Folds a history into a state with the decider's `evolve`. */
export const fold = <C, E, S, Err>(decider: Decider<C, E, S, Err>, events: Iterable<E>, from?: S): S => {
  let state = from ?? decider.initialState
  for (const event of events) state = decider.evolve(state, event)
  return state
}
