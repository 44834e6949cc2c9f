import { Privacy } from "@gridcase/core"
import { Effect, Layer, Option } from "effect"
import type pg from "pg"
import { makeKeyWrapping } from "./key-wrapping.ts"
import type { OfficeDatabase } from "./office-database.ts"

export interface PostgresKeyStoreOptions {
  readonly database: OfficeDatabase
  /** 32 bytes that wrap every subject's key (AES-KW). Keep it out of the database: a KMS, a secret. */
  readonly masterKey: Uint8Array
}

/**
 * A key store (密钥库) in PostgreSQL, shared by every instance of the office: residents' keys
 * wrapped by the master key, one row per subject. Nothing is cached, so a key destroyed by
 * one instance is gone for all of them at once.
 *
 * Destroying a key (crypto-shredding, PIPL 删除权) overwrites its row with a tombstone, then
 * VACUUMs the table: an UPDATE leaves the old row version in the table's pages until a vacuum
 * reclaims it, and until then the key could be read back from the data files. What the WAL
 * and backups keep is said in docs/operations.md.
 */
export const makePostgresKeyStore = async (
  options: PostgresKeyStoreOptions,
): Promise<Privacy.KeyStoreShape> => {
  const wrapping = await makeKeyWrapping(options.masterKey)
  const { pool, schema } = options.database
  const sql = <R extends object>(message: string, text: string, values: Array<unknown>) =>
    Effect.tryPromise({
      try: () => pool.query<R & pg.QueryResultRow>(text, values),
      catch: (cause) => new Privacy.KeyStoreUnavailable({ message, cause }),
    }).pipe(Effect.map((result) => result.rows))
  /** The subject's row: a wrapped key, a tombstone (null), or no row. */
  const stored = (subject: string) =>
    Effect.map(
      sql<{ wrapped: string | null }>(
        "cannot read the key store",
        `SELECT wrapped FROM ${schema}.resident_keys WHERE subject = $1`,
        [subject],
      ),
      (rows) => rows[0],
    )
  return {
    createKey: (subject) =>
      Effect.gen(function* () {
        let row = yield* stored(subject)
        if (row === undefined) {
          // Two instances creating the same subject's key at once: the first insert wins, both use its key.
          yield* sql(
            "cannot write the key store",
            `INSERT INTO ${schema}.resident_keys (subject, wrapped) VALUES ($1, $2) ON CONFLICT (subject) DO NOTHING`,
            [subject, yield* wrapping.fresh],
          )
          row = yield* stored(subject)
        }
        if (row?.wrapped == null) return yield* new Privacy.SubjectErased({ subject })
        return yield* wrapping.unwrap(subject, row.wrapped)
      }),
    getKey: (subject) =>
      Effect.gen(function* () {
        const row = yield* stored(subject)
        if (row === undefined) return yield* new Privacy.SubjectKeyNotFound({ subject })
        if (row.wrapped === null) return Option.none()
        return Option.some(yield* wrapping.unwrap(subject, row.wrapped))
      }),
    destroyKey: (subject) =>
      Effect.gen(function* () {
        yield* sql(
          "cannot write the key store",
          `INSERT INTO ${schema}.resident_keys (subject, wrapped) VALUES ($1, NULL)
             ON CONFLICT (subject) DO UPDATE SET wrapped = NULL`,
          [subject],
        )
        yield* sql("cannot vacuum the key store", `VACUUM ${schema}.resident_keys`, [])
      }),
  }
}

/** The PostgreSQL key store as the layer the office takes. */
export const postgresKeyStoreLayer = (options: PostgresKeyStoreOptions): Layer.Layer<Privacy.KeyStore> =>
  Layer.effect(
    Privacy.KeyStore,
    Effect.promise(() => makePostgresKeyStore(options)).pipe(Effect.map(Privacy.KeyStore.of)),
  )
