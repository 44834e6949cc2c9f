import { type EventStore, getInMemoryEventStore } from "@event-driven-io/emmett"
import type { Metrics, StoreKind } from "../job.ts"
import { scratchPgSchema, scratchSqliteFile } from "../support/scratch.ts"

export interface OpenEmmett {
  readonly store: EventStore
  /** SQLite errors of Emmett's store absorbed so far (see `retryBusy` and `absorbStraySqliteErrors`). */
  readonly busyRetries: () => number
  /** Where it lives, for Emmett's lower-level readers and consumers. */
  readonly place: { readonly fileName?: string; readonly connectionString?: string }
  readonly close: () => Promise<void>
}

/**
 * A fresh Emmett 0.42 event store, opened the way its docs show: `getInMemoryEventStore()`,
 * `getSQLiteEventStore({ fileName })` (node `sqlite3`, WAL, SQLite's default synchronous=FULL —
 * the same durability as gridcase's default), `getPostgreSQLEventStore(connectionString)`.
 * Emmett's SQLite module loads the native `sqlite3` binding, so it is imported only when used.
 */
export const openEmmettStore = async (kind: StoreKind): Promise<OpenEmmett> => {
  switch (kind) {
    case "memory":
      return { store: getInMemoryEventStore(), busyRetries: () => 0, place: {}, close: async () => {} }
    case "sqlite": {
      const { getSQLiteEventStore } = await import("@event-driven-io/emmett-sqlite")
      const file = scratchSqliteFile("emmett")
      const retrying = retryBusy(getSQLiteEventStore({ fileName: file.filename }))
      return {
        store: retrying.store,
        busyRetries: retrying.retries,
        place: { fileName: file.filename },
        close: async () => file.remove(),
      }
    }
    case "postgres": {
      const { getPostgreSQLEventStore } = await import("@event-driven-io/emmett-postgresql")
      const schema = await scratchPgSchema("emmett")
      const store = getPostgreSQLEventStore(schema.url)
      return {
        store,
        busyRetries: () => 0,
        place: { connectionString: schema.url },
        close: async () => {
          await store.close()
          await schema.drop()
        },
      }
    }
    case "none":
      throw new Error("Emmett has no store of kind none")
  }
}

const isBusy = (error: unknown) => (error as { code?: unknown } | null)?.code === "SQLITE_BUSY"

/** SQLite errors Emmett raised and the bench absorbed: retried operations and stray PRAGMA failures. */
let absorbed = 0

/**
 * Emmett's fire-and-forget `PRAGMA journal_mode = WAL` (run on every new connection without a
 * callback) sometimes fails — "cannot change into wal mode from within a transaction", once the
 * operation's own BEGIN got there first — and `sqlite3` then emits an error event nobody
 * listens to, which ends the process. The operation itself goes on unharmed, so with one
 * caller such errors are counted and ignored. With concurrent callers the same route carries
 * "database is locked" failures of the operations themselves, whose promises never settle:
 * those jobs are left to fail.
 */
export const absorbStraySqliteErrors = () => {
  process.on("uncaughtException", (error) => {
    if (/^SQLITE_/.test(String((error as { code?: unknown }).code))) {
      absorbed++
      return
    }
    console.error(error)
    process.exit(1)
  })
}

/**
 * Emmett 0.42's SQLite store opens a new `sqlite3` connection for every operation and does not
 * wait for its `PRAGMA journal_mode = WAL` before starting a transaction; about one operation
 * in a few hundred then fails with SQLITE_BUSY ("cannot commit transaction - SQL statements in
 * progress"), even with a single caller. To measure it at all, such an operation is retried
 * (up to 10 times) and counted; the report gives the count. This can only flatter Emmett.
 */
const retryBusy = (store: EventStore) => {
  const retry =
    <A extends Array<unknown>, R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await call(...args)
        } catch (error) {
          if (!isBusy(error) || attempt === 10) throw error
          absorbed++
        }
      }
    }
  const wrapped: EventStore = {
    aggregateStream: retry(store.aggregateStream.bind(store)) as EventStore["aggregateStream"],
    readStream: retry(store.readStream.bind(store)) as EventStore["readStream"],
    appendToStream: retry(store.appendToStream.bind(store)) as EventStore["appendToStream"],
    streamExists: retry(store.streamExists.bind(store)),
  }
  return { store: wrapped, retries: () => absorbed }
}

/** Adds to a run's metrics how many of Emmett's SQLite errors it absorbed (see `retryBusy`). */
export const countingBusyRetries =
  (opened: OpenEmmett, once: (seconds: number) => Promise<Metrics>) =>
  async (seconds: number): Promise<Metrics> => {
    const before = opened.busyRetries()
    const metrics = await once(seconds)
    return { ...metrics, sqliteErrors: opened.busyRetries() - before }
  }
