import type pg from "pg"

/** Runs `body` in a transaction on one pooled connection: committed if it resolves, rolled back if it throws. */
export const inTransaction = async <A>(
  pool: pg.Pool,
  body: (client: pg.PoolClient) => Promise<A>,
): Promise<A> => {
  const client = await pool.connect()
  try {
    await client.query("BEGIN")
    try {
      const result = await body(client)
      await client.query("COMMIT")
      return result
    } catch (error) {
      await client.query("ROLLBACK")
      throw error
    }
  } finally {
    client.release()
  }
}
