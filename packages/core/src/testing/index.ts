/**
 * @gridcase/core/testing — helpers for testing deciders and handlers, for this repository and
 * for library users. Depends on no test runner, nor on fast-check: failures throw plain errors
 * with readable diffs. The fast-check arbitraries are in `@gridcase/core/testing/arbitraries`.
 */

export * from "./decider-spec.ts"
export * from "./run-commands.ts"
export * from "./sealed-placeholder.ts"
