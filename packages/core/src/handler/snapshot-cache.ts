import type { EventStoreShape } from "../store/event-store.ts"

/** What a cache holds per stream: anything that knows the stream version it was folded to. */
export interface Versioned {
  readonly version: number
}

/** The snapshots kept for one event store. */
export interface SnapshotShelf<V extends Versioned> {
  /** The snapshot kept for a stream, marked as the most recently used. */
  readonly get: (streamId: string) => V | undefined
  /**
   * Keeps `snapshot` unless the shelf already holds a later version of the stream (concurrent
   * commands may finish out of order); beyond capacity the least recently used stream goes.
   */
  readonly keep: (streamId: string, snapshot: V) => void
}

/** Folded aggregates kept between commands (快照缓存), one bounded shelf per event store. */
export interface SnapshotCache<V extends Versioned> {
  readonly of: (store: EventStoreShape) => SnapshotShelf<V>
}

/**
 * A snapshot cache holding at most `capacity` streams per event store, least recently used
 * out first. Shelves are per store, held weakly, because one handler may serve several stores
 * (a store per tenant, a fresh store per test), and the same stream id in two stores is two
 * different streams. Sound only because a stream never changes below its version: whoever
 * uses a snapshot reads the events after it, or appends with its version as the expected one.
 */
export const makeSnapshotCache = <V extends Versioned>(capacity: number): SnapshotCache<V> => {
  if (!Number.isSafeInteger(capacity) || capacity < 1) {
    throw new RangeError(`a snapshot cache holds at least one stream, got capacity ${capacity}`)
  }
  const shelves = new WeakMap<EventStoreShape, SnapshotShelf<V>>()
  const makeShelf = (): SnapshotShelf<V> => {
    // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
    const held = new Map<string, V>()
    return {
      get: (streamId) => {
        const snapshot = held.get(streamId)
        if (snapshot !== undefined) {
          held.delete(streamId)
          held.set(streamId, snapshot)
        }
        return snapshot
      },
      keep: (streamId, snapshot) => {
        const current = held.get(streamId)
        if (current !== undefined && current.version > snapshot.version) return
        held.delete(streamId)
        held.set(streamId, snapshot)
        if (held.size > capacity) held.delete(held.keys().next().value!)
      },
    }
  }
  return {
    of: (store) => {
      const existing = shelves.get(store)
      if (existing !== undefined) return existing
      const shelf = makeShelf()
      shelves.set(store, shelf)
      return shelf
    },
  }
}
