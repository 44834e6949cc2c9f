import type { DatabaseSync } from "node:sqlite"
import type { EventStore } from "@gridcase/core"

/** `readAll` on the store's own connection, inside the transaction that is open on it. */
export type SqliteTransactionRead = (
  options: EventStore.ReadAllOptions,
) => ReadonlyArray<EventStore.RecordedEvent>

/**
 * A read model the store keeps inside its own write transactions (内联投影): for the few
 * views that must never lag behind an append. `@gridcase/projections/sqlite` builds these
 * from projections (`sqliteInlineProjections`); anything else that brings a table up to date
 * from the events can be one too.
 */
export interface SqliteInlineProjection {
  /** Named in the error of an append it fails. */
  readonly name: string
  /**
   * Brings the read model up to date with every event stored, reading with `read` and
   * writing on `db`, the store's own connection, inside its write transaction (SQLite's write
   * lock is held, so no other process appends meanwhile). Called once when the store opens,
   * then inside every append's savepoint once its events are inserted. Throwing fails that
   * append: its events and everything the hook wrote are rolled back together.
   */
  readonly catchUp: (db: DatabaseSync, read: SqliteTransactionRead) => void
}
