/**
 * @gridcase/core — the pure domain of grid-governance case management (网格化管理):
 * events, commands, deciders, escalation policy, calendars, ports and the command handler.
 */

export * from "./case/case-handler.ts"
export * from "./case/category.ts"
export * from "./case/codec.ts"
export * from "./case/commands.ts"
export * from "./case/decide.ts"
export * from "./case/errors.ts"
export * from "./case/events.ts"
export * from "./case/evolve.ts"
export * from "./case/state.ts"
export * from "./case/timers.ts"
export * from "./case/transitions.ts"
export * from "./case/vocabulary.ts"
export * from "./decider.ts"
export * from "./escalation/calendar.ts"
export * from "./escalation/calendar-definition.ts"
export * from "./escalation/calendars/china-mainland.ts"
export * from "./escalation/deadline.ts"
export * from "./escalation/deadline-process.ts"
export * from "./escalation/default-policy.ts"
export * from "./escalation/due.ts"
export * from "./escalation/level-deadline.ts"
export * from "./escalation/make-policy.ts"
export * from "./escalation/policy.ts"
export * from "./escalation/time-limit.ts"
export * from "./gridcase.ts"
export * from "./handler/async-facade.ts"
export * from "./handler/command-context.ts"
export {
  type CommandHandler,
  type CommandHandlerError,
  type CommandHandlerOptions,
  type CommandHandlerServices,
  type HandledCommand,
  makeCommandHandler,
} from "./handler/command-handler.ts"
export * from "./handler/invalid-command.ts"
export { type AggregateSnapshot, readAggregate } from "./handler/read-aggregate.ts"
export * from "./services/clock.ts"
export * from "./services/ids.ts"
export * from "./shared/instant.ts"
export * from "./shared/level.ts"
export * from "./store/errors.ts"
export * from "./store/event-codec.ts"
export * from "./store/event-store.ts"
export * from "./store/expected-version.ts"
export type * from "./store/recorded-event.ts"
