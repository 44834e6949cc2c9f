import type pg from "pg"

const ignore = () => {}

/**
 * Gives every client `pool` connects from now on a listener for its "error" event, and returns
 * how to stop. A backend terminated while a client is out of the pool (a server restart,
 * `pg_terminate_backend`) fails the query under way and also emits "error" on the client; the
 * pool listens only while a client is idle, and an event nobody hears crashes the process. The
 * listener only keeps the process alive: the failure still surfaces through the query, and the
 * pool still drops the broken client. (The read-model stores of `@gridcase/projections/postgres`
 * do the same for theirs; the packages share no runtime code.)
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
