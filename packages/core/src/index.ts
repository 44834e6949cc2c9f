/**
 * @gridcase/core — the pure domain of grid-governance case management (网格化管理): events,
 * commands, deciders, escalation policy, calendars, ports and the command handler.
 *
 * One namespace per concept, as Effect does: `Case.makeDecider`, `Calendar.make`,
 * `EventStore.RecordedEvent`. Everything else is plumbing and stays private.
 *
 * @module
 */

export * as Authorization from "./Authorization.ts"
export * as BusinessClock from "./BusinessClock.ts"
export * as Calendar from "./Calendar.ts"
export * as Campaign from "./Campaign.ts"
export * as Case from "./Case.ts"
export * as CommandHandler from "./CommandHandler.ts"
export * as Decider from "./Decider.ts"
export * as Escalation from "./Escalation.ts"
export * as EventStore from "./EventStore.ts"
export * as Gridcase from "./Gridcase.ts"
export * as Ids from "./Ids.ts"
export * as Instant from "./Instant.ts"
export * as Intake from "./Intake.ts"
export * as Level from "./Level.ts"
export * as Points from "./Points.ts"
export * as Privacy from "./Privacy.ts"
export * as Resident from "./Resident.ts"
export * as Territory from "./Territory.ts"
