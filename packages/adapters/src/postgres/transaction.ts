import type pg from "pg"

/**
 * Runs `body` in a transaction on one pooled connection: committed if it resolves, rolled back
 * if it throws. The connection's "error" event is heard while it is checked out: a connection
 * lost mid-transaction (a server restart, a terminated backend) fails the statement under way
 * and also emits "error", which the pool hears only on idle clients — unheard, it would crash
 * the process. Such a client goes back to the pool as broken, to be dropped. (The read-model
 * store in `@gridcase/projections/postgres` guards its connections the same way; the packages
 * share no runtime code, hence the twin.)
 */
export const inTransaction = async <A>(
  pool: pg.Pool,
  body: (client: pg.PoolClient) => Promise<A>,
): Promise<A> => {
  const client = await pool.connect()
  let lost: Error | undefined
  const hear = (error: Error) => {
    lost ??= error
  }
  client.on("error", hear)
  try {
    await client.query("BEGIN")
    try {
      const result = await body(client)
      await client.query("COMMIT")
      return result
    } catch (error) {
      if (lost === undefined) await client.query("ROLLBACK")
      throw error
    }
  } finally {
    if (lost === undefined) {
      client.off("error", hear)
      client.release()
    } else client.release(lost)
  }
}
