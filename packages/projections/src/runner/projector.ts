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

/** A projector's state, passed to the functions below. */
interface ProjectorState {
  readonly projection: Projection
  /** The store behind the projector's document cache. */
  readonly store: ReadModelStoreShape
  /** The checkpoint last read or written: what every commit expects. */
  checkpoint: Checkpoint
  staged: Staged
  /** Events staged since the last commit, by position: what `processed` counts. */
  stagedPositions: Array<number>
  /** The position of a commit sent whose outcome is not known (its reply failed), if any. */
  unconfirmed: number | undefined
}

/** The stored checkpoint, or a fresh one (documents dropped) if never started or of another version. */
const startingCheckpoint = Effect.fnUntraced(function* (projection: Projection, store: ReadModelStoreShape) {
  const stored = yield* store.checkpoint(projection.name)
  return stored !== undefined && stored.version === projection.version
    ? stored
    : yield* store.reset(projection.name, projection.version, stored)
})

/** Commits what is staged with its checkpoint; returns the events it newly folded in. */
const commitStaged = (state: ProjectorState): Effect.Effect<BatchOutcome, ProjectionError> =>
  Effect.gen(function* () {
    const { projection } = state
    const pending = state.staged
    const positions = state.stagedPositions
    state.staged = emptyStaged()
    state.stagedPositions = []
    const position = Math.max(state.checkpoint.position, pending.reached ?? state.checkpoint.position)
    if (position > state.checkpoint.position) {
      const writes = yield* stagedWrites(projection, pending)
      state.unconfirmed = position
      state.checkpoint = yield* state.store.commit({
        projection: projection.name,
        expected: state.checkpoint,
        position,
        writes,
      })
      state.unconfirmed = undefined
    }
    const outcome: BatchOutcome = {
      processed: positions.filter((at) => at <= position).length,
      checkpoint: state.checkpoint,
    }
    return outcome
  })

/** Folds a batch into what is staged; a failure commits what came before it, then fails. */
const stage = Effect.fnUntraced(function* (
  state: ProjectorState,
  batch: ReadonlyArray<EventStore.RecordedEvent>,
) {
  // At-least-once delivery: what the checkpoint or the staged events cover is folded in already.
  const from = state.staged.reached ?? state.checkpoint.position
  const fresh = batch.filter((recorded) => recorded.position > from)
  for (const recorded of fresh) state.stagedPositions.push(recorded.position)
  const failure = yield* foldEvents(state.projection, state.store, fresh, state.staged)
  if (failure !== undefined) {
    yield* commitStaged(state)
    return yield* failure
  }
})

/** Drops what is staged and takes the stored checkpoint, if it is this projector's own (see `Projector.rewind`). */
const rewind = (state: ProjectorState): Effect.Effect<void, ProjectionError> =>
  Effect.gen(function* () {
    const { projection } = state
    state.staged = emptyStaged()
    state.stagedPositions = []
    const stored = yield* state.store.checkpoint(projection.name)
    const { checkpoint } = state
    const landed = state.unconfirmed !== undefined && stored?.position === state.unconfirmed
    if (
      stored !== undefined &&
      stored.generation === checkpoint.generation &&
      (landed || sameCheckpoint(stored, checkpoint))
    ) {
      state.checkpoint = stored
      state.unconfirmed = undefined
      return
    }
    return yield* new CheckpointConflict({
      projection: projection.name,
      expected: checkpoint,
      actual: stored ?? NEVER_STARTED,
    })
  })

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
  const state: ProjectorState = {
    projection,
    store,
    checkpoint: yield* startingCheckpoint(projection, store),
    staged: emptyStaged(),
    stagedPositions: [],
    unconfirmed: undefined,
  }
  const commit = commitStaged(state)
  return {
    projection,
    checkpoint: () => state.checkpoint,
    handle: (batch) => Effect.andThen(stage(state, batch), commit),
    stage: (batch) => stage(state, batch),
    staged: () => state.staged.events,
    reached: () => state.staged.reached ?? state.checkpoint.position,
    commit,
    rewind: rewind(state),
  }
})
