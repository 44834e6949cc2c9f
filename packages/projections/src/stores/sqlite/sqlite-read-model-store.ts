import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite"
import { Effect, Layer, type Scope } from "effect"
import type { CheckpointConflict, ReadModelStoreUnavailable } from "../../projection/errors.ts"
import {
  checkpointToMove,
  expectCheckpoint,
  freshCheckpoint,
  transactionFailure,
} from "../checkpoint-checks.ts"
import {
  type Checkpoint,
  type CommitRequest,
  entriesLeaving,
  type GroupStats,
  type IndexMember,
  type MemberQuery,
  ReadModelStore,
  type ReadModelStoreShape,
  type StoredDocument,
} from "../read-model-store.ts"
import { fromTuples, headRange, toTuples, unavailableIn } from "../sql-encoding.ts"
import { migrate } from "./schema.ts"
import { inWriteTransaction } from "./write-transaction.ts"

/** Where the SQLite read-model store keeps its file, and how long a write waits for a busy database. */
export interface SqliteReadModelStoreOptions {
  /** Path of the database file (the event store's own file will do); `":memory:"` for a private one. */
  readonly filename: string
  /**
   * `"NORMAL"` (default): in WAL mode a power cut may lose the last commits, never corrupt the
   * file — and a lost commit only means its batch is folded again from the checkpoint before
   * it. `"FULL"` makes every commit durable when it returns.
   */
  readonly synchronous?: "FULL" | "NORMAL"
  /** How long (ms) to wait for another process holding the write lock. Defaults to 5,000. */
  readonly busyTimeoutMillis?: number
}

interface CheckpointRow {
  readonly position: number
  readonly generation: number
  readonly version: number
}

const unavailable = unavailableIn("sqlite")

const attempt = <A>(run: () => A): Effect.Effect<A, ReadModelStoreUnavailable> =>
  Effect.try({ try: run, catch: unavailable })

/** The member query for one shape of `MemberQuery`, so that each shape is prepared once. */
const memberSql = (query: MemberQuery) =>
  [
    "SELECT key, grp, value FROM gridcase_projection_index WHERE projection = :projection AND idx = :idx",
    query.group !== undefined
      ? "AND grp = :group"
      : query.groups !== undefined
        ? "AND grp IN (SELECT value FROM json_each(:groups))"
        : query.head !== undefined
          ? "AND (grp = :head OR (grp >= :headFrom AND grp < :headTo))"
          : "",
    query.below !== undefined ? "AND value < :below" : "",
    "ORDER BY value, key",
    query.limit !== undefined ? "LIMIT :limit" : "",
  ].join(" ")

/** Prepares a store's statements on `db`, whose tables are migrated. */
const prepareStatements = (db: DatabaseSync) => ({
  checkpointOf: db.prepare(
    "SELECT position, generation, version FROM gridcase_projection_checkpoints WHERE projection = ?",
  ),
  putCheckpoint: db.prepare(
    `INSERT INTO gridcase_projection_checkpoints (projection, position, generation, version) VALUES (?, ?, ?, ?)
     ON CONFLICT (projection) DO UPDATE SET position = excluded.position, generation = excluded.generation, version = excluded.version`,
  ),
  moveCheckpoint: db.prepare("UPDATE gridcase_projection_checkpoints SET position = ? WHERE projection = ?"),
  loadDocs: db.prepare(
    "SELECT key, doc, entries FROM gridcase_projection_documents WHERE projection = ? AND key IN (SELECT value FROM json_each(?))",
  ),
  getDoc: db.prepare("SELECT doc FROM gridcase_projection_documents WHERE projection = ? AND key = ?"),
  putDoc: db.prepare(
    `INSERT INTO gridcase_projection_documents (projection, key, doc, entries) VALUES (?, ?, ?, ?)
     ON CONFLICT (projection, key) DO UPDATE SET doc = excluded.doc, entries = excluded.entries`,
  ),
  deleteDoc: db.prepare("DELETE FROM gridcase_projection_documents WHERE projection = ? AND key = ?"),
  deleteEntry: db.prepare(
    "DELETE FROM gridcase_projection_index WHERE projection = ? AND idx = ? AND grp = ? AND key = ?",
  ),
  insertEntry: db.prepare(
    "INSERT INTO gridcase_projection_index (projection, idx, grp, key, value) VALUES (?, ?, ?, ?, ?)",
  ),
  dropDocs: db.prepare("DELETE FROM gridcase_projection_documents WHERE projection = ?"),
  dropIndex: db.prepare("DELETE FROM gridcase_projection_index WHERE projection = ?"),
  groupStats: db.prepare(
    "SELECT count(*) AS count, total(value) AS sum FROM gridcase_projection_index WHERE projection = ? AND idx = ? AND grp = ?",
  ),
  allGroups: db.prepare(
    "SELECT grp AS grp, count(*) AS count, total(value) AS sum FROM gridcase_projection_index WHERE projection = ? AND idx = ? GROUP BY grp ORDER BY grp",
  ),
  groupsUnder: db.prepare(
    `SELECT grp AS grp, count(*) AS count, total(value) AS sum FROM gridcase_projection_index
     WHERE projection = ? AND idx = ? AND (grp = ? OR (grp >= ? AND grp < ?)) GROUP BY grp ORDER BY grp`,
  ),
})

/** One store: its connection, its statements, and the member queries prepared so far, by SQL. */
interface On {
  readonly db: DatabaseSync
  readonly statements: ReturnType<typeof prepareStatements>
  readonly memberStatements: Map<string, StatementSync>
}

const readCheckpoint = (on: On, projection: string) =>
  on.statements.checkpointOf.get(projection) as CheckpointRow | undefined

/** Runs `body` in a write transaction (or savepoint); a `ConflictInTransaction` rolls back and fails with its conflict. */
const writeTransaction = <A>(
  db: DatabaseSync,
  body: () => A,
): Effect.Effect<A, CheckpointConflict | ReadModelStoreUnavailable> =>
  Effect.suspend(() => {
    try {
      return Effect.succeed(inWriteTransaction(db, body))
    } catch (error) {
      return Effect.fail(transactionFailure(error, unavailable))
    }
  })

/** Moves the index rows and documents of each write, one prepared statement per row. */
const writeRows = (on: On, projection: string, writes: CommitRequest["writes"]) => {
  const { deleteEntry, insertEntry, deleteDoc, putDoc } = on.statements
  for (const write of writes) {
    const entries = write.doc === undefined ? [] : write.entries
    for (const entry of entriesLeaving(write.previous, entries)) {
      deleteEntry.run(projection, entry.index, entry.group, write.key)
    }
    for (const entry of entriesLeaving(entries, write.previous)) {
      insertEntry.run(projection, entry.index, entry.group, write.key, entry.value)
    }
    if (write.doc === undefined) deleteDoc.run(projection, write.key)
    else putDoc.run(projection, write.key, JSON.stringify(write.doc), JSON.stringify(toTuples(entries)))
  }
}

/** Every request's batch and checkpoint in one write transaction; a conflict rolls them all back. */
const commitAll = (on: On, requests: ReadonlyArray<CommitRequest>) =>
  writeTransaction(on.db, () =>
    requests.map((request): Checkpoint => {
      const { projection } = request
      const actual = checkpointToMove(request, readCheckpoint(on, projection))
      writeRows(on, projection, request.writes)
      on.statements.moveCheckpoint.run(request.position, projection)
      return { ...actual, position: request.position }
    }),
  )

const reset = (on: On, projection: string, version: number, expected: Checkpoint | undefined) =>
  writeTransaction(on.db, (): Checkpoint => {
    const actual = expectCheckpoint(projection, expected, readCheckpoint(on, projection))
    on.statements.dropDocs.run(projection)
    on.statements.dropIndex.run(projection)
    const fresh = freshCheckpoint(actual, version)
    on.statements.putCheckpoint.run(projection, fresh.position, fresh.generation, fresh.version)
    return fresh
  })

/** The stored documents of one projection among `keys`. */
const loadDocs = (on: On, projection: string, keys: ReadonlyArray<string>) => {
  const found = new Map<string, StoredDocument>()
  const rows = on.statements.loadDocs.all(projection, JSON.stringify(keys)) as unknown as ReadonlyArray<{
    key: string
    doc: string
    entries: string
  }>
  for (const row of rows)
    found.set(row.key, { doc: JSON.parse(row.doc), entries: fromTuples(JSON.parse(row.entries)) })
  return found
}

const toStats = (rows: ReadonlyArray<unknown>): ReadonlyArray<GroupStats> =>
  (rows as ReadonlyArray<{ grp: string; count: number; sum: number }>).map((row) => ({
    group: row.grp,
    count: row.count,
    sum: row.sum,
  }))

/** The statement of one shape of member query, prepared on first use. */
const memberStatement = (on: On, query: MemberQuery): StatementSync => {
  const sql = memberSql(query)
  let statement = on.memberStatements.get(sql)
  if (statement === undefined) {
    statement = on.db.prepare(sql)
    on.memberStatements.set(sql, statement)
  }
  return statement
}

/** The named parameters `memberSql(query)` takes. */
const memberParams = (projection: string, idx: string, query: MemberQuery) => {
  const params: Record<string, SQLInputValue> = { projection, idx }
  if (query.group !== undefined) params.group = query.group
  else if (query.groups !== undefined) params.groups = JSON.stringify(query.groups)
  else if (query.head !== undefined) {
    params.head = query.head
    const range = headRange(query.head)
    params.headFrom = range.from
    params.headTo = range.to
  }
  if (query.below !== undefined) params.below = query.below
  if (query.limit !== undefined) params.limit = Math.max(0, query.limit)
  return params
}

const members = (on: On, projection: string, idx: string, query: MemberQuery = {}) =>
  attempt((): ReadonlyArray<IndexMember> => {
    const statement = memberStatement(on, query)
    return (
      statement.all(memberParams(projection, idx, query)) as unknown as ReadonlyArray<{
        key: string
        grp: string
        value: number
      }>
    ).map((row) => ({ key: row.key, group: row.grp, value: row.value }))
  })

/**
 * The read-model store on an open connection, its tables migrated first. Each commit and reset
 * is a write transaction of its own — or a savepoint, when the connection is already in a
 * transaction (an inline projection inside the event store's append).
 */
export const sqliteReadModelsOn = (db: DatabaseSync): ReadModelStoreShape => {
  migrate(db)
  const on: On = { db, statements: prepareStatements(db), memberStatements: new Map() }
  const { getDoc, groupStats, allGroups, groupsUnder } = on.statements
  return {
    checkpoint: (projection) => attempt(() => readCheckpoint(on, projection)),
    // In process there is no round trip to save: one projection after the other.
    checkpoints: (projections) =>
      attempt(() => projections.map((projection) => readCheckpoint(on, projection))),
    reset: (projection, version, expected) => reset(on, projection, version, expected),
    load: (projection, keys) => attempt(() => loadDocs(on, projection, keys)),
    // In process there is no round trip to save: one projection after the other.
    loadAll: (requests) =>
      attempt(() => requests.map((request) => loadDocs(on, request.projection, request.keys))),
    commit: (request) => Effect.map(commitAll(on, [request]), (moved) => moved[0]!),
    commitAll: (requests) => commitAll(on, requests),
    get: (projection, key) =>
      attempt(() => {
        const row = getDoc.get(projection, key) as { doc: string } | undefined
        return row === undefined ? undefined : JSON.parse(row.doc)
      }),
    stats: (projection, idx, group) =>
      attempt(() => {
        const row = groupStats.get(projection, idx, group) as { count: number; sum: number }
        return { group, count: row.count, sum: row.sum }
      }),
    groups: (projection, idx, head) =>
      attempt(() =>
        toStats(
          head === undefined
            ? allGroups.all(projection, idx)
            : groupsUnder.all(projection, idx, head, headRange(head).from, headRange(head).to),
        ),
      ),
    members: (projection, idx, query) => members(on, projection, idx, query),
  }
}

const openStore = (options: SqliteReadModelStoreOptions) => {
  const db = new DatabaseSync(options.filename, { timeout: options.busyTimeoutMillis ?? 5_000 })
  try {
    db.exec("PRAGMA journal_mode = WAL")
    db.exec(`PRAGMA synchronous = ${options.synchronous === "FULL" ? "FULL" : "NORMAL"}`)
    return { store: sqliteReadModelsOn(db), close: () => db.close() }
  } catch (error) {
    db.close()
    throw error
  }
}

/**
 * Read models in SQLite (SQLite 读模型存储), open for the life of the scope: documents, index
 * rows and checkpoints in three tables of one file, each batch and its checkpoint in one
 * transaction under SQLite's write lock, so several processes on one file can never move a
 * checkpoint back. Memory holds one batch, whatever the length of history.
 */
export const makeSqliteReadModelStore = (
  options: SqliteReadModelStoreOptions,
): Effect.Effect<ReadModelStoreShape, ReadModelStoreUnavailable, Scope.Scope> =>
  Effect.acquireRelease(
    attempt(() => openStore(options)),
    ({ close }) => Effect.sync(close),
  ).pipe(Effect.map(({ store }) => store))

/** The SQLite read-model store: `SqliteReadModelStore.layer(options)` provides it, open until the layer's scope closes. */
export const SqliteReadModelStore = {
  /** Provides `ReadModelStore` backed by the given SQLite file for the life of the layer. */
  layer: (options: SqliteReadModelStoreOptions) =>
    Layer.effect(ReadModelStore)(makeSqliteReadModelStore(options)),
} as const
