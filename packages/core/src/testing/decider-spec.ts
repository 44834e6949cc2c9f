import { Equal, Formatter, Result, TextDiff } from "effect"
import { type Decider, fold } from "../shared/decider.ts"

/**
 * A failed decider specification. The message holds a readable account — a unified diff
 * (`-` expected, `+` actual) when values differ — so it reads well under any test runner.
 * `actual` and `expected` carry the raw values for tools that want them.
 */
export class DeciderSpecificationError extends Error {
  override readonly name = "DeciderSpecificationError"
  /** The diff is already in the message: tells vitest and mocha not to print a second one. */
  readonly showDiff = false
  readonly actual: unknown
  readonly expected: unknown

  constructor(message: string, values: { readonly actual?: unknown; readonly expected?: unknown } = {}) {
    super(message)
    this.actual = values.actual
    this.expected = values.expected
  }
}

/**
 * Pretty-prints a value for a diff: one array item per line even when there is only one
 * (so `[a]` against `[a, b]` diffs as one added item), and errors with their fields rather
 * than a (often empty) message.
 */
const show = (value: unknown): string => {
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]"
    return `[\n${value.map((item) => `${show(item)},`.replace(/^/gm, "  ")).join("\n")}\n]`
  }
  const shown =
    value instanceof Error ? { ...value, ...(value.message === "" ? {} : { message: value.message }) } : value
  return Formatter.format(shown, { space: 2, ignoreToString: true })
}

const assertEqual = (mismatch: string, expected: unknown, actual: unknown): void => {
  if (Equal.equals(expected, actual)) return
  const diff = TextDiff.unified(TextDiff.lines(`${show(expected)}\n`, `${show(actual)}\n`), {
    fromFile: "expected",
    toFile: "actual",
  })
  throw new DeciderSpecificationError(`${mismatch}:\n${diff}`, { actual, expected })
}

type TagOf<Err> = Err extends { readonly _tag: infer Tag extends string } ? Tag : never

/** The assertions available once the command is known. Each runs the decider afresh. */
export interface DeciderThen<E, S, Err> {
  /** The command is accepted and produces exactly these events, in this order. */
  readonly then: (expected: E | ReadonlyArray<E>) => void
  /** The command is rejected; returns the error for further checks. */
  readonly thenFails: {
    (): Err
    /** …with an error of this `_tag`. */
    <Tag extends TagOf<Err>>(tag: Tag): Extract<Err, { readonly _tag: Tag }>
    /** …with an error this predicate accepts. */
    (predicate: (error: Err) => boolean): Err
  }
  /** The command is accepted and leaves the aggregate in exactly this state. */
  readonly thenState: (expected: S) => void
}

/** A specification after `given`: the history is set, the command comes next. */
export interface DeciderGiven<C, E, S, Err> {
  readonly when: (command: C) => DeciderThen<E, S, Err>
}

/** A given/when/then specification of one decider, as `DeciderSpecification.for(decider)` returns it. */
export interface DeciderSpecificationFor<C, E, S, Err> {
  /** The history before the command, folded with `evolve` from the initial state (`[]` for a new aggregate). */
  readonly given: (events: E | ReadonlyArray<E>) => DeciderGiven<C, E, S, Err>
}

const asArray = <E>(events: E | ReadonlyArray<E>): ReadonlyArray<E> =>
  Array.isArray(events) ? (events as ReadonlyArray<E>) : [events as E]

const specify = <C, E, S, Err>(
  decider: Decider<C, E, S, Err>,
  history: ReadonlyArray<E>,
  command: C,
): DeciderThen<E, S, Err> => {
  const run = () => {
    const before = fold(decider, history)
    return { before, decision: decider.decide(command, before) }
  }
  const accepted = () => {
    const { before, decision } = run()
    if (Result.isFailure(decision)) {
      throw new DeciderSpecificationError(
        `Expected the command to be accepted, but it was rejected with:\n${show(decision.failure)}`,
        { actual: decision.failure },
      )
    }
    return { before, events: decision.success }
  }
  const thenFails = (expected?: string | ((error: Err) => boolean)): Err => {
    const { decision } = run()
    if (Result.isSuccess(decision)) {
      throw new DeciderSpecificationError(
        `Expected the command to be rejected, but it was accepted with:\n${show(decision.success)}`,
        { actual: decision.success },
      )
    }
    const error = decision.failure
    if (typeof expected === "string" && (error as { readonly _tag?: unknown })._tag !== expected) {
      throw new DeciderSpecificationError(
        `Expected a rejection tagged "${expected}", but got:\n${show(error)}`,
        {
          actual: error,
          expected,
        },
      )
    }
    if (typeof expected === "function" && !expected(error)) {
      throw new DeciderSpecificationError(`The rejection does not satisfy the predicate:\n${show(error)}`, {
        actual: error,
      })
    }
    return error
  }
  return {
    // Named `then` as in Emmett; that makes the object a thenable. TypeScript rejects an
    // `await` on it (TS1320); in plain JavaScript the callback `await` passes is answered
    // with a clear error instead of a baffling diff.
    // biome-ignore lint/suspicious/noThenProperty: deliberate; the guard below answers an accidental `await`
    then: (expected) => {
      if (typeof expected === "function") {
        throw new DeciderSpecificationError(
          "A decider specification is not a promise: call .then(expectedEvents) instead of awaiting it",
        )
      }
      assertEqual("The decided events differ from the expected ones", asArray(expected), accepted().events)
    },
    thenFails: thenFails as DeciderThen<E, S, Err>["thenFails"],
    thenState: (expected) => {
      const { before, events } = accepted()
      assertEqual(
        "The resulting state differs from the expected one",
        expected,
        fold(decider, events, before),
      )
    },
  }
}

/**
 * Given / when / then for deciders (as in Emmett's `DeciderSpecification`), usable from any
 * test runner — failures throw a {@link DeciderSpecificationError} with a readable diff:
 *
 * ```ts run
 * import { Calendar, Case, Escalation } from "@gridcase/core"
 * import { DeciderSpecification } from "@gridcase/core/testing"
 *
 * const spec = DeciderSpecification.for(
 *   Case.makeDecider({ policy: Escalation.defaultPolicy, calendar: Calendar.shanghai }),
 * )
 * const at = Date.parse("2026-03-02T09:00:00+08:00")
 * const reported: Case.Event = {
 *   _tag: "CaseReported",
 *   caseId: "case-1",
 *   at,
 *   by: "worker-7",
 *   source: "patrol",
 *   category: "utilities",
 *   urgency: "normal",
 *   description: "broken water pipe",
 *   location: { gridId: "grid-01" },
 *   level: "grid",
 * }
 * const register: Case.Command = { _tag: "RegisterCase", caseId: "case-1", at: at + 60_000, by: "dispatcher-1" }
 *
 * spec.given([reported]).when(register).then([{ _tag: "CaseRegistered", caseId: "case-1", at: at + 60_000, by: "dispatcher-1" }])
 * spec.given([]).when(register).thenFails("IllegalCaseTransition")
 * ```
 */
export const DeciderSpecification = {
  for: <C, E, S, Err>(decider: Decider<C, E, S, Err>): DeciderSpecificationFor<C, E, S, Err> => ({
    given: (events) => ({ when: (command) => specify(decider, asArray(events), command) }),
  }),
}
