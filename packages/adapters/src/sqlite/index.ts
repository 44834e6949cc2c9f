/** `@gridcase/adapters/sqlite`: the embedded event store on node:sqlite (SQLite 事件存储). */

export type { SqliteInlineProjection, SqliteTransactionRead } from "./inline.ts"
export { makeSqliteEventStore, SqliteEventStore, type SqliteEventStoreOptions } from "./sqlite-event-store.ts"
