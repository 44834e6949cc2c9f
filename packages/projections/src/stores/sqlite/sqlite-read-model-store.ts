import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite"
import { Effect, Layer, type Scope } from "effect"
import { CheckpointConflict, type ReadModelStoreUnavailable } from "../../projection/errors.ts"
import {
  type Checkpoint,
  type CommitRequest,
  entriesLeaving,
  type GroupStats,
  type IndexMember,
  type MemberQuery,
  NEVER_STARTED,
  ReadModelStore,
  type ReadModelStoreShape,
  type StoredDocument,
  sameCheckpoint,
} from "../read-model-store.ts"
import { fromTuples, headRange, toTuples, unavailableIn } from "../sql-encoding.ts"
import { migrate } from "./schema.ts"
import { inWriteTransaction } from "./write-transaction.ts"

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

/** A conflict found inside a transaction: thrown to roll it back, then failed with. */
class ConflictInTransaction {
  readonly error: CheckpointConflict
  constructor(error: CheckpointConflict) {
    this.error = error
  }
}

/**
 * The read-model store on an open connection, its tables migrated first. Each commit and reset
 * is a write transaction of its own — or a savepoint, when the connection is already in a
 * transaction (an inline projection inside the event store's append).
 */
export const sqliteReadModelsOn = (db: DatabaseSync): ReadModelStoreShape => {
  migrate(db)
  const checkpointOf = db.prepare(
    "SELECT position, generation, version FROM gridcase_projection_checkpoints WHERE projection = ?",
  )
  const putCheckpoint = db.prepare(
    `INSERT INTO gridcase_projection_checkpoints (projection, position, generation, version) VALUES (?, ?, ?, ?)
     ON CONFLICT (projection) DO UPDATE SET position = excluded.position, generation = excluded.generation, version = excluded.version`,
  )
  const moveCheckpoint = db.prepare(
    "UPDATE gridcase_projection_checkpoints SET position = ? WHERE projection = ?",
  )
  const loadDocs = db.prepare(
    "SELECT key, doc, entries FROM gridcase_projection_documents WHERE projection = ? AND key IN (SELECT value FROM json_each(?))",
  )
  const getDoc = db.prepare("SELECT doc FROM gridcase_projection_documents WHERE projection = ? AND key = ?")
  const putDoc = db.prepare(
    `INSERT INTO gridcase_projection_documents (projection, key, doc, entries) VALUES (?, ?, ?, ?)
     ON CONFLICT (projection, key) DO UPDATE SET doc = excluded.doc, entries = excluded.entries`,
  )
  const deleteDoc = db.prepare("DELETE FROM gridcase_projection_documents WHERE projection = ? AND key = ?")
  const deleteEntry = db.prepare(
    "DELETE FROM gridcase_projection_index WHERE projection = ? AND idx = ? AND grp = ? AND key = ?",
  )
  const insertEntry = db.prepare(
    "INSERT INTO gridcase_projection_index (projection, idx, grp, key, value) VALUES (?, ?, ?, ?, ?)",
  )
  const dropDocs = db.prepare("DELETE FROM gridcase_projection_documents WHERE projection = ?")
  const dropIndex = db.prepare("DELETE FROM gridcase_projection_index WHERE projection = ?")
  const groupStats = db.prepare(
    "SELECT count(*) AS count, total(value) AS sum FROM gridcase_projection_index WHERE projection = ? AND idx = ? AND grp = ?",
  )
  const allGroups = db.prepare(
    "SELECT grp AS grp, count(*) AS count, total(value) AS sum FROM gridcase_projection_index WHERE projection = ? AND idx = ? GROUP BY grp ORDER BY grp",
  )
  const groupsUnder = db.prepare(
    `SELECT grp AS grp, count(*) AS count, total(value) AS sum FROM gridcase_projection_index
     WHERE projection = ? AND idx = ? AND (grp = ? OR (grp >= ? AND grp < ?)) GROUP BY grp ORDER BY grp`,
  )
  const memberStatements = new Map<string, StatementSync>()

  const readCheckpoint = (projection: string) => checkpointOf.get(projection) as CheckpointRow | undefined

  const writeTransaction = <A>(
    body: () => A,
  ): Effect.Effect<A, CheckpointConflict | ReadModelStoreUnavailable> =>
    Effect.suspend(() => {
      try {
        return Effect.succeed(inWriteTransaction(db, body))
      } catch (error) {
        return Effect.fail(error instanceof ConflictInTransaction ? error.error : unavailable(error))
      }
    })
  const expectCheckpoint = (
    projection: string,
    expected: Checkpoint | undefined,
  ): CheckpointRow | undefined => {
    const actual = readCheckpoint(projection)
    if (!sameCheckpoint(expected ?? NEVER_STARTED, actual ?? NEVER_STARTED)) {
      throw new ConflictInTransaction(
        new CheckpointConflict({
          projection,
          expected: expected ?? NEVER_STARTED,
          actual: actual ?? NEVER_STARTED,
        }),
      )
    }
    return actual
  }

  const commit = (request: CommitRequest) =>
    writeTransaction((): Checkpoint => {
      const { projection } = request
      const actual = expectCheckpoint(projection, request.expected)
      if (actual === undefined) {
        throw new ConflictInTransaction(
          new CheckpointConflict({ projection, expected: request.expected, actual: NEVER_STARTED }),
        )
      }
      if (request.position < actual.position) {
        throw new RangeError(`commit position ${request.position} is below the checkpoint ${actual.position}`)
      }
      for (const write of request.writes) {
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
      moveCheckpoint.run(request.position, projection)
      return { ...actual, position: request.position }
    })

  const members = (projection: string, idx: string, query: MemberQuery = {}) =>
    attempt((): ReadonlyArray<IndexMember> => {
      const sql = memberSql(query)
      let statement = memberStatements.get(sql)
      if (statement === undefined) {
        statement = db.prepare(sql)
        memberStatements.set(sql, statement)
      }
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
      return (
        statement.all(params) as unknown as ReadonlyArray<{ key: string; grp: string; value: number }>
      ).map((row) => ({ key: row.key, group: row.grp, value: row.value }))
    })

  const toStats = (rows: ReadonlyArray<unknown>): ReadonlyArray<GroupStats> =>
    (rows as ReadonlyArray<{ grp: string; count: number; sum: number }>).map((row) => ({
      group: row.grp,
      count: row.count,
      sum: row.sum,
    }))

  const store: ReadModelStoreShape = {
    checkpoint: (projection) => attempt(() => readCheckpoint(projection)),
    reset: (projection, version, expected) =>
      writeTransaction((): Checkpoint => {
        const actual = expectCheckpoint(projection, expected)
        dropDocs.run(projection)
        dropIndex.run(projection)
        const fresh = { position: 0, generation: (actual?.generation ?? 0) + 1, version }
        putCheckpoint.run(projection, fresh.position, fresh.generation, fresh.version)
        return fresh
      }),
    load: (projection, keys) =>
      attempt(() => {
        const found = new Map<string, StoredDocument>()
        const rows = loadDocs.all(projection, JSON.stringify(keys)) as unknown as ReadonlyArray<{
          key: string
          doc: string
          entries: string
        }>
        for (const row of rows)
          found.set(row.key, { doc: JSON.parse(row.doc), entries: fromTuples(JSON.parse(row.entries)) })
        return found
      }),
    commit,
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
    members,
  }
  return store
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

export const SqliteReadModelStore = {
  /** Provides `ReadModelStore` backed by the given SQLite file for the life of the layer. */
  layer: (options: SqliteReadModelStoreOptions) =>
    Layer.effect(ReadModelStore)(makeSqliteReadModelStore(options)),
} as const
