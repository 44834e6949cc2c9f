import type { EventStore } from "@gridcase/core"
import { Effect } from "effect"
import { CheckpointConflict, type ProjectionError } from "../projection/errors.ts"
import type { Projection } from "../projection/projection.ts"
import {
  type Checkpoint,
  NEVER_STARTED,
  type ReadModelStoreShape,
  sameCheckpoint,
} from "../stores/read-model-store.ts"
import { withDocumentCache } from "./document-cache.ts"
import { emptyStaged, foldEvents, type Staged, stagedWrites } from "./fold.ts"

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
  readonly handle: (
    batch: ReadonlyArray<EventStore.RecordedEvent>,
  ) => Effect.Effect<BatchOutcome, ProjectionError>
  /**
   * Folds events like `handle` but keeps them staged, to be committed with the pages after
   * them by `commit` (a rebuild thus writes a document once for many of its events). Only a
   * failure commits at once: what came before the failing event, then the error.
   */
  readonly stage: (batch: ReadonlyArray<EventStore.RecordedEvent>) => Effect.Effect<void, ProjectionError>
  /** How many events are staged and not yet committed. */
  readonly staged: () => number
  /** The last position folded in, staged or committed: where the next batch starts. */
  readonly reached: () => number
  /** Commits what is staged with its checkpoint; returns the events it newly folded in. */
  readonly commit: Effect.Effect<BatchOutcome, ProjectionError>
  /**
   * After a transient failure: drops what is staged and goes back to the checkpoint the
   * store holds, so the next batch is read from there and nothing is folded twice or skipped. A commit whose reply was lost may have landed or not; the stored checkpoint says
   * which, and the projector takes it either way. A checkpoint that moved anywhere else was
   * moved by another process: `CheckpointConflict`, as the next commit would have found.
   */
  readonly rewind: Effect.Effect<void, ProjectionError>
}

/**
 * Opens a projector at the projection's stored checkpoint. A projection never started, or
 * stored at another version, is reset first (its documents dropped) and rebuilds from 0. The
 * projector keeps the documents it commits in a bounded cache (`withDocumentCache`), so its
 * batches rarely load a document twice.
 */
export const openProjector = Effect.fnUntraced(function* (
  projection: Projection,
  underlying: ReadModelStoreShape,
): Effect.fn.Return<Projector, ProjectionError> {
  const store = withDocumentCache(underlying, projection.name)
  const stored = yield* store.checkpoint(projection.name)
  let checkpoint =
    stored !== undefined && stored.version === projection.version
      ? stored
      : yield* store.reset(projection.name, projection.version, stored)
  let staged: Staged = emptyStaged()
  /** Events staged since the last commit, by position: what `processed` counts. */
  let stagedPositions: Array<number> = []
  /** The position of a commit sent whose outcome is not known (its reply failed), if any. */
  let unconfirmed: number | undefined

  const commit = Effect.gen(function* () {
    const pending = staged
    const positions = stagedPositions
    staged = emptyStaged()
    stagedPositions = []
    const position = Math.max(checkpoint.position, pending.reached ?? checkpoint.position)
    if (position > checkpoint.position) {
      const writes = yield* stagedWrites(projection, pending)
      unconfirmed = position
      checkpoint = yield* store.commit({
        projection: projection.name,
        expected: checkpoint,
        position,
        writes,
      })
      unconfirmed = undefined
    }
    const outcome: BatchOutcome = {
      processed: positions.filter((at) => at <= position).length,
      checkpoint,
    }
    return outcome
  })

  const stage = Effect.fnUntraced(function* (batch: ReadonlyArray<EventStore.RecordedEvent>) {
    // At-least-once delivery: what the checkpoint or the staged events cover is folded in already.
    const from = staged.reached ?? checkpoint.position
    const fresh = batch.filter((recorded) => recorded.position > from)
    for (const recorded of fresh) stagedPositions.push(recorded.position)
    const failure = yield* foldEvents(projection, store, fresh, staged)
    if (failure !== undefined) {
      yield* commit
      return yield* failure
    }
  })

  const rewind = Effect.gen(function* () {
    staged = emptyStaged()
    stagedPositions = []
    const stored = yield* store.checkpoint(projection.name)
    const landed = unconfirmed !== undefined && stored?.position === unconfirmed
    if (
      stored !== undefined &&
      stored.generation === checkpoint.generation &&
      (landed || sameCheckpoint(stored, checkpoint))
    ) {
      checkpoint = stored
      unconfirmed = undefined
      return
    }
    return yield* new CheckpointConflict({
      projection: projection.name,
      expected: checkpoint,
      actual: stored ?? NEVER_STARTED,
    })
  })

  return {
    projection,
    checkpoint: () => checkpoint,
    handle: (batch) => Effect.andThen(stage(batch), commit),
    stage,
    staged: () => staged.events,
    reached: () => staged.reached ?? checkpoint.position,
    commit,
    rewind,
  }
})
