import type pg from "pg"

/** A LISTEN held on a connection of its own; `close` ends it for good. */
export interface Listener {
  readonly close: () => void
}

/** How long to wait before the first attempt to listen again after the connection was lost; it doubles up to `MAX_RETRY_MILLIS`. */
const FIRST_RETRY_MILLIS = 50
const MAX_RETRY_MILLIS = 5_000

/**
 * LISTENs on `channel` on a connection taken from `pool` and calls `heard` with the payload of
 * every notification (跨进程唤醒). When that connection is lost (a terminated backend, a server
 * restart, a network cut) it connects and listens again by itself, waiting 50 ms, then
 * doubling up to 5 s, between attempts; once listening again it calls `heard` (without a
 * payload) too, since a
 * notification sent meanwhile went nowhere. Subscribers also poll, so a gap costs them at most
 * their poll interval, never an event. Resolves once listening; the first connection's failure
 * rejects, so a store that cannot listen does not open.
 */
export const listenAndReconnect = async (
  pool: pg.Pool,
  channel: string,
  heard: (payload?: string) => void,
): Promise<Listener> => {
  let closed = false
  let client: pg.PoolClient | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let wait = FIRST_RETRY_MILLIS

  /** Gives a connection back as broken, once, whoever notices first. */
  const discard = (connected: pg.PoolClient) => {
    connected.removeAllListeners("notification")
    connected.removeAllListeners("end")
    // Keep hearing errors: an unheard "error" event on a dying socket would crash the process.
    connected.removeAllListeners("error")
    connected.on("error", () => {})
    connected.release(true)
  }
  const listen = async (): Promise<void> => {
    const connected = await pool.connect()
    const lost = () => {
      if (client !== connected) return
      client = undefined
      discard(connected)
      retry()
    }
    const notified = (message: pg.Notification) => heard(message.payload)
    connected.on("notification", notified)
    connected.on("error", lost)
    connected.on("end", lost)
    try {
      await connected.query(`LISTEN ${channel}`)
    } catch (error) {
      discard(connected)
      throw error
    }
    if (closed) discard(connected)
    else client = connected
  }
  const retry = () => {
    if (closed || timer !== undefined) return
    timer = setTimeout(() => {
      timer = undefined
      listen().then(
        () => {
          wait = FIRST_RETRY_MILLIS
          heard()
        },
        () => {
          wait = Math.min(wait * 2, MAX_RETRY_MILLIS)
          retry()
        },
      )
    }, wait)
    timer.unref?.()
  }

  await listen()
  return {
    close: () => {
      closed = true
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
      const connected = client
      client = undefined
      if (connected !== undefined) discard(connected)
    },
  }
}
