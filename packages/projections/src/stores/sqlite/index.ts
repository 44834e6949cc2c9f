/** `@gridcase/projections/sqlite`: read models and checkpoints in SQLite (SQLite 读模型存储). */

export { type SqliteInlineHook, sqliteInlineProjections } from "./sqlite-inline.ts"
export {
  makeSqliteReadModelStore,
  SqliteReadModelStore,
  type SqliteReadModelStoreOptions,
} from "./sqlite-read-model-store.ts"
