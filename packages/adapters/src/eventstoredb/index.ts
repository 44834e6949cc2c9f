/** `@gridcase/adapters/eventstoredb`: the EventStoreDB event store on `@eventstore/db-client` (EventStoreDB 事件存储). */
export type { EsdbStoreOptions } from "./esdb-event-store.ts"
export {
  EventStoreDbEventStore,
  type EventStoreDbEventStoreOptions,
  makeEventStoreDbEventStore,
} from "./eventstoredb-event-store.ts"
