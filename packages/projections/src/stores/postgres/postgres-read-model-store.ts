import {
  hearClientErrors,
  inTransaction as inPoolTransaction,
  withPooledClient,
} from "@gridcase/adapters/postgres"
import { Effect, Layer, type Scope } from "effect"
import pg from "pg"
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
import { type EntryTuple, fromTuples, headRange, toTuples, unavailableIn } from "../sql-encoding.ts"
import { migrate } from "./schema.ts"

export interface PostgresReadModelStoreOptions {
  /** A pool to run on (the store never ends it), or a connection string (the store owns its pool). */
  readonly connection: pg.Pool | string
  /** Schema holding the read-model tables, created if missing; the event store's (`gridcase`) by default. */
  readonly schema?: string
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,39}$/

const unavailable = unavailableIn("postgres")

interface CheckpointRow {
  readonly position: string
  readonly generation: string
  readonly version: number
}

const checkpointFrom = (row: CheckpointRow | undefined): Checkpoint | undefined =>
  row === undefined
    ? undefined
    : { position: Number(row.position), generation: Number(row.generation), version: row.version }

interface StatsRow {
  readonly grp: string
  readonly count: string
  readonly sum: number | null
}

const statsFrom = (row: StatsRow): GroupStats => ({
  group: row.grp,
  count: Number(row.count),
  sum: row.sum ?? 0,
})

/** A conflict found inside a transaction: thrown to roll it back, then failed with. */
class ConflictInTransaction {
  readonly error: CheckpointConflict
  constructor(error: CheckpointConflict) {
    this.error = error
  }
}

/** Checks a schema name and quotes it for SQL. */
export const quotedSchema = (schemaName: string): string => {
  if (!SCHEMA_NAME.test(schemaName)) {
    throw new Error(`invalid schema name "${schemaName}": use lowercase letters, digits and _ (at most 40)`)
  }
  return `"${schemaName}"`
}

/**
 * Where a store runs its statements: a pool, each commit a transaction on a connection of its
 * own; or one connection whose transaction is open already (the event store's, inside an
 * append), each commit a savepoint in it.
 */
export type PostgresConnection =
  | { readonly _tag: "pool"; readonly pool: pg.Pool }
  | { readonly _tag: "transaction"; readonly client: pg.PoolClient }

/**
 * The read-model store over a connection whose schema is migrated already, with
 * `lockCheckpoint`: the projection's checkpoint, its row locked until the transaction ends.
 */
export const postgresReadModelsOver = (connection: PostgresConnection, schemaName: string) => {
  const schema = quotedSchema(schemaName)
  const reader = connection._tag === "pool" ? connection.pool : connection.client
  const sql = {
    checkpoint: `SELECT position, generation, version FROM ${schema}.projection_checkpoints WHERE projection = $1`,
    lockCheckpoint: `SELECT position, generation, version FROM ${schema}.projection_checkpoints WHERE projection = $1 FOR UPDATE`,
    putCheckpoint: `INSERT INTO ${schema}.projection_checkpoints (projection, position, generation, version) VALUES ($1, $2, $3, $4)
      ON CONFLICT (projection) DO UPDATE SET position = excluded.position, generation = excluded.generation, version = excluded.version`,
    moveCheckpoint: `UPDATE ${schema}.projection_checkpoints SET position = $2 WHERE projection = $1`,
    load: `SELECT key, doc, entries FROM ${schema}.projection_documents WHERE projection = $1 AND key = ANY($2::text[])`,
    get: `SELECT doc FROM ${schema}.projection_documents WHERE projection = $1 AND key = $2`,
    putDocs: `INSERT INTO ${schema}.projection_documents (projection, key, doc, entries)
      SELECT $1, d.key, d.doc::jsonb, d.entries::jsonb FROM unnest($2::text[], $3::text[], $4::text[]) AS d(key, doc, entries)
      ON CONFLICT (projection, key) DO UPDATE SET doc = excluded.doc, entries = excluded.entries`,
    deleteDocs: `DELETE FROM ${schema}.projection_documents WHERE projection = $1 AND key = ANY($2::text[])`,
    deleteEntries: `DELETE FROM ${schema}.projection_index i USING unnest($2::text[], $3::text[], $4::text[]) AS d(idx, grp, key)
      WHERE i.projection = $1 AND i.idx = d.idx AND i.grp = d.grp AND i.key = d.key`,
    insertEntries: `INSERT INTO ${schema}.projection_index (projection, idx, grp, key, value)
      SELECT $1, d.idx, d.grp, d.key, d.value FROM unnest($2::text[], $3::text[], $4::text[], $5::float8[]) AS d(idx, grp, key, value)`,
    dropDocs: `DELETE FROM ${schema}.projection_documents WHERE projection = $1`,
    dropIndex: `DELETE FROM ${schema}.projection_index WHERE projection = $1`,
    stats: `SELECT $3::text AS grp, count(*) AS count, sum(value) AS sum FROM ${schema}.projection_index
      WHERE projection = $1 AND idx = $2 AND grp = $3`,
    groups: `SELECT grp, count(*) AS count, sum(value) AS sum FROM ${schema}.projection_index
      WHERE projection = $1 AND idx = $2 GROUP BY grp ORDER BY grp`,
    groupsUnder: `SELECT grp, count(*) AS count, sum(value) AS sum FROM ${schema}.projection_index
      WHERE projection = $1 AND idx = $2 AND (grp = $3 OR (grp >= $4 AND grp < $5)) GROUP BY grp ORDER BY grp`,
  }
  /** Named statements: prepared once per connection, per schema. */
  const query = <R extends pg.QueryResultRow>(
    on: pg.Pool | pg.PoolClient,
    name: keyof typeof sql,
    values: ReadonlyArray<unknown>,
  ) =>
    on.query<R>({ name: `gridcase-projections:${schemaName}:${name}`, text: sql[name], values: [...values] })

  const run = <A>(body: () => Promise<A>): Effect.Effect<A, ReadModelStoreUnavailable> =>
    Effect.tryPromise({ try: body, catch: unavailable })

  const inTransaction = async <A>(body: (client: pg.PoolClient) => Promise<A>): Promise<A> => {
    if (connection._tag === "transaction") {
      const { client } = connection
      await client.query("SAVEPOINT gridcase_read_models")
      try {
        const result = await body(client)
        await client.query("RELEASE gridcase_read_models")
        return result
      } catch (error) {
        await client.query("ROLLBACK TO gridcase_read_models; RELEASE gridcase_read_models")
        throw error
      }
    }
    return inPoolTransaction(connection.pool, body)
  }

  /** Runs `body` in a transaction (or savepoint); a `ConflictInTransaction` rolls back and fails with its conflict. */
  const transaction = <A>(
    body: (client: pg.PoolClient) => Promise<A>,
  ): Effect.Effect<A, CheckpointConflict | ReadModelStoreUnavailable> =>
    Effect.tryPromise({
      try: () => inTransaction(body),
      catch: (error) => (error instanceof ConflictInTransaction ? error.error : unavailable(error)),
    })

  /** Locks the projection's checkpoint row and checks it is the one expected. */
  const expectCheckpoint = async (
    client: pg.PoolClient,
    projection: string,
    expected: Checkpoint | undefined,
  ) => {
    const { rows } = await query<CheckpointRow>(client, "lockCheckpoint", [projection])
    const actual = checkpointFrom(rows[0])
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
    transaction(async (client): Promise<Checkpoint> => {
      const { projection } = request
      const actual = await expectCheckpoint(client, projection, request.expected)
      if (actual === undefined) {
        throw new ConflictInTransaction(
          new CheckpointConflict({ projection, expected: request.expected, actual: NEVER_STARTED }),
        )
      }
      if (request.position < actual.position) {
        throw new RangeError(`commit position ${request.position} is below the checkpoint ${actual.position}`)
      }
      const removed: Array<EntryTuple> = []
      const removedKeys: Array<string> = []
      const added: Array<EntryTuple> = []
      const addedKeys: Array<string> = []
      const deleted: Array<string> = []
      const kept = { keys: [] as Array<string>, docs: [] as Array<string>, entries: [] as Array<string> }
      for (const write of request.writes) {
        const entries = write.doc === undefined ? [] : write.entries
        for (const tuple of toTuples(entriesLeaving(write.previous, entries))) {
          removed.push(tuple)
          removedKeys.push(write.key)
        }
        for (const tuple of toTuples(entriesLeaving(entries, write.previous))) {
          added.push(tuple)
          addedKeys.push(write.key)
        }
        if (write.doc === undefined) deleted.push(write.key)
        else {
          kept.keys.push(write.key)
          kept.docs.push(JSON.stringify(write.doc))
          kept.entries.push(JSON.stringify(toTuples(entries)))
        }
      }
      if (removed.length > 0) {
        await query(client, "deleteEntries", [
          projection,
          removed.map((tuple) => tuple[0]),
          removed.map((tuple) => tuple[1]),
          removedKeys,
        ])
      }
      if (added.length > 0) {
        await query(client, "insertEntries", [
          projection,
          added.map((tuple) => tuple[0]),
          added.map((tuple) => tuple[1]),
          addedKeys,
          added.map((tuple) => tuple[2]),
        ])
      }
      if (deleted.length > 0) await query(client, "deleteDocs", [projection, deleted])
      if (kept.keys.length > 0)
        await query(client, "putDocs", [projection, kept.keys, kept.docs, kept.entries])
      await query(client, "moveCheckpoint", [projection, request.position])
      return { ...actual, position: request.position }
    })

  const members = (projection: string, idx: string, options: MemberQuery = {}) =>
    run(async (): Promise<ReadonlyArray<IndexMember>> => {
      const values: Array<unknown> = [projection, idx]
      const where = ["projection = $1", "idx = $2"]
      const param = (value: unknown) => {
        values.push(value)
        return `$${values.length}`
      }
      if (options.group !== undefined) where.push(`grp = ${param(options.group)}`)
      else if (options.groups !== undefined) where.push(`grp = ANY(${param(options.groups)}::text[])`)
      else if (options.head !== undefined) {
        const range = headRange(options.head)
        where.push(
          `(grp = ${param(options.head)} OR (grp >= ${param(range.from)} AND grp < ${param(range.to)}))`,
        )
      }
      if (options.below !== undefined) where.push(`value < ${param(options.below)}`)
      const limit = options.limit === undefined ? "" : ` LIMIT ${param(Math.max(0, options.limit))}`
      const { rows } = await reader.query<{ key: string; grp: string; value: number }>(
        `SELECT key, grp, value FROM ${schema}.projection_index WHERE ${where.join(" AND ")} ORDER BY value, key${limit}`,
        values,
      )
      return rows.map((row) => ({ key: row.key, group: row.grp, value: row.value }))
    })

  const store: ReadModelStoreShape = {
    checkpoint: (projection) =>
      run(async () =>
        checkpointFrom((await query<CheckpointRow>(reader, "checkpoint", [projection])).rows[0]),
      ),
    reset: (projection, version, expected) =>
      transaction(async (client): Promise<Checkpoint> => {
        const actual = await expectCheckpoint(client, projection, expected)
        await query(client, "dropDocs", [projection])
        await query(client, "dropIndex", [projection])
        const fresh = { position: 0, generation: (actual?.generation ?? 0) + 1, version }
        await query(client, "putCheckpoint", [projection, fresh.position, fresh.generation, fresh.version])
        return fresh
      }),
    load: (projection, keys) =>
      run(async () => {
        const { rows } = await query<{ key: string; doc: unknown; entries: ReadonlyArray<EntryTuple> }>(
          reader,
          "load",
          [projection, keys],
        )
        const found = new Map<string, StoredDocument>()
        for (const row of rows) found.set(row.key, { doc: row.doc, entries: fromTuples(row.entries) })
        return found
      }),
    commit,
    get: (projection, key) =>
      run(async () => (await query<{ doc: unknown }>(reader, "get", [projection, key])).rows[0]?.doc),
    stats: (projection, idx, group) =>
      run(async () => statsFrom((await query<StatsRow>(reader, "stats", [projection, idx, group])).rows[0]!)),
    groups: (projection, idx, head) =>
      run(async () => {
        const { rows } =
          head === undefined
            ? await query<StatsRow>(reader, "groups", [projection, idx])
            : await query<StatsRow>(reader, "groupsUnder", [
                projection,
                idx,
                head,
                headRange(head).from,
                headRange(head).to,
              ])
        return rows.map(statsFrom)
      }),
    members,
  }
  const lockCheckpoint = (projection: string) =>
    Effect.tryPromise({
      try: async () =>
        checkpointFrom((await query<CheckpointRow>(reader, "lockCheckpoint", [projection])).rows[0]),
      catch: unavailable,
    })
  return { store, lockCheckpoint }
}

const openStore = async (options: PostgresReadModelStoreOptions) => {
  const schemaName = options.schema ?? "gridcase"
  const schema = quotedSchema(schemaName)
  const ownsPool = typeof options.connection === "string"
  const pool =
    typeof options.connection === "string"
      ? new pg.Pool({ connectionString: options.connection })
      : options.connection
  // An idle client that loses its connection must not crash the process; the next query reports it.
  if (ownsPool) pool.on("error", () => {})
  const stopHearing = hearClientErrors(pool)
  try {
    await withPooledClient(pool, (client) => migrate(client, schema))
  } catch (error) {
    stopHearing()
    if (ownsPool) await pool.end()
    throw error
  }
  const { store } = postgresReadModelsOver({ _tag: "pool", pool }, schemaName)
  return {
    store,
    close: () => {
      stopHearing()
      return ownsPool ? pool.end() : Promise.resolve()
    },
  }
}

/**
 * Read models in PostgreSQL (PostgreSQL 读模型存储), open for the life of the scope. A commit
 * locks the projection's checkpoint row (`FOR UPDATE`), tests it and writes the batch in a
 * handful of set-based statements, all in one transaction: the checkpoint always says which
 * events the documents reflect, and a stale process can never move it back.
 */
export const makePostgresReadModelStore = (
  options: PostgresReadModelStoreOptions,
): Effect.Effect<ReadModelStoreShape, ReadModelStoreUnavailable, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.tryPromise({ try: () => openStore(options), catch: unavailable }),
    ({ close }) => Effect.promise(close),
  ).pipe(Effect.map(({ store }) => store))

export const PostgresReadModelStore = {
  /** Provides `ReadModelStore` backed by PostgreSQL for the life of the layer. */
  layer: (options: PostgresReadModelStoreOptions) =>
    Layer.effect(ReadModelStore)(makePostgresReadModelStore(options)),
} as const
