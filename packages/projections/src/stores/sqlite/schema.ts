import type { DatabaseSync } from "node:sqlite"
import { inWriteTransaction } from "./write-transaction.ts"

/**
 * Schema migrations of the SQLite read-model store, applied in order on first open; the
 * version reached is kept in `gridcase_projection_schema_version` (apart from the event
 * store's, so both can share one file). Append new steps; never edit a released one.
 *
 * - one checkpoint row per projection: the compare-and-set target of every commit;
 * - documents with their index entries as JSON, so a batch learns a document's stored entries
 *   with the document and leaves the index alone when they did not change (a rowid table:
 *   documents of a kilobyte are too large for WITHOUT ROWID);
 * - index rows keyed by (projection, index, group, document): a group's count and sum are a
 *   range scan of the key, the groups under one head a key range too (a composite group
 *   starts with its head and the separator `\u001f`), and due queues read the `value` index.
 */
const MIGRATIONS: ReadonlyArray<string> = [
  `CREATE TABLE gridcase_projection_checkpoints (
     projection TEXT    PRIMARY KEY,
     position   INTEGER NOT NULL,
     generation INTEGER NOT NULL,
     version    INTEGER NOT NULL
   );
   CREATE TABLE gridcase_projection_documents (
     projection TEXT NOT NULL,
     key        TEXT NOT NULL,
     doc        TEXT NOT NULL,
     entries    TEXT NOT NULL,
     UNIQUE (projection, key)
   );
   CREATE TABLE gridcase_projection_index (
     projection TEXT    NOT NULL,
     idx        TEXT    NOT NULL,
     grp        TEXT    NOT NULL,
     key        TEXT    NOT NULL,
     value      NUMERIC NOT NULL,
     PRIMARY KEY (projection, idx, grp, key)
   ) WITHOUT ROWID;
   CREATE INDEX gridcase_projection_index_by_value ON gridcase_projection_index (projection, idx, value, key);`,
]

/** Brings the database to the latest read-model schema; one writer at a time, so concurrent openers agree. */
export const migrate = (db: DatabaseSync): void =>
  inWriteTransaction(db, () => {
    db.exec("CREATE TABLE IF NOT EXISTS gridcase_projection_schema_version (version INTEGER NOT NULL)")
    const row = db.prepare("SELECT version FROM gridcase_projection_schema_version").get() as
      | { version: number }
      | undefined
    if (row === undefined) db.exec("INSERT INTO gridcase_projection_schema_version (version) VALUES (0)")
    const from = row?.version ?? 0
    if (from > MIGRATIONS.length) {
      throw new Error(`read-model schema version ${from} is newer than this code (${MIGRATIONS.length})`)
    }
    for (const step of MIGRATIONS.slice(from)) db.exec(step)
    db.prepare("UPDATE gridcase_projection_schema_version SET version = ?").run(MIGRATIONS.length)
  })
