import { randomBytes } from "node:crypto"
import pg from "pg"
import { afterAll, describe, expect, it } from "vitest"
import { makeAdvisoryLock } from "../src/office/advisory-lock.ts"

const POSTGRES_URL = process.env.GRIDCASE_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const id = randomBytes(4).toString("hex")
/** Two instances' pools, their sessions named so that the test cuts only the first one's. */
const pools = [0, 1].map((n) => {
  const pool = new pg.Pool({
    connectionString: POSTGRES_URL,
    application_name: `gridcase-lock-${id}-${n}`,
    max: 2,
  })
  pool.on("error", () => {})
  return pool
})
const admin = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 })
afterAll(async () => {
  await Promise.all([...pools, admin].map((pool) => pool.end()))
})

const until = async (what: string, reached: () => Promise<boolean>) => {
  for (let waited = 0; !(await reached()); waited += 20) {
    if (waited > 10_000) throw new Error(`${what}: not within 10 s`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe("the deadline process's lock", () => {
  it("is held by one instance at a time, and passes to another when the holder's connection is cut", async () => {
    const [first, second] = pools.map((pool) => makeAdvisoryLock(pool, `test:${id}`))
    expect(await first!.held()).toBe(true)
    expect(await second!.held()).toBe(false)
    expect(await first!.held()).toBe(true)

    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [
      `gridcase-lock-${id}-0`,
    ])
    await until("the second takes over", () => second!.held())
    // The first hears its connection go: it no longer thinks it holds the lock.
    await until("the first lets go", async () => !(await first!.held()))
    expect(await first!.held()).toBe(false)

    second!.close()
    await until("the first takes it back", () => first!.held())
    first!.close()
  })
})
