import { DatabaseSync } from "node:sqlite"
import type { EventStore } from "@gridcase/core"
import { scratchSqliteFile } from "../support/scratch.ts"

/** The same table as gridcase's SQLite store: same columns, same unique indexes. */
const TABLE = `CREATE TABLE IF NOT EXISTS events (
  position  INTEGER PRIMARY KEY,
  stream_id TEXT    NOT NULL,
  revision  INTEGER NOT NULL,
  type      TEXT    NOT NULL,
  data      TEXT    NOT NULL,
  metadata  TEXT    NOT NULL,
  event_id  TEXT    NOT NULL UNIQUE,
  UNIQUE (stream_id, revision)
)`

interface Row {
  readonly type: string
  readonly data: string
  readonly metadata: string
  readonly position: number
}

/**
 * The SQLite ceiling (上限): plain `node:sqlite` in WAL mode with synchronous=FULL — the
 * durability gridcase defaults to — inserting and reading the same rows with nothing in between:
 * no version check, no idempotency lookup, no Effect, no decoding beyond `JSON.parse`.
 */
export const openRawSqlite = () => {
  const file = scratchSqliteFile("raw")
  const db = new DatabaseSync(file.filename)
  db.exec("PRAGMA journal_mode = WAL")
  db.exec("PRAGMA synchronous = FULL")
  db.exec(TABLE)
  const insert = db.prepare(
    "INSERT INTO events (stream_id, revision, type, data, metadata, event_id) VALUES (?, ?, ?, ?, ?, ?)",
  )
  const byStream = db.prepare(
    "SELECT position, type, data, metadata FROM events WHERE stream_id = ? ORDER BY revision",
  )
  const page = db.prepare(
    "SELECT position, type, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT ?",
  )
  const write = (streamId: string, firstRevision: number, events: ReadonlyArray<EventStore.NewEvent>) => {
    events.forEach((event, index) => {
      insert.run(
        streamId,
        firstRevision + index,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        event.metadata.eventId,
      )
    })
  }
  const parse = (rows: ReadonlyArray<unknown>) =>
    (rows as ReadonlyArray<Row>).map((row) => ({
      position: row.position,
      type: row.type,
      data: JSON.parse(row.data) as unknown,
      metadata: JSON.parse(row.metadata) as unknown,
    }))
  return {
    /** Inserts the events in one transaction: one fsync however many rows. */
    insertInTransaction: (
      streamId: string,
      firstRevision: number,
      events: ReadonlyArray<EventStore.NewEvent>,
    ) => {
      db.exec("BEGIN IMMEDIATE")
      write(streamId, firstRevision, events)
      db.exec("COMMIT")
    },
    readStream: (streamId: string) => parse(byStream.all(streamId)),
    readPage: (after: number, limit: number) => parse(page.all(after, limit)),
    close: () => {
      db.close()
      file.remove()
    },
  }
}
export type RawSqlite = ReturnType<typeof openRawSqlite>
