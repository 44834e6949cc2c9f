import { randomUUID } from "node:crypto"
import { EventStore } from "@gridcase/core"
import { Clock, Duration, Effect, Layer, type Scope } from "effect"
import pg from "pg"
import { ChangeSignal } from "../shared/change-signal.ts"
import { DEFAULT_PAGE_SIZE, type TailPage, tailEvents } from "../shared/tail.ts"
import { makePostgresAppend } from "./append.ts"
import { appendStatements } from "./append-statements.ts"
import { makePostgresGroupCommit } from "./group-commit.ts"
import { horizonPage } from "./horizon-page.ts"
import { inlineFailed, type PostgresInlineProjection } from "./inline.ts"
import { type Listener, listenAndReconnect } from "./listener.ts"
import { hearClientErrors } from "./pooled-client.ts"
import { decodeRow, EVENT_COLUMNS, type EventRow } from "./rows.ts"
import { migrate, TRANSACTION_BITS } from "./schema.ts"
import { statementName } from "./statement-name.ts"
import { inTransaction } from "./transaction.ts"
import { throttledWakeUp } from "./wake-up.ts"

/** Where the PostgreSQL event store keeps its tables (a pool or a connection string, a schema), group commit and inline projections. */
export interface PostgresEventStoreOptions {
  /** A pool to run on (the store never ends it), or a connection string (the store owns its pool). */
  readonly connection: pg.Pool | string
  /** Schema holding the store's tables, created if missing: lowercase letters, digits, `_`. Defaults to `gridcase`. */
  readonly schema?: string
  /**
   * How often an idle subscription re-reads. Appends wake it (in this process directly, from
   * other processes by LISTEN/NOTIFY sent after commit), but such a wake-up can be lost, and
   * the read horizon also moves when an unrelated transaction ends, which nothing announces.
   * Defaults to 200 ms.
   */
  readonly pollInterval?: Duration.Input
  /**
   * How long `readAll` may wait when committed events sit behind the read horizon (an older
   * transaction, possibly unrelated, is still running), so that a caller reads its own
   * appends. After that it returns only what is safe to read. Defaults to 1,000 ms.
   */
  readonly readAllWaitMillis?: number
  /**
   * Whether appends from concurrent callers that arrive while one is on its way share the next
   * statement and commit (组提交, see `makePostgresGroupCommit`). Defaults to true; with inline
   * projections every append has its own transaction regardless.
   */
  readonly groupCommit?: boolean
  /**
   * The least time between two NOTIFYs telling other processes' subscriptions that events
   * committed: appends in between share one. Subscriptions in this process are woken at once
   * whatever this says. Defaults to 10 ms.
   */
  readonly notifyIntervalMillis?: number
  /**
   * Read models kept in the same transaction as each append (内联投影), in this order: brought
   * up to date when the store opens (appends wait meanwhile), then folded in every append. An
   * append they cannot fold fails with `StoreUnavailable` naming the projection, and stores
   * nothing. With inline projections an append is a transaction of a few round trips on one
   * pooled connection instead of one statement. Every process appending to the schema must
   * register them: events appended without them are only folded when a store that has them
   * opens, and then only those after the last event folded.
   */
  readonly inline?: ReadonlyArray<PostgresInlineProjection>
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,39}$/

interface HorizonRow extends Partial<EventRow> {
  /** Oldest transaction still running: rows of older transactions are final. */
  readonly xmin: string
  /** Whether committed events after the checkpoint wait behind the horizon. */
  readonly hidden: boolean
}

interface HorizonPage {
  readonly events: TailPage["events"]
  readonly xmin: bigint
  readonly hidden: boolean
}

const unavailable = (cause: unknown): EventStore.StoreUnavailable =>
  cause instanceof EventStore.StoreUnavailable
    ? cause
    : new EventStore.StoreUnavailable({
        message: `postgres: ${cause instanceof Error ? cause.message : String(cause)}`,
        cause,
      })

/** The smallest position a transaction with id `xid` can write, minus one: a safe checkpoint below it. */
const firstPositionOf = (xid: bigint) => Number(xid << BigInt(TRANSACTION_BITS)) - 1

/** Checks a schema name and quotes it for SQL. */
const quotedSchema = (schemaName: string): string => {
  if (!SCHEMA_NAME.test(schemaName)) {
    throw new Error(`invalid schema name "${schemaName}": use lowercase letters, digits and _ (at most 40)`)
  }
  return `"${schemaName}"`
}

/** The pool a store runs on: the caller's, or its own (which it ends on close). */
interface Connection {
  readonly pool: pg.Pool
  readonly ownsPool: boolean
  /** Stops guarding the pool's clients (`hearClientErrors`). */
  readonly stopHearing: () => void
}

const connect = (config: PostgresEventStoreOptions): Connection => {
  const ownsPool = typeof config.connection === "string"
  const pool =
    typeof config.connection === "string"
      ? new pg.Pool({ connectionString: config.connection })
      : config.connection
  // An idle client that loses its connection must not crash the process; the next query reports it.
  if (ownsPool) pool.on("error", () => {})
  return { pool, ownsPool, stopHearing: hearClientErrors(pool) }
}

/**
 * Migrates the schema, then LISTENs on `channel` (on a connection of its own, listening again
 * by itself after it is lost) to wake `changes`. If either fails, undoes what was done (the
 * pool if owned) and throws.
 */
const migrateAndListen = async (
  connection: Connection,
  schema: string,
  channel: string,
  changes: ChangeSignal,
  token: string,
): Promise<Listener> => {
  const { pool } = connection
  try {
    await inTransaction(pool, (client) => migrate(client, schema, channel))
    // Its own NOTIFYs (their payload is `token`) are not news: its appends woke `changes` directly.
    return await listenAndReconnect(pool, channel, (payload) => {
      if (payload !== token) changes.notify()
    })
  } catch (error) {
    connection.stopHearing()
    if (connection.ownsPool) await pool.end()
    throw error
  }
}

/** What the reads of an open store need. */
interface Reads {
  readonly pool: pg.Pool
  readonly schemaName: string
  /** `schemaName`, quoted. */
  readonly schema: string
  /** The statement of one page of `readAll` (see `horizonPage`). */
  readonly pageText: string
}

/** Runs a named (prepared) statement on the pool. */
const query = <R extends object>(reads: Reads, name: string, text: string, values: Array<unknown>) =>
  Effect.tryPromise({
    try: () => reads.pool.query<R>({ name: statementName("gridcase", reads.schemaName, name), text, values }),
    catch: unavailable,
  }).pipe(Effect.map((result) => result.rows))

const decodeRows = (rows: ReadonlyArray<EventRow>) =>
  Effect.try({ try: () => rows.map(decodeRow), catch: unavailable })

/** One page of events that are final (below the read horizon), with the horizon itself. */
const readPage = (
  reads: Reads,
  after: number,
  filter: EventStore.EventFilter,
  maxCount: number,
): Effect.Effect<HorizonPage, EventStore.StoreUnavailable> =>
  query<HorizonRow>(reads, "page", reads.pageText, [
    Math.floor(after),
    filter.types ?? null,
    filter.streamPrefix ?? null,
    Math.max(0, maxCount),
  ]).pipe(
    Effect.flatMap((rows) =>
      decodeRows(rows.filter((row): row is HorizonRow & EventRow => row.position != null)).pipe(
        Effect.map((events) => ({ events, xmin: BigInt(rows[0]!.xmin), hidden: rows[0]!.hidden })),
      ),
    ),
  )

const readStream = (reads: Reads, streamId: string, options: EventStore.ReadStreamOptions) => {
  const limit = options.maxCount === undefined ? null : Math.max(0, options.maxCount)
  const rows =
    options.direction === "backwards"
      ? query<EventRow>(
          reads,
          "backwards",
          `SELECT ${EVENT_COLUMNS} FROM ${reads.schema}.events WHERE stream_id = $1 AND revision <= $2
                ORDER BY revision DESC LIMIT $3`,
          [streamId, Math.floor(options.fromRevision ?? Number.MAX_SAFE_INTEGER), limit],
        )
      : query<EventRow>(
          reads,
          "forwards",
          `SELECT ${EVENT_COLUMNS} FROM ${reads.schema}.events WHERE stream_id = $1 AND revision >= $2
                ORDER BY revision LIMIT $3`,
          [streamId, Math.ceil(options.fromRevision ?? 1), limit],
        )
  return Effect.flatMap(rows, decodeRows)
}

/**
 * `readAll`: a page below the read horizon, read again (waiting 1 ms, doubling up to 50 ms)
 * while it is short and committed events wait behind the horizon, for up to `waitMillis`.
 */
const readAll = (reads: Reads, options: EventStore.ReadAllOptions, waitMillis: number) =>
  Effect.gen(function* () {
    const after = options.after ?? 0
    const maxCount = Math.max(0, options.maxCount ?? DEFAULT_PAGE_SIZE)
    const deadline = (yield* Clock.currentTimeMillis) + waitMillis
    let page = yield* readPage(reads, after, options, maxCount)
    let pause = 1
    while (page.events.length < maxCount && page.hidden && (yield* Clock.currentTimeMillis) < deadline) {
      yield* Effect.sleep(Duration.millis(pause))
      pause = Math.min(pause * 2, 50)
      page = yield* readPage(reads, after, options, maxCount)
    }
    return page.events
  })

/** A subscription's page: a short one proves nothing is left below the horizon, so the checkpoint may jump to it. */
const readTailPage = (reads: Reads, after: number, filter: EventStore.EventFilter) =>
  readPage(reads, after, filter, DEFAULT_PAGE_SIZE).pipe(
    Effect.map(({ events, xmin, hidden }): TailPage => {
      const last = events.at(-1)?.position ?? after
      const checkpoint = events.length < DEFAULT_PAGE_SIZE ? Math.max(last, firstPositionOf(xmin)) : last
      return { events, checkpoint, behind: hidden }
    }),
  )

/** How inline projections read events inside the transaction on `client` (no horizon: appends are locked out). */
const readInTransaction =
  (schema: string, client: pg.PoolClient) =>
  async (options: EventStore.ReadAllOptions): Promise<ReadonlyArray<EventStore.RecordedEvent>> => {
    const { rows } = await client.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ${schema}.events
          WHERE position > $1 AND ($2::text[] IS NULL OR type = ANY($2::text[]))
            AND ($3::text IS NULL OR left(stream_id, length($3::text)) = $3::text)
          ORDER BY position LIMIT $4`,
      [
        Math.floor(options.after ?? 0),
        options.types ?? null,
        options.streamPrefix ?? null,
        options.maxCount ?? DEFAULT_PAGE_SIZE,
      ],
    )
    return rows.map(decodeRow)
  }

/** Brings the inline projections up to date in one transaction that locks appends out. */
const attachInline = (pool: pg.Pool, schema: string, inline: ReadonlyArray<PostgresInlineProjection>) =>
  inTransaction(pool, async (client) => {
    // Appends insert under ROW EXCLUSIVE, which this lock excludes (as it excludes itself).
    await client.query(`LOCK TABLE ${schema}.events IN SHARE ROW EXCLUSIVE MODE`)
    for (const projection of inline) {
      await projection.attach(client, readInTransaction(schema, client)).catch((error: unknown) => {
        throw inlineFailed(projection, error)
      })
    }
  })

/**
 * The store's `append`: group commit unless it is turned off or inline projections need a
 * transaction per append; announced after commit, to this process's subscribers directly and
 * to other processes by a throttled NOTIFY.
 */
const makeAppend = (
  config: PostgresEventStoreOptions,
  reads: Reads,
  announce: () => void,
): EventStore.Shape["append"] => {
  const { pool, schemaName } = reads
  const inline = config.inline ?? []
  const statementName = `gridcase:${schemaName}`
  const statements = appendStatements(reads.schema)
  const single = makePostgresAppend({ pool, statementName, statements, inline, unavailable, announce })
  return inline.length === 0 && config.groupCommit !== false
    ? makePostgresGroupCommit({ pool, statementName, statements, unavailable, announce, single })
    : single
}

const openStore = async (config: PostgresEventStoreOptions) => {
  const schemaName = config.schema ?? "gridcase"
  const schema = quotedSchema(schemaName)
  const channel = `${schemaName}_events`
  const connection = connect(config)
  const { pool } = connection
  const changes = new ChangeSignal()
  /** Signs this store's NOTIFYs, so that hearing its own does not wake its subscribers a second time. */
  const token = randomUUID()
  const listener = await migrateAndListen(connection, schema, channel, changes, token)
  const reads: Reads = { pool, schemaName, schema, pageText: horizonPage(schema) }
  const notifyOthers = throttledWakeUp(
    () => pool.query("SELECT pg_notify($1, $2)", [channel, token]),
    config.notifyIntervalMillis ?? 10,
  )
  /** After an append commits: this process's subscribers directly, other processes by NOTIFY. */
  const announce = () => {
    changes.notify()
    notifyOthers.wake()
  }
  const readAllWait = config.readAllWaitMillis ?? 1_000
  const store: EventStore.Shape = {
    readStream: (streamId, options = {}) => readStream(reads, streamId, options),
    append: makeAppend(config, reads, announce),
    readAll: (options = {}) => readAll(reads, options, readAllWait),
    subscribe: (options = {}) =>
      tailEvents({
        after: options.after ?? 0,
        readPage: (after) => readTailPage(reads, after, options),
        changes,
        pollInterval: config.pollInterval ?? "200 millis",
      }),
  }
  const close = async () => {
    notifyOthers.close()
    connection.stopHearing()
    listener.close()
    if (connection.ownsPool) await pool.end()
  }
  const inline = config.inline ?? []
  if (inline.length > 0) {
    try {
      await attachInline(pool, schema, inline)
    } catch (error) {
      await close()
      throw error
    }
  }
  return { store, close }
}

/**
 * The PostgreSQL event store (PostgreSQL 事件存储) on `pg`, open for the life of the scope:
 * migrations on first open, one statement per append (an INSERT that checks the
 * expected version and inserts the batch), LISTEN/NOTIFY for live subscriptions (the LISTEN
 * connection comes back by itself after it is lost), and
 * positions built from transaction ids so that tailing readers never skip a late commit.
 * Holds one pooled connection for LISTEN while open.
 */
export const makePostgresEventStore = (
  options: PostgresEventStoreOptions,
): Effect.Effect<EventStore.Shape, EventStore.StoreUnavailable, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.tryPromise({ try: () => openStore(options), catch: unavailable }),
    ({ close }) => Effect.promise(close),
  ).pipe(Effect.map(({ store }) => store))

/** The PostgreSQL event store: `PostgresEventStore.layer(options)` provides it, open until the layer's scope closes. */
export const PostgresEventStore = {
  /** Provides core's `EventStore` backed by PostgreSQL for the life of the layer. */
  layer: (options: PostgresEventStoreOptions) =>
    Layer.effect(EventStore.EventStore)(makePostgresEventStore(options)),
} as const
