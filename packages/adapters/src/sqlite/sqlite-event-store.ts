import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite"
import { EventStore } from "@gridcase/core"
import { type Duration, Effect, Layer, type Scope } from "effect"
import { ChangeSignal } from "../shared/change-signal.ts"
import { DEFAULT_PAGE_SIZE, type TailPage, tailEvents } from "../shared/tail.ts"
import { makeGroupCommit } from "./group-commit.ts"
import type { SqliteInlineProjection } from "./inline.ts"
import { decodeRow, EVENT_COLUMNS, type EventRow, unavailable } from "./rows.ts"
import { migrate } from "./schema.ts"

/** Where the SQLite event store keeps its file, its durability and group commit, and any inline projections. */
export interface SqliteEventStoreOptions {
  /** Path of the database file, created if missing; `":memory:"` for a private in-memory database. */
  readonly filename: string
  /**
   * `"FULL"` (default): an append has reached the disk when it succeeds. `"NORMAL"`: faster;
   * in WAL mode a power cut may lose the last commits but never corrupts the file.
   */
  readonly synchronous?: "FULL" | "NORMAL"
  /** How long (ms) to wait for another process holding the write lock. Defaults to 5,000. */
  readonly busyTimeoutMillis?: number
  /**
   * How often an idle subscription re-reads, to see appends made by other processes on the
   * same file (appends made through this store wake it at once). Defaults to 250 ms.
   */
  readonly pollInterval?: Duration.Input
  /**
   * Read models kept in the same transaction as each append (内联投影), in this order: brought
   * up to date when the store opens, then inside every append. An append they cannot fold
   * fails with `StoreUnavailable` naming the projection, and stores nothing. Every process
   * appending to the file should register them, or their appends are folded only at the
   * next append of a process that does.
   */
  readonly inline?: ReadonlyArray<SqliteInlineProjection>
}

const STREAM_FORWARDS = `SELECT ${EVENT_COLUMNS} FROM gridcase_events
  WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`
const STREAM_BACKWARDS = `SELECT ${EVENT_COLUMNS} FROM gridcase_events
  WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`

/** The `readAll` query for one filter shape; the prefix test is literal (no LIKE wildcards). */
const pageQuery = (byType: boolean, byPrefix: boolean) =>
  [
    `SELECT ${EVENT_COLUMNS} FROM gridcase_events WHERE position > :after`,
    byType ? "AND type IN (SELECT value FROM json_each(:types))" : "",
    byPrefix ? "AND stream_id >= :prefix AND substr(stream_id, 1, length(:prefix)) = :prefix" : "",
    "ORDER BY position LIMIT :limit",
  ].join(" ")

/** SQLite reads `LIMIT -1` as "no limit": callers' counts are clamped, absent ones become -1. */
const limitOf = (maxCount: number | undefined) => (maxCount === undefined ? -1 : Math.max(0, maxCount))

const attempt = <A>(read: () => A): Effect.Effect<A, EventStore.StoreUnavailable> =>
  Effect.try({ try: read, catch: unavailable })

/** Opens the database file in WAL mode and migrates it; closes it again if either fails. */
const openDatabase = (config: SqliteEventStoreOptions): DatabaseSync => {
  const db = new DatabaseSync(config.filename, { timeout: config.busyTimeoutMillis ?? 5_000 })
  try {
    db.exec("PRAGMA journal_mode = WAL")
    db.exec(`PRAGMA synchronous = ${config.synchronous === "NORMAL" ? "NORMAL" : "FULL"}`)
    migrate(db)
  } catch (error) {
    db.close()
    throw error
  }
  return db
}

/** The read statements of a store, and the `readAll` statements prepared so far, by filter shape. */
interface Reader {
  readonly db: DatabaseSync
  readonly forwards: StatementSync
  readonly backwards: StatementSync
  readonly head: StatementSync
  readonly pages: Map<string, StatementSync>
}

const prepareReader = (db: DatabaseSync): Reader => ({
  db,
  forwards: db.prepare(STREAM_FORWARDS),
  backwards: db.prepare(STREAM_BACKWARDS),
  head: db.prepare("SELECT COALESCE(MAX(position), 0) AS head FROM gridcase_events"),
  pages: new Map(),
})

const decodeRows = (found: ReadonlyArray<unknown>): Array<EventStore.RecordedEvent> =>
  (found as ReadonlyArray<EventRow>).map(decodeRow)

const readStream = (reader: Reader, streamId: string, options: EventStore.ReadStreamOptions) =>
  options.direction === "backwards"
    ? decodeRows(
        reader.backwards.all(
          streamId,
          options.fromRevision ?? Number.MAX_SAFE_INTEGER,
          limitOf(options.maxCount),
        ),
      )
    : decodeRows(reader.forwards.all(streamId, options.fromRevision ?? 1, limitOf(options.maxCount)))

/** The events after `after` that pass `filter`, at most `maxCount` of them. */
const readEvents = (
  reader: Reader,
  after: number,
  filter: EventStore.EventFilter,
  maxCount: number,
): Array<EventStore.RecordedEvent> => {
  const key = `${filter.types !== undefined}:${filter.streamPrefix !== undefined}`
  let statement = reader.pages.get(key)
  if (statement === undefined) {
    statement = reader.db.prepare(pageQuery(filter.types !== undefined, filter.streamPrefix !== undefined))
    reader.pages.set(key, statement)
  }
  const params: Record<string, SQLInputValue> = { after, limit: limitOf(maxCount) }
  if (filter.types !== undefined) params.types = JSON.stringify(filter.types)
  if (filter.streamPrefix !== undefined) params.prefix = filter.streamPrefix
  return decodeRows(statement.all(params))
}

/**
 * A subscription's page, with how far it examined the store. Reads the head before the page:
 * positions are assigned under SQLite's write lock, so everything up to that head was
 * committed before the page query began. A short page therefore proves the filter rejected
 * every row up to the head, and the checkpoint may jump there. `readAll` has no use for the
 * head, so it reads the page alone.
 */
const readTailPage = (reader: Reader, after: number, filter: EventStore.EventFilter): TailPage => {
  const top = (reader.head.get() as { head: number }).head
  const events = readEvents(reader, after, filter, DEFAULT_PAGE_SIZE)
  const last = events.at(-1)?.position ?? after
  return { events, checkpoint: events.length < DEFAULT_PAGE_SIZE ? Math.max(last, top) : last }
}

/** `readAll`, also what inline projections read with inside the write transaction. */
const readAllEvents = (reader: Reader, options: EventStore.ReadAllOptions) =>
  readEvents(reader, options.after ?? 0, options, options.maxCount ?? DEFAULT_PAGE_SIZE)

/** Folds what each inline projection has not folded yet, inside the caller's write transaction. */
const catchUpInline = (
  db: DatabaseSync,
  inline: ReadonlyArray<SqliteInlineProjection>,
  read: (options: EventStore.ReadAllOptions) => ReadonlyArray<EventStore.RecordedEvent>,
): void => {
  for (const projection of inline) {
    try {
      projection.catchUp(db, read)
    } catch (error) {
      throw new EventStore.StoreUnavailable({
        message: `sqlite: inline projection ${projection.name} failed: ${error instanceof Error ? error.message : String(error)}`,
        cause: error,
      })
    }
  }
}

/** Brings the inline projections up to date in one write transaction as the store opens; closes the file if they fail. */
const catchUpOnOpen = (db: DatabaseSync, catchUp: () => void): void => {
  try {
    db.exec("BEGIN IMMEDIATE")
    try {
      catchUp()
      db.exec("COMMIT")
    } catch (error) {
      db.exec("ROLLBACK")
      throw error
    }
  } catch (error) {
    db.close()
    throw error
  }
}

/**
 * Opens the database, runs migrations and builds the store. Synchronous: node:sqlite is, and
 * an embedded store's calls are microseconds long.
 */
const openStore = (config: SqliteEventStoreOptions) => {
  const db = openDatabase(config)
  const changes = new ChangeSignal()
  const reader = prepareReader(db)
  const inline = config.inline ?? []
  const read = (options: EventStore.ReadAllOptions) => readAllEvents(reader, options)
  const catchUp = () => catchUpInline(db, inline, read)
  if (inline.length > 0) catchUpOnOpen(db, catchUp)
  const writer = makeGroupCommit(db, () => changes.notify(), inline.length > 0 ? catchUp : undefined)

  const store: EventStore.Shape = {
    readStream: (streamId, options = {}) => attempt(() => readStream(reader, streamId, options)),
    append: writer.append,
    readAll: (options = {}) => attempt(() => readAllEvents(reader, options)),
    subscribe: (options = {}) =>
      tailEvents({
        after: options.after ?? 0,
        readPage: (after) => attempt(() => readTailPage(reader, after, options)),
        changes,
        pollInterval: config.pollInterval ?? "250 millis",
      }),
  }
  const close = () => {
    writer.close()
    db.close()
  }
  return { store, close }
}

/**
 * The embedded event store (嵌入式事件存储) on node:sqlite, open for the life of the scope:
 * WAL, `synchronous=FULL` by default, migrations on first open, group commit for appends.
 * Closing the scope writes any queued appends, then closes the file.
 */
export const makeSqliteEventStore = (
  options: SqliteEventStoreOptions,
): Effect.Effect<EventStore.Shape, EventStore.StoreUnavailable, Scope.Scope> =>
  Effect.acquireRelease(
    attempt(() => openStore(options)),
    ({ close }) => Effect.sync(close),
  ).pipe(Effect.map(({ store }) => store))

/** The SQLite event store: `SqliteEventStore.layer(options)` provides it, open until the layer's scope closes. */
export const SqliteEventStore = {
  /** Provides core's `EventStore` backed by the given SQLite file for the life of the layer. */
  layer: (options: SqliteEventStoreOptions) =>
    Layer.effect(EventStore.EventStore)(makeSqliteEventStore(options)),
} as const
