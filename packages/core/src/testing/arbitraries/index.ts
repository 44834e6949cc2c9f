/**
 * @gridcase/core/testing/arbitraries — fast-check arbitraries for commands, lifecycles, policies,
 * calendars, territories and residents, for property-based tests. A subpath of its own so that
 * the given/when/then kit (`@gridcase/core/testing`) loads without fast-check installed.
 */

export * from "./calendar.ts"
export * from "./case.ts"
export * from "./case-lifecycle.ts"
export * from "./points.ts"
export * from "./policy.ts"
export * from "./resident.ts"
export * from "./territory.ts"
