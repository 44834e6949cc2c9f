/**
 * Cases (事件 / 工单) and their closed loop (闭环, docs/domain.md#loop): report, register or
 * reject, dispatch, acknowledge or send back, handle, resolve, verify, close — with the exception
 * paths a supervisor approves (延期, 作废, 挂账), supervision notices (督办) and their answers,
 * reminders (催办), delays explained (报告说明理由) and written criticism (通报批评), 12345
 * hotline links, and the owner level that climbs the ladder when a case is not solved in time.
 * One stream per case.
 *
 * The decider is pure (`makeDecider`, `decide`, `evolve`); `ALLOWED_FROM` is the lifecycle as
 * data; `timers` computes each step's limit and traffic light (红黄绿灯) from the state and the
 * policy. `makeHandler` / `makeGuardedHandler` wire the decider to an event store.
 *
 * @module
 */
export {
  type GuardedCaseHandler as GuardedHandler,
  type GuardedCaseHandlerOptions as GuardedHandlerOptions,
  makeGuardedCaseHandler as makeGuardedHandler,
} from "./authorization/guarded-case-handler.ts"
export {
  type CaseHandler as Handler,
  decodeCaseCommand as decodeCommand,
  makeCaseHandler as makeHandler,
} from "./case/case-handler.ts"
export {
  CASE_STREAM_PREFIX as STREAM_PREFIX,
  caseEventCodec as eventCodec,
  caseStreamId as streamId,
} from "./case/codec.ts"
export {
  CaseCommand as Command,
  type CaseCommandOf as CommandOf,
  type CaseCommandTag as CommandTag,
} from "./case/commands.ts"
export {
  type CaseDeciderConfig as DeciderConfig,
  decideCase as decide,
  makeCaseDecider as makeDecider,
} from "./case/decide.ts"
export {
  type CaseError as Error,
  CaseRule as Rule,
  CaseRuleViolated,
  IllegalCaseTransition,
} from "./case/errors.ts"
export {
  CASE_EVENT_TYPES as EVENT_TYPES,
  CaseEvent as Event,
  type CaseEventOf as EventOf,
  type CaseEventTag as EventTag,
} from "./case/events.ts"
export { evolveCase as evolve } from "./case/evolve.ts"
export {
  type CaseState as State,
  type CaseStatus as Status,
  initialCaseState as initialState,
  isEscalatable,
  isSettled,
  isSupervisionOpen,
  isTerminal,
  type NoCase,
  type OpenedCase,
  type PendingRequest,
  type StepSpan,
  type StepSpans,
  type SupervisionNotice,
  stepHolder,
} from "./case/state.ts"
export { caseTimers as timers, type Light, lightFor, type StepTimer } from "./case/timers.ts"
export {
  ALLOWED_FROM,
  APPROVABLE_IN,
  type CaseStatusOrNone as StatusOrNone,
  isAllowed,
} from "./case/transitions.ts"
export {
  Assignee,
  CaseId as Id,
  CaseLocation as Location,
  CaseSource as Source,
  Description,
  EscalationReason,
  RejectionReason,
  RequestKind,
  Satisfaction,
  SupervisionReason,
} from "./case/vocabulary.ts"
export { CaseStep as Step } from "./policy/policy.ts"
export { CASE_CATEGORIES as CATEGORIES, Category, Urgency } from "./shared/category.ts"
export { Note } from "./shared/vocabulary.ts"
