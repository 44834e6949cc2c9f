/**
 * Residents (居民, docs/domain.md#residents): registration with sealed personal details, moves
 * between households, care tags (重点帮扶) with care plans and their visit cadence, visits (走访)
 * that may raise a case, and erasure at the person's request. One stream per resident.
 *
 * @module
 */
export {
  type GuardedResidentHandler as GuardedHandler,
  type GuardedResidentHandlerOptions as GuardedHandlerOptions,
  makeGuardedResidentHandler as makeGuardedHandler,
} from "./authorization/guarded-resident-handler.ts"
export {
  type CareCompliance,
  type ComplianceWindow,
  careVisitCompliance,
  type PlanCompliance,
} from "./resident/care-compliance.ts"
export {
  RESIDENT_STREAM_PREFIX as STREAM_PREFIX,
  residentEventCodec as eventCodec,
  residentStreamId as streamId,
} from "./resident/codec.ts"
export {
  ResidentCommand as Command,
  type ResidentCommandOf as CommandOf,
  type ResidentCommandTag as CommandTag,
  type SealedResidentCommand as SealedCommand,
  type SealedResidentCommandOf as SealedCommandOf,
} from "./resident/commands.ts"
export { decideResident as decide, makeResidentDecider as makeDecider } from "./resident/decide.ts"
export { type ResidentError as Error, ResidentRule as Rule, ResidentRuleViolated } from "./resident/errors.ts"
export {
  RESIDENT_EVENT_TYPES as EVENT_TYPES,
  ResidentEvent as Event,
  type ResidentEventOf as EventOf,
  type ResidentEventTag as EventTag,
} from "./resident/events.ts"
export { evolveResident as evolve } from "./resident/evolve.ts"
export {
  decodeResidentCommand as decodeCommand,
  makeResidentHandler as makeHandler,
  type ResidentHandler as Handler,
  type ResidentHandlerError as HandlerError,
  type ResidentHandlerOptions as HandlerOptions,
} from "./resident/resident-handler.ts"
export { revealResident as reveal } from "./resident/reveal.ts"
export {
  activeCarePlan,
  type CarePlan,
  initialResidentState as initialState,
  type NoResident,
  type RegisteredResident,
  type ResidentState as State,
  type VisitRecord,
} from "./resident/state.ts"
export { makeVisitRecorder, type RecordedVisit, reportFromVisit } from "./resident/visit-recorder.ts"
export {
  CARE_GROUPS,
  CarePeriod,
  RaisedCase,
  ResidentId as Id,
  SPECIAL_CARE_TAG_NAMES,
  SPECIAL_CARE_TAGS,
  SpecialCareTag,
  SUPERVISED_GROUPS,
  VisitCadence,
  VisitId,
} from "./resident/vocabulary.ts"
