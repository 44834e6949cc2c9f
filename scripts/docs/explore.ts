import type { Decider } from "@gridcase/core"
import { Result } from "effect"

/**
 * What it takes to explore one aggregate by running its decider: example commands for any
 * state, and the few facts about a state that change what can happen next.
 */
export interface Exploration<C extends { readonly _tag: string }, E extends { readonly _tag: string }, S> {
  readonly decider: Decider.Decider<C, E, S, unknown>
  /** The status a diagram shows ("none" before the first event). */
  readonly statusOf: (state: S) => string
  /**
   * States with the same key are explored once. The key must hold everything that decides
   * which examples are accepted (status, a pending request, the level…), and nothing that
   * grows without bound (timestamps, counters), so that the exploration ends.
   */
  readonly keyOf: (state: S) => string
  /** Commands worth trying in this state; refusals are expected and simply not followed. */
  readonly examples: (state: S) => ReadonlyArray<C>
  /**
   * The lifecycle table, when the aggregate has one (command → statuses it may be issued in):
   * every pair must be reached by an accepted example, so that missing examples are an error
   * rather than a silently thinner diagram.
   */
  readonly allowedFrom?: Readonly<Record<string, ReadonlyArray<string>>>
  /** Statuses in the order the docs list them (the loop's order); others follow in the order met. */
  readonly statusOrder?: ReadonlyArray<string>
}

/** One accepted command: where it was issued, what it produced, where it left the aggregate. */
export interface Transition {
  readonly from: string
  readonly command: string
  readonly events: ReadonlyArray<string>
  readonly to: string
}

export interface ExplorationResult<E> {
  /** Distinct transitions, in the order first met (breadth first). */
  readonly transitions: ReadonlyArray<Transition>
  /** One produced event of each type, for anything that needs a real value (e.g. its codec). */
  readonly sampleEvents: ReadonlyMap<string, E>
  readonly statesVisited: number
}

/** A bound that no real aggregate comes near: reaching it means `keyOf` lets keys grow without end. */
const MAX_STATES = 200_000

/**
 * Explores every state reachable through the examples, breadth first, putting each example to
 * the real decider and folding what it decides with the real `evolve`. What the docs say
 * about commands and events is therefore what the code does, not what someone remembered.
 */
export const explore = <C extends { readonly _tag: string }, E extends { readonly _tag: string }, S>(
  exploration: Exploration<C, E, S>,
): ExplorationResult<E> => {
  const { decider, statusOf, keyOf, examples } = exploration
  const seen = new Set<string>([keyOf(decider.initialState)])
  const transitions = new Map<string, Transition>()
  const sampleEvents = new Map<string, E>()
  let frontier: ReadonlyArray<S> = [decider.initialState]
  while (frontier.length > 0) {
    const next: Array<S> = []
    for (const state of frontier) {
      for (const command of examples(state)) {
        const decision = decider.decide(command, state)
        if (Result.isFailure(decision) || decision.success.length === 0) continue
        let after = state
        for (const event of decision.success) {
          after = decider.evolve(after, event)
          if (!sampleEvents.has(event._tag)) sampleEvents.set(event._tag, event)
        }
        const transition: Transition = {
          from: statusOf(state),
          command: command._tag,
          events: decision.success.map((event) => event._tag),
          to: statusOf(after),
        }
        const id = JSON.stringify(transition)
        if (!transitions.has(id)) transitions.set(id, transition)
        const key = keyOf(after)
        if (!seen.has(key)) {
          seen.add(key)
          next.push(after)
        }
      }
    }
    if (seen.size > MAX_STATES) throw new Error(`exploration passed ${MAX_STATES} states: keyOf is unbounded`)
    frontier = next
  }
  const order = exploration.statusOrder ?? []
  const rank = (status: string) => (order.includes(status) ? order.indexOf(status) : order.length)
  // Stable: transitions from one status keep the order they were met in.
  const found = [...transitions.values()].sort((a, b) => rank(a.from) - rank(b.from))
  const missing = unexercised(found, exploration.allowedFrom ?? {})
  if (missing.length > 0) {
    throw new Error(
      `no accepted example for ${missing.join(", ")}: add examples so the exploration reaches them`,
    )
  }
  return { transitions: found, sampleEvents, statesVisited: seen.size }
}

/** The `command in status` pairs the lifecycle table allows but no accepted example reached. */
const unexercised = (
  transitions: ReadonlyArray<Transition>,
  allowedFrom: Readonly<Record<string, ReadonlyArray<string>>>,
): ReadonlyArray<string> => {
  const reached = new Set(transitions.map((t) => `${t.command} in ${t.from}`))
  return Object.entries(allowedFrom).flatMap(([command, statuses]) =>
    statuses.map((status) => `${command} in ${status}`).filter((pair) => !reached.has(pair)),
  )
}
