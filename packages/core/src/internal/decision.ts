import { Result } from "effect"
import { type Instant, toShanghaiIso } from "../shared/instant.ts"

/** What a decider answers: the events a command causes, or why it may not happen. */
export type Decision<E, Err> = Result.Result<ReadonlyArray<E>, Err>

/** Decides that these events happen (none: the command changes nothing, and nothing is appended). */
export const emit = <E>(...events: ReadonlyArray<E>): Result.Result<ReadonlyArray<E>, never> =>
  Result.succeed(events)

/**
 * An aggregate's `refuse`: a failed decision carrying the aggregate's rule-violation error,
 * built from the command, the rule it breaks and what was expected instead.
 */
export const refuser =
  <C, Rule, Err>(violation: (command: C, rule: Rule, detail: string) => Err) =>
  (command: C, rule: Rule, detail: string): Result.Result<never, Err> =>
    Result.fail(violation(command, rule, detail))

/**
 * An aggregate's `stamp`: the fields every event copies from its command — the aggregate's id
 * under its own name (`caseId`, `territoryId`…), when, and by whom.
 */
export const stamper =
  <K extends string>(key: K) =>
  (command: { readonly [P in K]: string } & { readonly at: Instant; readonly by: string }) =>
    ({ [key]: command[key], at: command.at, by: command.by }) as {
      readonly [P in K]: string
    } & { readonly at: Instant; readonly by: string }

/**
 * One decision per command tag, as Emmett's samples write deciders: each command's rules read
 * as a function of their own, and a command added to the Schema without its decision does not
 * compile.
 */
export type Decisions<C extends { readonly _tag: string }, Args extends ReadonlyArray<unknown>, D> = {
  readonly [K in C["_tag"]]: (command: Extract<C, { readonly _tag: K }>, ...args: Args) => D
}

/**
 * Calls the decision for the command's tag. TypeScript cannot relate a union member to the
 * table entry of its own tag, hence the one cast, here and nowhere else.
 */
export const dispatch = <C extends { readonly _tag: string }, Args extends ReadonlyArray<unknown>, D>(
  decisions: Decisions<C, Args, D>,
  command: C,
  ...args: Args
): D => (decisions[command._tag as C["_tag"]] as (command: C, ...args: Args) => D)(command, ...args)

/** What an aggregate's stream holds, as the ordering check reads it. */
interface Held {
  /** The aggregate's id, as its commands name it (a case id, a territory id…). */
  readonly id: string
  /** When its latest event happened. */
  readonly lastAt: Instant
}

/**
 * The checks every decider makes on an existing aggregate before a command's own rules: the
 * command addresses the aggregate this stream holds, and it is not dated before the aggregate's
 * last event (deciders read no clock; time arrives in the command, so it must never run
 * backwards). Answers the broken rule and why, or `undefined` when both hold.
 */
export const misaddressed = <MismatchRule extends string>(
  command: { readonly at: Instant },
  commandId: string,
  held: Held,
  noun: string,
  mismatch: MismatchRule,
): { readonly rule: MismatchRule | "clockWentBackwards"; readonly detail: string } | undefined => {
  if (commandId !== held.id) return { rule: mismatch, detail: `this stream holds ${noun} ${held.id}` }
  if (command.at < held.lastAt) {
    return {
      rule: "clockWentBackwards",
      detail: `the ${noun}'s last event is at ${toShanghaiIso(held.lastAt)}`,
    }
  }
  return undefined
}
