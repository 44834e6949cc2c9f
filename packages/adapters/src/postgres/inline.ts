import { EventStore } from "@gridcase/core"
import type pg from "pg"

/** `readAll` on one connection, inside the transaction open on it. */
export type PostgresTransactionRead = (
  options: EventStore.ReadAllOptions,
) => Promise<ReadonlyArray<EventStore.RecordedEvent>>

/**
 * A read model the store keeps inside its own append transactions (内联投影): for the few
 * views that must never lag behind an append. `@gridcase/projections/postgres` builds these
 * from projections (`postgresInlineProjections`).
 */
export interface PostgresInlineProjection {
  /** Named in the error of an append it fails. */
  readonly name: string
  /**
   * Called once when the store opens, in a transaction that holds a lock keeping every
   * append out (`SHARE ROW EXCLUSIVE` on the events table), so `read` sees the whole history
   * and nothing lands meanwhile: brings the read model up to date with it.
   */
  readonly attach: (client: pg.PoolClient, read: PostgresTransactionRead) => Promise<void>
  /**
   * Called in each append's transaction, on its connection, once its events are inserted:
   * folds them. Rejecting fails the append, and the rollback takes its events and everything
   * the hook wrote. Concurrent appends run it concurrently: it must serialise its own writes
   * (a row lock), and not assume positions arrive in order — a transaction that began
   * earlier may commit later with lower positions.
   */
  readonly apply: (client: pg.PoolClient, events: ReadonlyArray<EventStore.RecordedEvent>) => Promise<void>
}

/** How an inline projection's failure surfaces from the append (or the open) it failed. */
export const inlineFailed = (
  projection: PostgresInlineProjection,
  error: unknown,
): EventStore.StoreUnavailable =>
  new EventStore.StoreUnavailable({
    message: `postgres: inline projection ${projection.name} failed: ${error instanceof Error ? error.message : String(error)}`,
    cause: error,
  })
