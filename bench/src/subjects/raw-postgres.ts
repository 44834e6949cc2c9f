import type { EventStore } from "@gridcase/core"
import pg from "pg"
import { scratchPgSchema } from "../support/scratch.ts"

/** The same columns and unique indexes as gridcase's PostgreSQL store, with a plain identity position. */
const TABLE = `CREATE TABLE events (
  position  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  stream_id text   NOT NULL,
  revision  bigint NOT NULL,
  type      text   NOT NULL,
  data      jsonb  NOT NULL,
  metadata  jsonb  NOT NULL,
  event_id  text   NOT NULL UNIQUE,
  UNIQUE (stream_id, revision)
)`

const COLUMNS = 6

/**
 * The PostgreSQL ceiling: plain `pg` on a pool, one statement per append (autocommit, so one
 * WAL flush each at the server's default synchronous_commit=on), the rows of a batch in one
 * multi-row INSERT. No version check, no idempotency lookup, no late-commit-safe positions.
 */
export const openRawPostgres = async (connections: number) => {
  const schema = await scratchPgSchema("raw")
  const pool = new pg.Pool({ connectionString: schema.url, max: connections })
  await pool.query(TABLE)
  const insertText = (rows: number) =>
    `INSERT INTO events (stream_id, revision, type, data, metadata, event_id) VALUES ${Array.from(
      { length: rows },
      (_, row) =>
        `(${Array.from({ length: COLUMNS }, (_, column) => `$${row * COLUMNS + column + 1}`).join(", ")})`,
    ).join(", ")}`
  const texts = new Map<number, string>()
  return {
    /** One INSERT statement for all the events: one round trip, one commit. */
    insert: async (streamId: string, firstRevision: number, events: ReadonlyArray<EventStore.NewEvent>) => {
      let text = texts.get(events.length)
      if (text === undefined) {
        text = insertText(events.length)
        texts.set(events.length, text)
      }
      const values = events.flatMap((event, index) => [
        streamId,
        firstRevision + index,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        event.metadata.eventId,
      ])
      await pool.query({ name: `insert-${events.length}`, text, values })
    },
    readStream: async (streamId: string) =>
      (
        await pool.query({
          name: "stream",
          text: "SELECT position, type, data, metadata FROM events WHERE stream_id = $1 ORDER BY revision",
          values: [streamId],
        })
      ).rows,
    readPage: async (after: number, limit: number) =>
      (
        await pool.query({
          name: "page",
          text: "SELECT position, type, data, metadata FROM events WHERE position > $1 ORDER BY position LIMIT $2",
          values: [after, limit],
        })
      ).rows as Array<{ position: string }>,
    close: async () => {
      await pool.end()
      await schema.drop()
    },
  }
}
export type RawPostgres = Awaited<ReturnType<typeof openRawPostgres>>
