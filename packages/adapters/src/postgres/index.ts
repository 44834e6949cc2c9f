/** `@gridcase/adapters/postgres`: the PostgreSQL event store on `pg` (PostgreSQL 事件存储). */

/** Connection guards shared with `@gridcase/projections/postgres`, for code that runs its own queries on a pool. */
export { ChangeSignal } from "../shared/change-signal.ts"
export type { PostgresInlineProjection, PostgresTransactionRead } from "./inline.ts"
export { type Listener, listenAndReconnect } from "./listener.ts"
export { hearClientErrors, withPooledClient } from "./pooled-client.ts"
export {
  makePostgresEventStore,
  PostgresEventStore,
  type PostgresEventStoreOptions,
} from "./postgres-event-store.ts"
/** Prepared statements' names that PostgreSQL never truncates (≤ 63 bytes), for stores that prepare their own. */
export { statementName } from "./statement-name.ts"
export { inTransaction } from "./transaction.ts"
export { throttledWakeUp, type WakeUp } from "./wake-up.ts"
