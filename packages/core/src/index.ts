/**
 * @gridcase/core — the pure domain of grid-governance case management (网格化管理):
 * events, commands, deciders, escalation policy, calendars, ports and the command handler.
 */
export * from "./decider.ts"
export * from "./shared/instant.ts"
export * from "./shared/level.ts"
export * from "./store/errors.ts"
export * from "./store/event-codec.ts"
export * from "./store/event-store.ts"
export * from "./store/expected-version.ts"
export type * from "./store/recorded-event.ts"
