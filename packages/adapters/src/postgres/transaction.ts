import type pg from "pg"
import { withPooledClient } from "./pooled-client.ts"

/**
 * Runs `body` in a transaction on one pooled connection (`withPooledClient`): committed if it
 * resolves, rolled back if it throws. The error `body` threw is the one that surfaces: a
 * ROLLBACK that fails too (on a connection already lost, say) does not replace it.
 */
export const inTransaction = <A>(pool: pg.Pool, body: (client: pg.PoolClient) => Promise<A>): Promise<A> =>
  withPooledClient(pool, async (client) => {
    await client.query("BEGIN")
    try {
      const result = await body(client)
      await client.query("COMMIT")
      return result
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {})
      throw error
    }
  })
