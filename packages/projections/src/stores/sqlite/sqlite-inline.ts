import type { DatabaseSync } from "node:sqlite"
import type { EventStore } from "@gridcase/core"
import { Effect } from "effect"
import type { Projection } from "../../projection/projection.ts"
import { catchUpInline } from "../inline-catch-up.ts"
import type { ReadModelStoreShape } from "../read-model-store.ts"
import { sqliteReadModelsOn } from "./sqlite-read-model-store.ts"

/** The hook `makeSqliteEventStore`'s `inline` option takes (`SqliteInlineProjection` in `@gridcase/adapters/sqlite`). */
export interface SqliteInlineHook {
  readonly name: string
  readonly catchUp: (
    db: DatabaseSync,
    read: (options: EventStore.ReadAllOptions) => ReadonlyArray<EventStore.RecordedEvent>,
  ) => void
}

/** One read-model store per event-store connection, so statements are prepared once. */
const storesOn = new WeakMap<DatabaseSync, ReadModelStoreShape>()
const storeOn = (db: DatabaseSync): ReadModelStoreShape => {
  let store = storesOn.get(db)
  if (store === undefined) {
    store = sqliteReadModelsOn(db)
    storesOn.set(db, store)
  }
  return store
}

/**
 * Inline projections on SQLite (内联投影): read models written by the event store in the same
 * transaction as each append, for the views that must never lag — a query made after an
 * append returns sees it. Pass them to `makeSqliteEventStore({ filename, inline })`, and read
 * them with a `SqliteReadModelStore` on the same file (a `":memory:"` database is private to
 * its connection, so inline projections need a file).
 *
 * The read-model tables live in the event store's file. On every call — when the store opens
 * and inside each append — a projection folds whatever the store holds past its checkpoint:
 * normally just that append's events, but also appends of processes that did not register it
 * and, after a new `version`, the whole history (reset first). A projection that cannot fold
 * an event (an undecodable event, a throwing handler) fails the append, which then stores
 * nothing: no events, no read-model change. So handlers must be total, and an inline
 * projection must not also run in a projection runner.
 */
export const sqliteInlineProjections = (
  projections: ReadonlyArray<Projection>,
): ReadonlyArray<SqliteInlineHook> =>
  projections.map((projection) => ({
    name: projection.name,
    catchUp: (db, read) =>
      Effect.runSync(catchUpInline(projection, storeOn(db), (options) => Effect.sync(() => read(options)))),
  }))
