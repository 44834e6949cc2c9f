import { randomBytes } from "node:crypto"
import { Effect } from "effect"
import pg from "pg"
import { afterAll } from "vitest"
import { makePostgresReadModelStore } from "../../src/stores/postgres/index.ts"

/** The local test server (trust auth); `GRIDCASE_PG_URL` points elsewhere. */
export const POSTGRES_URL = process.env.GRIDCASE_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"

/** One pool per test file, ended after its tests. */
export const testPool = (): pg.Pool => {
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 10 })
  pool.on("error", () => {})
  afterAll(() => pool.end())
  return pool
}

/**
 * A read-model store in a fresh random schema, dropped when the scope closes; `padTo` lengthens
 * the schema's name to that many characters.
 */
export const readModelsInFreshSchema = (pool: pg.Pool, padTo = 0) =>
  Effect.gen(function* () {
    const schema = `gridcase_rm_${randomBytes(6).toString("hex")}`.padEnd(padTo, "x")
    yield* Effect.addFinalizer(() =>
      Effect.promise(() => pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)),
    )
    return yield* makePostgresReadModelStore({ connection: pool, schema })
  })
