import { randomBytes } from "node:crypto"
import type { Privacy } from "@gridcase/core"
import { Effect, Option } from "effect"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { openOfficeDatabase } from "../src/office/office-database.ts"
import { makePostgresKeyStore } from "../src/office/postgres-key-store.ts"

const POSTGRES_URL = process.env.GRIDCASE_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"

/**
 * A database of its own: VACUUM can only remove a row version no running transaction may still
 * see, and other tests' transactions in a shared database would keep the erased key's row alive.
 */
const database = `gridcase_keys_${randomBytes(4).toString("hex")}`
const server = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 })
let pool: pg.Pool
beforeAll(async () => {
  await server.query(`CREATE DATABASE ${database}`)
  const url = new URL(POSTGRES_URL)
  url.pathname = `/${database}`
  pool = new pg.Pool({ connectionString: url.toString(), max: 4 })
  await pool.query("CREATE EXTENSION pageinspect")
})
/**
 * `pool.end()` resolves once its clients are asked to end, not once their sessions are gone: a
 * `DROP … WITH (FORCE)` straight after would terminate a session still closing, and that client
 * has no error listener left — an uncaught 57P01 that fails the whole test run. So wait for the
 * database's sessions to be gone first.
 */
afterAll(async () => {
  await pool.end()
  for (let tries = 0; tries < 100; tries++) {
    const { rows } = await server.query<{ sessions: number }>(
      "SELECT count(*)::int AS sessions FROM pg_stat_activity WHERE datname = $1",
      [database],
    )
    if (rows[0]!.sessions === 0) break
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  await server.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  await server.end()
})

const masterKey = new Uint8Array(randomBytes(32))
const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)

/** Two instances' key stores over one database, as two office processes open them. */
const twoInstances = async () => {
  const office = await openOfficeDatabase(pool, "office")
  return Promise.all([
    makePostgresKeyStore({ database: office, masterKey }),
    makePostgresKeyStore({ database: office, masterKey }),
  ])
}

const iv = new Uint8Array(12)
const seal = async (key: Privacy.SubjectKey, text: string) =>
  new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, new TextEncoder().encode(text)))
const open = async (key: Privacy.SubjectKey, sealed: Uint8Array) =>
  new TextDecoder().decode(await crypto.subtle.decrypt({ name: "AES-GCM", iv }, key, sealed))

/** Every byte of the key table's pages, live and dead row versions alike, in hex. */
const tablePages = async () => {
  const { rows } = await pool.query<{ pages: string }>(
    "SELECT pg_relation_size('office.resident_keys') / current_setting('block_size')::int AS pages",
  )
  const pages: Array<string> = []
  for (let page = 0; page < Number(rows[0]!.pages); page++) {
    const raw = await pool.query<{ hex: string }>(
      "SELECT encode(get_raw_page('office.resident_keys', $1), 'hex') AS hex",
      [page],
    )
    pages.push(raw.rows[0]!.hex)
  }
  return pages.join("")
}

describe("residents' keys in PostgreSQL", () => {
  it("are one key per resident for every instance, and an erasure leaves no copy in the table's pages", async () => {
    const [first, second] = await twoInstances()
    // Both instances create the same resident's key at once: one key, each opens what the other sealed.
    const [a, b] = await run(
      Effect.all([first.createKey("resident-1"), second.createKey("resident-1")], { concurrency: 2 }),
    )
    expect(await open(b, await seal(a, "张三 13800000000"))).toBe("张三 13800000000")
    const sealed = await seal(a, "李四")
    const stored = await pool.query<{ wrapped: string }>(
      "SELECT wrapped FROM office.resident_keys WHERE subject = 'resident-1'",
    )
    const wrapped = Buffer.from(stored.rows[0]!.wrapped).toString("hex")
    expect(await tablePages()).toContain(wrapped)

    await run(second.destroyKey("resident-1"))
    // Gone for every instance at once, for good.
    expect(Option.isNone(await run(first.getKey("resident-1")))).toBe(true)
    const refused = await run(Effect.flip(first.createKey("resident-1")))
    expect(refused._tag).toBe("SubjectErased")
    await expect(open(b, sealed)).resolves.toBe("李四") // a key in memory is the caller's to drop
    // Neither the live row (a tombstone) nor a dead version of it holds the wrapped key.
    expect(await tablePages()).not.toContain(wrapped)
  })
})
