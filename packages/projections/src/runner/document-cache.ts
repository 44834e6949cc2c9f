import { Effect } from "effect"
import type { DocumentWrite, ReadModelStoreShape, StoredDocument } from "../stores/read-model-store.ts"

/**
 * How many documents a projector keeps between batches: the live cases of a busy district.
 * Bounded, so memory never follows the length of history.
 */
export const DOCUMENT_CACHE_CAPACITY = 10_000

/** A projector's documents as it last committed them, and the store that loads through them. */
export interface DocumentCache {
  /** The store, its `load` of the projection served from the cache first. */
  readonly store: ReadModelStoreShape
  /**
   * The cached documents among `keys`, and the keys to load from the store: how the shared
   * feed serves a projection from its cache before one load for every projection.
   */
  readonly lookup: (keys: ReadonlyArray<string>) => {
    readonly found: Map<string, StoredDocument>
    readonly missing: ReadonlyArray<string>
  }
  /** A commit of these writes landed: they are what the store holds now. */
  readonly committed: (writes: ReadonlyArray<DocumentWrite>) => void
  /** A commit failed: another process may have moved the projection on, so nothing kept holds. */
  readonly clear: () => void
}

/**
 * Remembers the documents one projector committed (文档缓存), so that the next batches take
 * them from memory instead of loading — and, from SQL, parsing — them again. A busy district's
 * cases each get events over days, so during a rebuild most batches touch documents the
 * batches before them wrote.
 *
 * Sound because the projector's commits are compare-and-set: once one lands, nobody changed
 * the projection since its previous commit, so its documents are exactly what the projector
 * wrote. A failed commit empties the cache, since another process may have moved on. The least
 * recently used documents go first. Documents are shared, not copied: handlers never mutate one.
 * The projector says what landed (`committed`), whether it committed alone or with the other
 * projections of the shared feed.
 */
export const makeDocumentCache = (
  store: ReadModelStoreShape,
  projection: string,
  capacity = DOCUMENT_CACHE_CAPACITY,
): DocumentCache => {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const cache = new Map<string, StoredDocument>()
  const remember = (key: string, stored: StoredDocument) => {
    cache.delete(key)
    cache.set(key, stored)
    if (cache.size > capacity) cache.delete(cache.keys().next().value!)
  }
  const lookup = (keys: ReadonlyArray<string>) => {
    const found = new Map<string, StoredDocument>()
    const missing: Array<string> = []
    for (const key of keys) {
      const hit = cache.get(key)
      if (hit === undefined) missing.push(key)
      else {
        found.set(key, hit)
        remember(key, hit)
      }
    }
    return { found, missing }
  }
  return {
    store: {
      ...store,
      load: (name, keys) => {
        if (name !== projection) return store.load(name, keys)
        const { found, missing } = lookup(keys)
        if (missing.length === 0) return Effect.succeed(found)
        return Effect.map(store.load(name, missing), (loaded) => {
          for (const [key, stored] of loaded) found.set(key, stored)
          return found
        })
      },
    },
    lookup,
    committed: (writes) => {
      for (const write of writes) {
        if (write.doc === undefined) cache.delete(write.key)
        else remember(write.key, { doc: write.doc, entries: write.entries })
      }
    },
    clear: () => cache.clear(),
  }
}
