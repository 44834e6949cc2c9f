import type { RecordedEvent } from "@gridcase/core"
import { Effect, Result } from "effect"
import { type ProjectionError, ProjectionHandlerFailed } from "./errors.ts"
import type { IndexEntry, PreparedEvent, Projection } from "./projection.ts"
import type { DocumentWrite, ReadModelStoreShape, StoredDocument } from "./read-model-store.ts"

/** What folding some events into their stored documents produced, not yet written. */
export interface FoldedEvents {
  /**
   * The position through which `writes` reflect the events: the last event folded (or found
   * not to be this projection's), or just before the event that failed; undefined when the
   * first event failed to decode.
   */
  readonly reached: number | undefined
  /** One write per document the folded events changed. */
  readonly writes: ReadonlyArray<DocumentWrite>
  /** Why folding stopped early; the events from that one on are in no write. */
  readonly failure: ProjectionError | undefined
}

const noEntries: ReadonlyArray<IndexEntry> = []

/** A document counts once per group: the first (index, group) it names twice, if any. */
const repeatedGroup = (entries: ReadonlyArray<IndexEntry>): string | undefined => {
  for (let i = 1; i < entries.length; i++) {
    for (let j = 0; j < i; j++) {
      if (entries[i]!.index === entries[j]!.index && entries[i]!.group === entries[j]!.group) {
        return `"${entries[i]!.group}" of index "${entries[i]!.index}"`
      }
    }
  }
  return undefined
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error))

const handlerFailed = (projection: Projection, recorded: RecordedEvent, error: unknown) =>
  new ProjectionHandlerFailed({
    projection: projection.name,
    streamId: recorded.streamId,
    position: recorded.position,
    type: recorded.type,
    reason: describe(error),
  })

/**
 * Folds events (in position order) into the documents they touch, loading those first: the
 * half of a batch that both the runner's projector and inline projections share. Writes
 * nothing. An undecodable event or a throwing handler stops the fold there (`failure`); a
 * throwing index function fails it whole, since its document's entries are unknown.
 */
export const foldEvents = Effect.fnUntraced(function* (
  projection: Projection,
  store: ReadModelStoreShape,
  events: ReadonlyArray<RecordedEvent>,
): Effect.fn.Return<FoldedEvents, ProjectionError> {
  const prepared: Array<PreparedEvent> = []
  let reached: number | undefined
  let failure: ProjectionError | undefined
  for (const recorded of events) {
    const step = projection.prepare(recorded)
    if (Result.isFailure(step)) {
      failure = step.failure
      break
    }
    if (step.success !== undefined) prepared.push(step.success)
    reached = recorded.position
  }

  const keys = [...new Set(prepared.map((event) => event.key))]
  const loaded =
    keys.length === 0 ? new Map<string, StoredDocument>() : yield* store.load(projection.name, keys)
  const working = new Map<string, unknown>()
  for (const [key, found] of loaded) working.set(key, found.doc)
  const lastEventOf = new Map<string, RecordedEvent>()
  for (const event of prepared) {
    try {
      working.set(event.key, projection.apply(working.get(event.key), event))
    } catch (error) {
      failure = handlerFailed(projection, event.recorded, error)
      // Nothing from this event on is folded: the fold reaches right before it.
      reached = event.recorded.position - 1
      break
    }
    lastEventOf.set(event.key, event.recorded)
  }

  const writes: Array<DocumentWrite> = []
  for (const [key, recorded] of lastEventOf) {
    const doc = working.get(key)
    try {
      const entries = doc === undefined ? noEntries : projection.indexEntries(doc)
      const repeated = repeatedGroup(entries)
      if (repeated !== undefined) throw new Error(`the document is twice in group ${repeated}`)
      writes.push({ key, doc, entries, previous: loaded.get(key)?.entries ?? noEntries })
    } catch (error) {
      // An index function is part of the handler; the fold fails whole at the document's last event.
      return yield* handlerFailed(projection, recorded, error)
    }
  }
  return { reached, writes, failure }
})

/**
 * Folds every event or none: the first failure fails the whole fold. What an inline
 * projection needs, since its failure fails the append and nothing of it may be kept.
 */
export const foldWhole = (
  projection: Projection,
  store: ReadModelStoreShape,
  events: ReadonlyArray<RecordedEvent>,
): Effect.Effect<ReadonlyArray<DocumentWrite>, ProjectionError> =>
  Effect.flatMap(foldEvents(projection, store, events), (folded) =>
    folded.failure === undefined ? Effect.succeed(folded.writes) : Effect.fail(folded.failure),
  )
