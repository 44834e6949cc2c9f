/**
 * @gridcase/core/testing — helpers for testing deciders and handlers, for this repository and
 * for library users. Depends on no test runner: failures throw plain errors with readable diffs.
 */

export * from "./arbitraries/calendar.ts"
export * from "./arbitraries/case.ts"
export * from "./arbitraries/case-lifecycle.ts"
export * from "./arbitraries/points.ts"
export * from "./arbitraries/policy.ts"
export * from "./arbitraries/resident.ts"
export * from "./arbitraries/territory.ts"
export * from "./decider-spec.ts"
export * from "./run-commands.ts"
export * from "./tick.ts"
