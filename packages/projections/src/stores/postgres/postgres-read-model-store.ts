import {
  hearClientErrors,
  inTransaction as inPoolTransaction,
  statementName,
  withPooledClient,
} from "@gridcase/adapters/postgres"
import { Effect, Layer, type Scope } from "effect"
import pg from "pg"
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
  type GroupStats,
  type IndexMember,
  type LoadRequest,
  type MemberQuery,
  ReadModelStore,
  type ReadModelStoreShape,
  type StoredDocument,
} from "../read-model-store.ts"
import { type EntryTuple, fromTuples, headRange, unavailableIn } from "../sql-encoding.ts"
import { columns, push } from "./columns.ts"
import { commitParameters, commitStatement } from "./commit-statement.ts"
import { migrate } from "./schema.ts"

/** Where the PostgreSQL read-model store keeps its tables: a pool or a connection string, and a schema. */
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

/** The statements of a store on `schema` (quoted), by name. */
const statementsIn = (schema: string) => ({
  checkpoint: `SELECT position, generation, version FROM ${schema}.projection_checkpoints WHERE projection = $1`,
  checkpoints: `SELECT projection, position, generation, version FROM ${schema}.projection_checkpoints WHERE projection = ANY($1::text[])`,
  lockCheckpoint: `SELECT position, generation, version FROM ${schema}.projection_checkpoints WHERE projection = $1 FOR UPDATE`,
  lockCheckpoints: `SELECT projection FROM ${schema}.projection_checkpoints WHERE projection = ANY($1::text[])
      ORDER BY projection FOR UPDATE`,
  putCheckpoint: `INSERT INTO ${schema}.projection_checkpoints (projection, position, generation, version) VALUES ($1, $2, $3, $4)
      ON CONFLICT (projection) DO UPDATE SET position = excluded.position, generation = excluded.generation, version = excluded.version`,
  load: `SELECT key, doc, entries FROM ${schema}.projection_documents WHERE projection = $1 AND key = ANY($2::text[])`,
  loadAll: `SELECT d.projection, d.key, d.doc, d.entries FROM ${schema}.projection_documents d
      JOIN unnest($1::text[], $2::text[]) AS w(projection, key) ON d.projection = w.projection AND d.key = w.key`,
  get: `SELECT doc FROM ${schema}.projection_documents WHERE projection = $1 AND key = $2`,
  commitAll: commitStatement(schema),
  dropDocs: `DELETE FROM ${schema}.projection_documents WHERE projection = $1`,
  dropIndex: `DELETE FROM ${schema}.projection_index WHERE projection = $1`,
  stats: `SELECT $3::text AS grp, count(*) AS count, sum(value) AS sum FROM ${schema}.projection_index
      WHERE projection = $1 AND idx = $2 AND grp = $3`,
  groups: `SELECT grp, count(*) AS count, sum(value) AS sum FROM ${schema}.projection_index
      WHERE projection = $1 AND idx = $2 GROUP BY grp ORDER BY grp`,
  groupsUnder: `SELECT grp, count(*) AS count, sum(value) AS sum FROM ${schema}.projection_index
      WHERE projection = $1 AND idx = $2 AND (grp = $3 OR (grp >= $4 AND grp < $5)) GROUP BY grp ORDER BY grp`,
})

/** One store: where it runs, and its schema's statements. */
interface Over {
  readonly connection: PostgresConnection
  /** Where reads run: the pool, or the connection whose transaction is open. */
  readonly reader: pg.Pool | pg.PoolClient
  readonly schemaName: string
  /** `schemaName`, quoted. */
  readonly schema: string
  readonly sql: ReturnType<typeof statementsIn>
}

/** Runs a named statement: prepared once per connection, per schema. */
const query = <R extends pg.QueryResultRow>(
  over: Over,
  on: pg.Pool | pg.PoolClient,
  name: keyof Over["sql"],
  values: ReadonlyArray<unknown>,
) =>
  on.query<R>({
    name: statementName("gridcase-projections", over.schemaName, name),
    text: over.sql[name],
    values: [...values],
  })

const run = <A>(body: () => Promise<A>): Effect.Effect<A, ReadModelStoreUnavailable> =>
  Effect.tryPromise({ try: body, catch: unavailable })

/** A transaction on a connection of the pool, or a savepoint in the transaction already open. */
const inTransaction = async <A>(
  connection: PostgresConnection,
  body: (client: pg.PoolClient) => Promise<A>,
): Promise<A> => {
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
  over: Over,
  body: (client: pg.PoolClient) => Promise<A>,
): Effect.Effect<A, CheckpointConflict | ReadModelStoreUnavailable> =>
  Effect.tryPromise({
    try: () => inTransaction(over.connection, body),
    catch: (error) => transactionFailure(error, unavailable),
  })

/** The projection's checkpoint, its row locked until the transaction on `on` ends. */
const lockedCheckpoint = async (over: Over, on: pg.Pool | pg.PoolClient, projection: string) =>
  checkpointFrom((await query<CheckpointRow>(over, on, "lockCheckpoint", [projection])).rows[0])

/**
 * Whether a request writes without moving its checkpoint (the contract allows a position equal
 * to the expected one). Two such commits from one checkpoint both hold, and the second one's
 * statement, waiting on the first's locks, then writes from the snapshot it began with: its
 * deletes miss the rows the first one added meanwhile (a single statement re-reads only the rows
 * it locks). Such a batch takes its locks in a statement of its own first, in a transaction, so
 * that the commit statement's snapshot comes after them.
 */
const writesInPlace = (request: CommitRequest): boolean =>
  request.writes.length > 0 && request.position === request.expected.position

/**
 * Every request's batch and checkpoint in one statement (`commitStatement`), whatever the number
 * of projections; a checkpoint that does not hold leaves it writing nothing, and the checkpoints
 * it locked name the conflict. Inside an open transaction it runs in a savepoint, so that a
 * failure leaves the transaction usable. A batch writing in place locks first (`writesInPlace`).
 */
const commitAll = (over: Over, requests: ReadonlyArray<CommitRequest>) => {
  const statement = async (on: pg.Pool | pg.PoolClient): Promise<ReadonlyArray<Checkpoint>> => {
    const { rows } = await query<CheckpointRow & { readonly projection: string }>(
      over,
      on,
      "commitAll",
      commitParameters(requests),
    )
    const locked = new Map(rows.map((row) => [row.projection, checkpointFrom(row)]))
    return requests.map((request) => ({
      ...checkpointToMove(request, locked.get(request.projection)),
      position: request.position,
    }))
  }
  if (requests.some(writesInPlace)) {
    return transaction(over, async (client) => {
      await query(over, client, "lockCheckpoints", [requests.map((request) => request.projection)])
      return statement(client)
    })
  }
  return over.connection._tag === "pool"
    ? Effect.tryPromise({
        try: () => statement(over.reader),
        catch: (error) => transactionFailure(error, unavailable),
      })
    : transaction(over, statement)
}

const reset = (over: Over, projection: string, version: number, expected: Checkpoint | undefined) =>
  transaction(over, async (client): Promise<Checkpoint> => {
    const actual = expectCheckpoint(projection, expected, await lockedCheckpoint(over, client, projection))
    await query(over, client, "dropDocs", [projection])
    await query(over, client, "dropIndex", [projection])
    const fresh = freshCheckpoint(actual, version)
    await query(over, client, "putCheckpoint", [projection, fresh.position, fresh.generation, fresh.version])
    return fresh
  })

interface DocumentRow {
  readonly key: string
  readonly doc: unknown
  readonly entries: ReadonlyArray<EntryTuple>
}

const storedFrom = (row: DocumentRow): StoredDocument => ({ doc: row.doc, entries: fromTuples(row.entries) })

const load = (over: Over, projection: string, keys: ReadonlyArray<string>) =>
  run(async () => {
    const { rows } = await query<DocumentRow>(over, over.reader, "load", [projection, keys])
    return new Map(rows.map((row) => [row.key, storedFrom(row)]))
  })

/** Every request's documents in one statement, the (projection, key) pairs as two parallel arrays. */
const loadAll = (over: Over, requests: ReadonlyArray<LoadRequest>) =>
  run(async () => {
    const pairs = columns(2)
    for (const { projection, keys } of requests) for (const key of keys) push(pairs, projection, key)
    const { rows } = await query<DocumentRow & { readonly projection: string }>(
      over,
      over.reader,
      "loadAll",
      pairs,
    )
    const byProjection = new Map<string, Map<string, StoredDocument>>()
    for (const row of rows) {
      const stored = byProjection.get(row.projection) ?? new Map<string, StoredDocument>()
      byProjection.set(row.projection, stored.set(row.key, storedFrom(row)))
    }
    // Each request gets its own keys only, even when a projection is named twice.
    return requests.map(({ projection, keys }) => {
      const stored = byProjection.get(projection)
      const found = new Map<string, StoredDocument>()
      for (const key of keys) {
        const document = stored?.get(key)
        if (document !== undefined) found.set(key, document)
      }
      return found
    })
  })

const groups = (over: Over, projection: string, idx: string, head: string | undefined) =>
  run(async () => {
    const { rows } =
      head === undefined
        ? await query<StatsRow>(over, over.reader, "groups", [projection, idx])
        : await query<StatsRow>(over, over.reader, "groupsUnder", [
            projection,
            idx,
            head,
            headRange(head).from,
            headRange(head).to,
          ])
    return rows.map(statsFrom)
  })

/** The member query of one `MemberQuery`, its parameters numbered as they are added. */
const memberQuery = (schema: string, projection: string, idx: string, options: MemberQuery) => {
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
    where.push(`(grp = ${param(options.head)} OR (grp >= ${param(range.from)} AND grp < ${param(range.to)}))`)
  }
  if (options.below !== undefined) where.push(`value < ${param(options.below)}`)
  const limit = options.limit === undefined ? "" : ` LIMIT ${param(Math.max(0, options.limit))}`
  return {
    text: `SELECT key, grp, value FROM ${schema}.projection_index WHERE ${where.join(" AND ")} ORDER BY value, key${limit}`,
    values,
  }
}

const members = (over: Over, projection: string, idx: string, options: MemberQuery = {}) =>
  run(async (): Promise<ReadonlyArray<IndexMember>> => {
    const { text, values } = memberQuery(over.schema, projection, idx, options)
    const { rows } = await over.reader.query<{ key: string; grp: string; value: number }>(text, values)
    return rows.map((row) => ({ key: row.key, group: row.grp, value: row.value }))
  })

/**
 * The read-model store over a connection whose schema is migrated already, with
 * `lockCheckpoint`: the projection's checkpoint, its row locked until the transaction ends.
 */
export const postgresReadModelsOver = (connection: PostgresConnection, schemaName: string) => {
  const schema = quotedSchema(schemaName)
  const over: Over = {
    connection,
    reader: connection._tag === "pool" ? connection.pool : connection.client,
    schemaName,
    schema,
    sql: statementsIn(schema),
  }
  const store: ReadModelStoreShape = {
    checkpoint: (projection) =>
      run(async () =>
        checkpointFrom((await query<CheckpointRow>(over, over.reader, "checkpoint", [projection])).rows[0]),
      ),
    checkpoints: (projections) =>
      run(async () => {
        const { rows } = await query<CheckpointRow & { readonly projection: string }>(
          over,
          over.reader,
          "checkpoints",
          [projections],
        )
        const found = new Map(rows.map((row) => [row.projection, checkpointFrom(row)]))
        return projections.map((projection) => found.get(projection))
      }),
    reset: (projection, version, expected) => reset(over, projection, version, expected),
    load: (projection, keys) => load(over, projection, keys),
    loadAll: (requests) => loadAll(over, requests),
    commit: (request) => Effect.map(commitAll(over, [request]), (moved) => moved[0]!),
    commitAll: (requests) => commitAll(over, requests),
    get: (projection, key) =>
      run(
        async () => (await query<{ doc: unknown }>(over, over.reader, "get", [projection, key])).rows[0]?.doc,
      ),
    stats: (projection, idx, group) =>
      run(async () =>
        statsFrom((await query<StatsRow>(over, over.reader, "stats", [projection, idx, group])).rows[0]!),
      ),
    groups: (projection, idx, head) => groups(over, projection, idx, head),
    members: (projection, idx, options) => members(over, projection, idx, options),
  }
  const lockCheckpoint = (projection: string) => run(() => lockedCheckpoint(over, over.reader, projection))
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

/** The PostgreSQL read-model store: `PostgresReadModelStore.layer(options)` provides it, open until the layer's scope closes. */
export const PostgresReadModelStore = {
  /** Provides `ReadModelStore` backed by PostgreSQL for the life of the layer. */
  layer: (options: PostgresReadModelStoreOptions) =>
    Layer.effect(ReadModelStore)(makePostgresReadModelStore(options)),
} as const
