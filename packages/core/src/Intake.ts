/**
 * The intake of reports the office could not place (待定位): received as they came, waiting in
 * the queue of the area that received them, located in a grid by a dispatcher — which reports
 * the case with the report's id and time of receipt.
 *
 * @module
 */
export {
  type GuardedIntakeHandler as GuardedHandler,
  type GuardedIntakeHandlerOptions as GuardedHandlerOptions,
  makeGuardedIntakeHandler as makeGuardedHandler,
} from "./authorization/guarded-intake-handler.ts"
export {
  INTAKE_STREAM_PREFIX as STREAM_PREFIX,
  intakeEventCodec as eventCodec,
  intakeStreamId as streamId,
} from "./intake/codec.ts"
export {
  IntakeCommand as Command,
  type IntakeCommandOf as CommandOf,
  type IntakeCommandTag as CommandTag,
  UnplacedLocation,
} from "./intake/commands.ts"
export { decideIntake as decide, makeIntakeDecider as makeDecider } from "./intake/decide.ts"
export { type IntakeError as Error, IntakeRule as Rule, IntakeRuleViolated } from "./intake/errors.ts"
export {
  INTAKE_EVENT_TYPES as EVENT_TYPES,
  IntakeEvent as Event,
  type IntakeEventOf as EventOf,
  type IntakeEventTag as EventTag,
} from "./intake/events.ts"
export { evolveIntake as evolve } from "./intake/evolve.ts"
export {
  decodeIntakeCommand as decodeCommand,
  type IntakeHandler as Handler,
  type IntakeHandlerOptions as HandlerOptions,
  makeIntakeHandler as makeHandler,
} from "./intake/intake-handler.ts"
export {
  caseFromLocated,
  type HandledIntake as Handled,
  locatedCaseCommandId,
  makeReportLocator,
} from "./intake/report-locator.ts"
export {
  type IntakeState as State,
  initialIntakeState as initialState,
  type NoReport,
  type ReceivedReport,
} from "./intake/state.ts"
