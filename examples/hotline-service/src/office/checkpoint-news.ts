import { ChangeSignal, listenAndReconnect, throttledWakeUp } from "@gridcase/adapters/postgres"
import type pg from "pg"

/**
 * News that read-model checkpoints moved (多实例): an instance that has committed read models
 * announces it, and the instances on standby for those projections — which answer "in every
 * read model" by looking at the shared checkpoints — look again when they hear it, instead of
 * polling. LISTEN/NOTIFY on PostgreSQL, the NOTIFY sent after commit and throttled, as the event
 * store's own wake-up is (bench/findings.md, findings 1 and 11).
 */
export interface CheckpointNews {
  /** Resolves at the first announcement heard after this call: take it before reading a checkpoint. */
  readonly next: () => Promise<void>
  /** Tells every instance that checkpoints moved (at most one NOTIFY per 10 ms). */
  readonly announce: () => void
  readonly close: () => void
}

/** The least time between two announcements sent: a NOTIFY per batch would be a statement per batch. */
const ANNOUNCE_EVERY_MILLIS = 10

/**
 * LISTENs on `channel` on a connection of `pool` (listening again by itself when it is lost;
 * a lost announcement costs the waiter its fallback look, never an answer).
 */
export const listenForCheckpoints = async (pool: pg.Pool, channel: string): Promise<CheckpointNews> => {
  const heard = new ChangeSignal()
  const listener = await listenAndReconnect(pool, channel, () => heard.notify())
  const send = throttledWakeUp(() => pool.query(`NOTIFY ${channel}`), ANNOUNCE_EVERY_MILLIS)
  return {
    next: () => heard.next(),
    announce: send.wake,
    close: () => {
      send.close()
      listener.close()
    },
  }
}
