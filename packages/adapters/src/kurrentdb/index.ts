/** `@gridcase/adapters/kurrentdb`: the KurrentDB event store on `@kurrent/kurrentdb-client` (KurrentDB 事件存储). */
export type { EsdbStoreOptions } from "../eventstoredb/esdb-event-store.ts"
export {
  KurrentDbEventStore,
  type KurrentDbEventStoreOptions,
  makeKurrentDbEventStore,
} from "./kurrentdb-event-store.ts"
