/**
 * TODO EventStore
 *
 * @module
 */
export {
  type AppendError,
  DuplicateEventId,
  EventDecodeError,
  StoreUnavailable,
  WrongExpectedVersion,
} from "./store/errors.ts"
export {
  type EncodedEvent,
  type EventCodec,
  makeEventCodec,
  schemaVersionOf,
  storedSchemaVersion,
  type Upcaster,
  type UpcasterRegistry,
} from "./store/event-codec.ts"
export {
  type AppendResult,
  type EventFilter,
  EventStore,
  type EventStoreShape as Shape,
  matchesFilter,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SubscribeOptions,
} from "./store/event-store.ts"
export { type ExpectedVersion, satisfies } from "./store/expected-version.ts"
export type { EventMetadata, NewEvent, RecordedEvent } from "./store/recorded-event.ts"
