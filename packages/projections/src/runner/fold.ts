import type { EventStore } from "@gridcase/core"
import { Effect, Result } from "effect"
import { type ProjectionError, ProjectionHandlerFailed } from "../projection/errors.ts"
import type { IndexEntry, PreparedEvent, Projection } from "../projection/projection.ts"
import type { DocumentWrite, ReadModelStoreShape, StoredDocument } from "../stores/read-model-store.ts"

const noEntries: ReadonlyArray<IndexEntry> = []

/**
 * Events folded into their documents but not yet written (暂存): what a projector commits as
 * one batch. It may take several pages of events, so a document that many of them change is
 * written once.
 */
export interface Staged {
  /** Each touched document as folded so far; undefined for none (never created, or deleted). */
  readonly docs: Map<string, unknown>
  /**
   * The index entries each touched document has in the store (a write's `previous`), or
   * undefined for one the store does not hold.
   */
  readonly stored: Map<string, ReadonlyArray<IndexEntry> | undefined>
  /** The last event folded into each document, named if its index entries cannot be computed. */
  readonly lastEventOf: Map<string, EventStore.RecordedEvent>
  /**
   * The position through which the documents reflect the events: the last event folded (or
   * found not to be this projection's); undefined while nothing is staged.
   */
  reached: number | undefined
  /** How many events were handed to the fold: what decides when a projector commits. */
  events: number
}

export const emptyStaged = (): Staged => ({
  docs: new Map(),
  stored: new Map(),
  lastEventOf: new Map(),
  reached: undefined,
  events: 0,
})

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

const handlerFailed = (projection: Projection, recorded: EventStore.RecordedEvent, error: unknown) =>
  new ProjectionHandlerFailed({
    projection: projection.name,
    streamId: recorded.streamId,
    position: recorded.position,
    type: recorded.type,
    reason: describe(error),
  })

/**
 * A fold whose documents are not loaded yet (计划折叠): the keys it still needs, and the rest of
 * the fold once they are loaded. The shared feed plans every projection's fold of a batch, then
 * loads what all of them need in one call (`ReadModelStore.loadAll`), then finishes each.
 */
export interface PlannedFold {
  /** The touched documents `staged` does not hold yet, each once. */
  readonly missing: ReadonlyArray<string>
  /**
   * Folds the events, given the stored documents among `missing` (absent ones are new), and
   * returns the event's failure that stopped the fold, if one did. Call it once.
   */
  readonly finish: (loaded: ReadonlyMap<string, StoredDocument>) => ProjectionError | undefined
}

/**
 * Plans the fold of events (in position order) into `staged`: decodes them and finds their
 * documents, so that the caller can load those the fold lacks. Writes nothing. An undecodable
 * event, or a throwing handler when finished, stops the fold there and is returned: `staged`
 * then reaches right before it. A throwing key function throws (a defect, as in a handler's fiber).
 */
export const planFold = (
  projection: Projection,
  events: ReadonlyArray<EventStore.RecordedEvent>,
  staged: Staged,
): PlannedFold => {
  const prepared: Array<PreparedEvent> = []
  let failure: ProjectionError | undefined
  let reached = staged.reached
  for (const recorded of events) {
    const step = projection.prepare(recorded)
    if (Result.isFailure(step)) {
      failure = step.failure
      break
    }
    if (step.success !== undefined) prepared.push(step.success)
    reached = recorded.position
  }
  const missing = [...new Set(prepared.map((event) => event.key))].filter((key) => !staged.docs.has(key))
  return {
    missing,
    finish: (loaded) => {
      for (const key of missing) {
        const found = loaded.get(key)
        staged.docs.set(key, found?.doc)
        staged.stored.set(key, found?.entries)
      }
      for (const event of prepared) {
        try {
          staged.docs.set(event.key, projection.apply(staged.docs.get(event.key), event))
        } catch (error) {
          failure = handlerFailed(projection, event.recorded, error)
          // Nothing from this event on is folded: the fold reaches right before it.
          reached = event.recorded.position - 1
          break
        }
        staged.lastEventOf.set(event.key, event.recorded)
      }
      staged.reached = reached
      staged.events += events.length
      return failure
    },
  }
}

const nothingLoaded: ReadonlyMap<string, StoredDocument> = new Map()

/**
 * Folds events (in position order) into `staged`, loading the documents it does not hold
 * yet: the half of a batch that the runner's projector and inline projections share (see
 * `planFold`, which this loads for).
 */
export const foldEvents = (
  projection: Projection,
  store: ReadModelStoreShape,
  events: ReadonlyArray<EventStore.RecordedEvent>,
  staged: Staged,
): Effect.Effect<ProjectionError | undefined, ProjectionError> =>
  Effect.suspend(() => {
    const planned = planFold(projection, events, staged)
    return planned.missing.length === 0
      ? Effect.sync(() => planned.finish(nothingLoaded))
      : Effect.map(store.load(projection.name, planned.missing), planned.finish)
  })

/**
 * The writes of what is staged: each changed document with its index entries. An index
 * function is part of the handler: if it throws, nothing is written and the error names the
 * document's last event.
 */
export const stagedWrites = (
  projection: Projection,
  staged: Staged,
): Effect.Effect<ReadonlyArray<DocumentWrite>, ProjectionHandlerFailed> =>
  Effect.suspend(() => {
    const writes: Array<DocumentWrite> = []
    for (const [key, recorded] of staged.lastEventOf) {
      const doc = staged.docs.get(key)
      const stored = staged.stored.get(key)
      // A document born and gone within the batch (a case reported and closed) was never stored.
      if (doc === undefined && stored === undefined) continue
      try {
        const entries = doc === undefined ? noEntries : projection.indexEntries(doc)
        const repeated = repeatedGroup(entries)
        if (repeated !== undefined) throw new Error(`the document is twice in group ${repeated}`)
        writes.push({ key, doc, entries, previous: stored ?? noEntries })
      } catch (error) {
        return Effect.fail(handlerFailed(projection, recorded, error))
      }
    }
    return Effect.succeed(writes)
  })

/**
 * Folds every event or none: the first failure fails the whole fold. What an inline
 * projection needs, since its failure fails the append and nothing of it may be kept.
 */
export const foldWhole = (
  projection: Projection,
  store: ReadModelStoreShape,
  events: ReadonlyArray<EventStore.RecordedEvent>,
): Effect.Effect<ReadonlyArray<DocumentWrite>, ProjectionError> =>
  Effect.gen(function* () {
    const staged = emptyStaged()
    const failure = yield* foldEvents(projection, store, events, staged)
    if (failure !== undefined) return yield* failure
    return yield* stagedWrites(projection, staged)
  })
