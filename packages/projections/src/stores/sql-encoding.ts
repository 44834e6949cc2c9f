import { ReadModelStoreUnavailable } from "../projection/errors.ts"
import { GROUP_SEPARATOR, type IndexEntry } from "../projection/projection.ts"

/** How SQL stores keep a document's index entries beside it: a compact JSON array of tuples. */
export type EntryTuple = readonly [index: string, group: string, value: number]

export const toTuples = (entries: ReadonlyArray<IndexEntry>): ReadonlyArray<EntryTuple> =>
  entries.map((entry) => [entry.index, entry.group, entry.value])

export const fromTuples = (tuples: ReadonlyArray<EntryTuple>): ReadonlyArray<IndexEntry> =>
  tuples.map(([index, group, value]) => ({ index, group, value }))

/**
 * The groups under `head` other than `head` itself, as a range of a byte-ordered key: they
 * start with the head and the separator, and the separator's successor closes the range.
 */
export const headRange = (head: string): { readonly from: string; readonly to: string } => ({
  from: `${head}${GROUP_SEPARATOR}`,
  to: `${head}${String.fromCharCode(GROUP_SEPARATOR.charCodeAt(0) + 1)}`,
})

/** Wraps whatever a SQL driver threw as the port's `ReadModelStoreUnavailable`. */
export const unavailableIn =
  (store: string) =>
  (cause: unknown): ReadModelStoreUnavailable =>
    cause instanceof ReadModelStoreUnavailable
      ? cause
      : new ReadModelStoreUnavailable({
          message: `${store} read models: ${cause instanceof Error ? cause.message : String(cause)}`,
          cause,
        })
