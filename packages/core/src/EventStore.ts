/**
 * The event store port (事件存储): append with an expected version, read a stream, read and
 * subscribe to every stream in global order; stored events carry metadata (command, actor,
 * correlation, schema version). Adapters implement `EventStore.Shape` (see @gridcase/adapters and
 * its contract suite); `makeEventCodec` turns an aggregate's event Schema into stored events and
 * back, upcasting older schema versions.
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
