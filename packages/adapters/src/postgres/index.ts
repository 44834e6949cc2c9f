/** `@gridcase/adapters/postgres`: the PostgreSQL event store on `pg` (PostgreSQL 事件存储). */

export type { PostgresInlineProjection, PostgresTransactionRead } from "./inline.ts"
export {
  makePostgresEventStore,
  PostgresEventStore,
  type PostgresEventStoreOptions,
} from "./postgres-event-store.ts"
