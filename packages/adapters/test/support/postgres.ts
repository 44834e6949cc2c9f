import { randomBytes } from "node:crypto"
import { makePostgresEventStore, type PostgresEventStoreOptions } from "@gridcase/adapters/postgres"
import { Effect } from "effect"
import pg from "pg"
import { afterAll } from "vitest"

/** The local test server (trust auth); `GRIDCASE_PG_URL` points elsewhere. */
export const POSTGRES_URL = process.env.GRIDCASE_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"

/** One pool per test file, ended after its tests. */
export const testPool = (): pg.Pool => {
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 20 })
  afterAll(() => pool.end())
  return pool
}

export const randomSchema = () => `gridcase_test_${randomBytes(6).toString("hex")}`

/** A store in a fresh random schema that is dropped when the scope closes. */
export const storeInFreshSchema = (pool: pg.Pool, options: Partial<PostgresEventStoreOptions> = {}) =>
  Effect.gen(function* () {
    const schema = randomSchema()
    yield* Effect.addFinalizer(() =>
      Effect.promise(() => pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)),
    )
    const store = yield* makePostgresEventStore({ connection: pool, schema, ...options })
    return { store, schema }
  })
