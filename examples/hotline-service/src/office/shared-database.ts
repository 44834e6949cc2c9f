import { randomBytes } from "node:crypto"
import { PostgresEventStore } from "@gridcase/adapters/postgres"
import type { EventStore, Privacy } from "@gridcase/core"
import type { ProjectionRunner, ReadModelStore } from "@gridcase/projections"
import { makePostgresProjectionLeases, PostgresReadModelStore } from "@gridcase/projections/postgres"
import { Effect, type Layer } from "effect"
import pg from "pg"
import { makePostgresStaffTokens, type StaffTokens } from "../office-api/staff-tokens.ts"
import { makeAdvisoryLock, type SingleLock } from "./advisory-lock.ts"
import { type CheckpointNews, listenForCheckpoints } from "./checkpoint-news.ts"
import { openOfficeDatabase } from "./office-database.ts"
import { postgresKeyStoreLayer } from "./postgres-key-store.ts"

/** Where an instance of the office finds its database, and what it was told to use. */
export interface SharedDatabaseOptions {
  /** `DATABASE_URL`; put `application_name=…` in it to tell the instances' sessions apart. */
  readonly url: string
  /** The events' schema; the read models and the office's tables take `_read_models` and `_office` after it. */
  readonly schema: string
  /** `OPEN311_API_KEY` when given; otherwise the key the first instance chose. */
  readonly apiKey: string | undefined
  /** `KEY_STORE_MASTER_KEY` when given; otherwise a demo master key kept in the database (and a warning). */
  readonly masterKey: Uint8Array | undefined
}

/** Everything an instance shares with the others through one PostgreSQL (多实例部署). */
export interface SharedDatabase {
  readonly store: Layer.Layer<EventStore.EventStore, EventStore.StoreUnavailable>
  readonly readModels: Layer.Layer<ReadModelStore.ReadModelStore, unknown>
  readonly keyStore: Layer.Layer<Privacy.KeyStore>
  readonly tokens: StaffTokens
  readonly apiKey: string
  /** Which instance advances which projection. */
  readonly leases: ProjectionRunner.LeasesShape
  /** Which instance runs the deadline process. */
  readonly deadlineLock: SingleLock
  /** News that an instance committed read models, heard by the others (LISTEN/NOTIFY). */
  readonly checkpointNews: CheckpointNews
  /** Said once at start when the setup is for a demo only. */
  readonly warnings: ReadonlyArray<string>
  /** Ends the pools, after the office has closed. */
  readonly close: () => Promise<void>
}

/**
 * The projections an office runs, plus the deadline lock, the LISTEN for checkpoint news and a
 * spare: every lease holds a connection.
 */
const LEASE_CONNECTIONS = 16

/**
 * Opens what every instance of one office shares on PostgreSQL: the event store, the read
 * models, and in the office's own schema the staff tokens, residents' keys and the Open311 api
 * key; plus the leases that let one instance at a time advance each projection and run the
 * deadline process. Two pools: one for queries, one whose connections hold leases and locks
 * (a lease is a session advisory lock, held as long as its connection lives).
 */
export const openSharedDatabase = async (options: SharedDatabaseOptions): Promise<SharedDatabase> => {
  const pool = (max: number) => {
    // An idle connection that is cut must not crash the process: the pool drops it and connects anew.
    const made = new pg.Pool({
      connectionString: options.url,
      application_name: "gridcase-hotline",
      max,
      // A request waits at most this long for a connection, then is answered 503, never hangs.
      connectionTimeoutMillis: 5_000,
    })
    made.on("error", () => {})
    return made
  }
  const queries = pool(10)
  const locks = pool(LEASE_CONNECTIONS)
  const close = async () => {
    await Promise.all([queries.end(), locks.end()])
  }
  try {
    const database = await openOfficeDatabase(queries, `${options.schema}_office`)
    const warnings: Array<string> = []
    let masterKey = options.masterKey
    if (masterKey === undefined) {
      warnings.push(
        "residents' keys are wrapped by a demo master key kept in the same database: set KEY_STORE_MASTER_KEY",
      )
      const demo = await database.setting("demo_master_key", randomBytes(32).toString("base64"))
      masterKey = new Uint8Array(Buffer.from(demo, "base64"))
    }
    const apiKey =
      options.apiKey ??
      (await database.setting("open311_api_key", `demo-${randomBytes(9).toString("base64url")}`))
    // The leases take connections from the pool they are given, and release nothing at the scope's end.
    const leases = await Effect.runPromise(Effect.scoped(makePostgresProjectionLeases({ connection: locks })))
    const checkpointNews = await listenForCheckpoints(locks, `${options.schema}_checkpoints`)
    return {
      store: PostgresEventStore.layer({ connection: queries, schema: options.schema }),
      readModels: PostgresReadModelStore.layer({
        connection: queries,
        schema: `${options.schema}_read_models`,
      }),
      keyStore: postgresKeyStoreLayer({ database, masterKey }),
      tokens: makePostgresStaffTokens(database),
      apiKey,
      leases,
      deadlineLock: makeAdvisoryLock(locks, `${options.schema}:deadlines`),
      checkpointNews,
      warnings,
      close: async () => {
        checkpointNews.close()
        await close()
      },
    }
  } catch (error) {
    await close()
    throw error
  }
}
