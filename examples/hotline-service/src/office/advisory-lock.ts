import type pg from "pg"

/** A lock one instance at a time holds, asked before each piece of work that only one may do. */
export interface SingleLock {
  /** Whether this instance holds the lock now, taking it when it is free. */
  readonly held: () => Promise<boolean>
  /** Lets go of it (another instance takes it at its next try). */
  readonly close: () => void
}

/**
 * A PostgreSQL session advisory lock (`pg_try_advisory_lock`) held on a connection set aside
 * for it, for work that one instance of the office does at a time — the deadline process
 * (超时监控). When the holder dies, or its connection is cut, the server releases the lock and
 * another instance takes it at its next try; the holder hears its connection go and tries
 * again too. Correctness never rests on the lock: work done twice in a hand-over must be
 * idempotent (the deadline process's command ids are).
 */
export const makeAdvisoryLock = (pool: pg.Pool, name: string): SingleLock => {
  let holder: pg.PoolClient | undefined
  let closed = false
  const lose = (client: pg.PoolClient) => {
    if (holder !== client) return
    holder = undefined
    client.removeAllListeners("end")
    client.removeAllListeners("error")
    client.on("error", () => {})
    client.release(true)
  }
  return {
    held: async () => {
      if (holder !== undefined) return true
      if (closed) return false
      const client = await pool.connect()
      const lost = () => lose(client)
      client.on("error", lost)
      client.on("end", lost)
      const giveBack = (broken: boolean) => {
        client.off("error", lost)
        client.off("end", lost)
        // A broken connection's socket may still raise an error: heard, or it crashes the process.
        if (broken) client.on("error", () => {})
        client.release(broken)
      }
      let granted: boolean
      try {
        const { rows } = await client.query<{ granted: boolean }>(
          "SELECT pg_try_advisory_lock(hashtext('gridcase-office'), hashtext($1)) AS granted",
          [name],
        )
        granted = rows[0]!.granted
      } catch (error) {
        giveBack(true)
        throw error
      }
      if (granted && !closed) {
        holder = client
        return true
      }
      // A lock granted after `close` goes with its session: the connection is dropped, not pooled.
      giveBack(granted)
      return false
    },
    close: () => {
      closed = true
      if (holder !== undefined) lose(holder)
    },
  }
}
