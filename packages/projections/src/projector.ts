import type { RecordedEvent } from "@gridcase/core"
import { Effect } from "effect"
import type { ProjectionError } from "./errors.ts"
import { foldEvents } from "./fold.ts"
import type { Projection } from "./projection.ts"
import type { Checkpoint, ReadModelStoreShape } from "./read-model-store.ts"

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
    // At-least-once delivery: what the checkpoint already covers is folded in already.
    const fresh = batch.filter((recorded) => recorded.position > from)
    const folded = yield* foldEvents(projection, store, fresh)
    const position = Math.max(from, folded.reached ?? from)
    const { writes, failure } = folded
    if (position > checkpoint.position) {
      checkpoint = yield* store.commit({
        projection: projection.name,
        expected: checkpoint,
        position,
        writes,
      })
    }
    if (failure !== undefined) return yield* failure
    const processed = fresh.filter((recorded) => recorded.position <= position).length
    return { processed, checkpoint }
  })

  return { projection, checkpoint: () => checkpoint, handle }
})
