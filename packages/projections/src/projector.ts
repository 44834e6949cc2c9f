import type { RecordedEvent } from "@gridcase/core"
import { Effect, Result } from "effect"
import { type ProjectionError, ProjectionHandlerFailed } from "./errors.ts"
import type { IndexEntry, PreparedEvent, Projection } from "./projection.ts"
import type { Checkpoint, DocumentWrite, ReadModelStoreShape, StoredDocument } from "./read-model-store.ts"

/** What one batch did. */
export interface BatchOutcome {
  /** Events newly folded in (redelivered ones, at or below the checkpoint, are not counted). */
  readonly processed: number
  readonly checkpoint: Checkpoint
}

/**
 * Runs one projection against its stored documents, one batch at a time (批处理). Owns the
 * checkpoint it last read or wrote; every commit is compare-and-set against it, so once
 * another process has moved the projection this one can only fail, never overwrite.
 */
export interface Projector {
  readonly projection: Projection
  readonly checkpoint: () => Checkpoint
  /**
   * Folds a batch of recorded events (in position order) and commits the changed documents
   * with the new checkpoint in one step. Delivery is at-least-once: events at or below the
   * checkpoint are skipped, so a redelivered page changes nothing. An undecodable event, or a
   * handler that throws, stops the batch there: what came before it is committed, then the
   * batch fails with that error (naming stream and position) and the checkpoint stays just
   * before the event — it is never skipped.
   */
  readonly handle: (batch: ReadonlyArray<RecordedEvent>) => Effect.Effect<BatchOutcome, ProjectionError>
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
 * Opens a projector at the projection's stored checkpoint. A projection never started, or
 * stored at another version, is reset first (its documents dropped) and rebuilds from 0.
 */
export const openProjector = Effect.fnUntraced(function* (
  projection: Projection,
  store: ReadModelStoreShape,
): Effect.fn.Return<Projector, ProjectionError> {
  const stored = yield* store.checkpoint(projection.name)
  let checkpoint =
    stored !== undefined && stored.version === projection.version
      ? stored
      : yield* store.reset(projection.name, projection.version, stored)

  const handle = Effect.fnUntraced(function* (
    batch: ReadonlyArray<RecordedEvent>,
  ): Effect.fn.Return<BatchOutcome, ProjectionError> {
    const from = checkpoint.position
    const prepared: Array<PreparedEvent> = []
    let position = from
    let failure: ProjectionError | undefined
    for (const recorded of batch) {
      if (recorded.position <= position) continue
      const step = projection.prepare(recorded)
      if (Result.isFailure(step)) {
        failure = step.failure
        break
      }
      if (step.success !== undefined) prepared.push(step.success)
      position = recorded.position
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
        // Nothing from this event on is committed: the checkpoint stops right before it.
        position = event.recorded.position - 1
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
        // An index function is part of the handler; the batch fails whole at the document's last event.
        return yield* handlerFailed(projection, recorded, error)
      }
    }
    if (position > checkpoint.position) {
      checkpoint = yield* store.commit({
        projection: projection.name,
        expected: checkpoint,
        position,
        writes,
      })
    }
    if (failure !== undefined) return yield* failure
    const processed = batch.filter(
      (recorded) => recorded.position > from && recorded.position <= position,
    ).length
    return { processed, checkpoint }
  })

  return { projection, checkpoint: () => checkpoint, handle }
})
