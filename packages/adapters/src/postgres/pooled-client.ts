import type pg from "pg"

/**
 * Runs `body` on a client checked out of `pool`, hearing its "error" event meanwhile. A client
 * whose connection is lost while checked out (a server restart, a terminated backend) fails
 * the query under way and also emits "error"; the pool hears that event only on idle clients,
 * and an event nobody hears crashes the process. A client that failed so goes back to the pool
 * as broken, to be dropped, and keeps the listener for whatever its socket still raises.
 */
export const withPooledClient = async <A>(
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
    return await body(client)
  } finally {
    if (lost === undefined) {
      client.off("error", hear)
      client.release()
    } else client.release(lost)
  }
}

const ignore = () => {}

/**
 * Gives every client `pool` connects from now on a listener for its "error" event, and returns
 * how to stop: the same guard as `withPooledClient`, for the clients `pool.query` takes out on
 * its own. A backend terminated around the end of such a query can emit "error" after the pool
 * stopped listening; unheard, it crashes the process (seen once in CI, in the projections'
 * retries test). The failure still surfaces through the query, and the pool still drops the
 * broken client.
 */
export const hearClientErrors = (pool: pg.Pool): (() => void) => {
  const hear = (client: pg.PoolClient) => {
    client.on("error", ignore)
  }
  pool.on("connect", hear)
  return () => {
    pool.off("connect", hear)
  }
}
