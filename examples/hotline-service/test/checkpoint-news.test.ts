import { randomBytes } from "node:crypto"
import pg from "pg"
import { afterAll, describe, expect, it } from "vitest"
import { listenForCheckpoints } from "../src/office/checkpoint-news.ts"

const POSTGRES_URL = process.env.GRIDCASE_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"
/** Two instances' pools. */
const pools = [0, 1].map(() => {
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 2 })
  pool.on("error", () => {})
  return pool
})
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()))
})

describe("news of read-model checkpoints between instances", () => {
  it("wakes an instance waiting for news when another announces a commit, and not before", async () => {
    const channel = `test_${randomBytes(4).toString("hex")}_checkpoints`
    const [holder, standby] = await Promise.all(pools.map((pool) => listenForCheckpoints(pool, channel)))
    try {
      let woken = false
      const heard = standby!.next().then(() => {
        woken = true
      })
      // A round trip on the standby's own pool: anything already sent would have arrived by now.
      await pools[1]!.query("SELECT 1")
      expect(woken).toBe(false)
      holder!.announce()
      await heard
      expect(woken).toBe(true)
    } finally {
      holder!.close()
      standby!.close()
    }
  })
})
