import type { EventStore } from "@gridcase/core"
import { Effect } from "effect"
import {
  CheckpointConflict,
  type ProjectionError,
  type ProjectionHandlerFailed,
} from "../projection/errors.ts"
import type { Projection } from "../projection/projection.ts"
import {
  type Checkpoint,
  type CommitRequest,
  type LoadRequest,
  NEVER_STARTED,
  type ReadModelStoreShape,
  type StoredDocument,
  sameCheckpoint,
} from "../stores/read-model-store.ts"
import { type DocumentCache, makeDocumentCache } from "./document-cache.ts"
import { emptyStaged, foldEvents, planFold, type Staged, stagedWrites } from "./fold.ts"

/** What one batch did. */
export interface BatchOutcome {
  /** Events newly folded in (redelivered ones, at or below the checkpoint, are not counted). */
  readonly processed: number
  readonly checkpoint: Checkpoint
}

/**
 * What is staged, taken out to be committed together with other projections' batches
 * (`ReadModelStore.commitAll`). Exactly one of `landed` and `failed` follows the commit.
 */
export interface TakenBatch {
  /** The commit to make; undefined when the batch moves nothing (then call `landed()` alone). */
  readonly request: CommitRequest | undefined
  /** The commit landed with this checkpoint (none when there was no request). */
  readonly landed: (checkpoint?: Checkpoint) => BatchOutcome
  /** The commit failed: what was staged is gone; `rewind` before the next batch. */
  readonly failed: () => void
}

/** A projector's fold of a batch, its documents to load from the store (see `Projector.plan`). */
export interface PlannedBatch {
  readonly load: LoadRequest | undefined
  /** Folds the batch, given what `load` found (an empty map when there was nothing to load). */
  readonly finish: (loaded: ReadonlyMap<string, StoredDocument>) => ProjectionError | undefined
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
  /**
   * Plans to stage a batch like `stage`, for the caller to load the documents it lacks together
   * with other projections' (`ReadModelStore.loadAll`): `load` names those neither staged nor
   * cached (undefined for none), `finish` folds the batch given them. An undecodable event or a
   * throwing handler is returned by `finish` rather than committed at once: the caller commits
   * what came before it (`take`), then stops the projection with it.
   */
  readonly plan: (batch: ReadonlyArray<EventStore.RecordedEvent>) => PlannedBatch
  /** How many events are staged and not yet committed. */
  readonly staged: () => number
  /** The last position folded in, staged or committed: where the next batch starts. */
  readonly reached: () => number
  /** Commits what is staged with its checkpoint; returns the events it newly folded in. */
  readonly commit: Effect.Effect<BatchOutcome, ProjectionError>
  /**
   * Takes what is staged out, for the caller to commit with other projections' batches in one
   * transaction. Fails (staged dropped, nothing to commit) when an index function throws.
   */
  readonly take: Effect.Effect<TakenBatch, ProjectionHandlerFailed>
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
  /** The store, loading through the projector's document cache. */
  readonly store: ReadModelStoreShape
  readonly cache: DocumentCache
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

/** Takes what is staged out as the commit that brings it in (see `Projector.take`). */
const take = (state: ProjectorState): Effect.Effect<TakenBatch, ProjectionHandlerFailed> =>
  Effect.gen(function* () {
    const { projection } = state
    const pending = state.staged
    const positions = state.stagedPositions
    state.staged = emptyStaged()
    state.stagedPositions = []
    const position = Math.max(state.checkpoint.position, pending.reached ?? state.checkpoint.position)
    const outcome = (): BatchOutcome => ({
      processed: positions.filter((at) => at <= position).length,
      checkpoint: state.checkpoint,
    })
    if (position <= state.checkpoint.position)
      return { request: undefined, landed: outcome, failed: () => {} }
    const writes = yield* stagedWrites(projection, pending)
    state.unconfirmed = position
    return {
      request: { projection: projection.name, expected: state.checkpoint, position, writes },
      landed: (checkpoint = state.checkpoint) => {
        state.checkpoint = checkpoint
        state.unconfirmed = undefined
        state.cache.committed(writes)
        return outcome()
      },
      failed: state.cache.clear,
    }
  })

/** Commits what is staged with its checkpoint, alone; returns the events it newly folded in. */
const commitStaged = (state: ProjectorState): Effect.Effect<BatchOutcome, ProjectionError> =>
  Effect.gen(function* () {
    const taken = yield* take(state)
    if (taken.request === undefined) return taken.landed()
    const checkpoint = yield* state.store
      .commit(taken.request)
      .pipe(Effect.tapError(() => Effect.sync(taken.failed)))
    return taken.landed(checkpoint)
  })

/** The batch's events that neither the checkpoint nor what is staged covers, counted as staged. */
const freshOf = (state: ProjectorState, batch: ReadonlyArray<EventStore.RecordedEvent>) => {
  // At-least-once delivery: what the checkpoint or the staged events cover is folded in already.
  const from = state.staged.reached ?? state.checkpoint.position
  const fresh = batch.filter((recorded) => recorded.position > from)
  for (const recorded of fresh) state.stagedPositions.push(recorded.position)
  return fresh
}

/** Folds a batch into what is staged; returns the event's failure that stopped the fold, if one did. */
const fold = (state: ProjectorState, batch: ReadonlyArray<EventStore.RecordedEvent>) =>
  Effect.suspend(() => foldEvents(state.projection, state.store, freshOf(state, batch), state.staged))

/** Plans the fold of a batch: the cached documents are taken now, the others left to the caller's load. */
const plan = (state: ProjectorState, batch: ReadonlyArray<EventStore.RecordedEvent>): PlannedBatch => {
  const planned = planFold(state.projection, freshOf(state, batch), state.staged)
  const { found, missing } = state.cache.lookup(planned.missing)
  return {
    load: missing.length === 0 ? undefined : { projection: state.projection.name, keys: missing },
    finish: (loaded) => {
      for (const [key, stored] of loaded) found.set(key, stored)
      return planned.finish(found)
    },
  }
}

/** Folds a batch into what is staged; a failure commits what came before it, then fails. */
const stage = Effect.fnUntraced(function* (
  state: ProjectorState,
  batch: ReadonlyArray<EventStore.RecordedEvent>,
) {
  const failure = yield* fold(state, batch)
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
 * projector keeps the documents it commits in a bounded cache (`makeDocumentCache`), so its
 * batches rarely load a document twice.
 */
export const openProjector = Effect.fnUntraced(function* (
  projection: Projection,
  underlying: ReadModelStoreShape,
): Effect.fn.Return<Projector, ProjectionError> {
  const cache = makeDocumentCache(underlying, projection.name)
  const { store } = cache
  const state: ProjectorState = {
    projection,
    store,
    cache,
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
    plan: (batch) => plan(state, batch),
    staged: () => state.staged.events,
    reached: () => state.staged.reached ?? state.checkpoint.position,
    commit,
    take: take(state),
    rewind: rewind(state),
  }
})
