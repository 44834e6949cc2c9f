/** `@gridcase/projections/sqlite`: read models and checkpoints in SQLite (SQLite 读模型存储). */
export {
  makeSqliteReadModelStore,
  SqliteReadModelStore,
  type SqliteReadModelStoreOptions,
} from "./sqlite-read-model-store.ts"
