/**
 * @gridcase/core/testing — helpers for testing deciders and handlers, for this repository and
 * for library users. Depends on no test runner: failures throw plain errors with readable diffs.
 */
export * from "./decider-spec.ts"
