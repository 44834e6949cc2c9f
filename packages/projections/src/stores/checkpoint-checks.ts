import { CheckpointConflict, type ReadModelStoreUnavailable } from "../projection/errors.ts"
import { type Checkpoint, type CommitRequest, NEVER_STARTED, sameCheckpoint } from "./read-model-store.ts"

/**
 * The compare-and-set every store makes before it writes: the checkpoint it holds
 * must be the one the writer expects. Undefined on either side means never started.
 */
export const checkpointHolds = (expected: Checkpoint | undefined, actual: Checkpoint | undefined): boolean =>
  sameCheckpoint(expected ?? NEVER_STARTED, actual ?? NEVER_STARTED)

/** The conflict of a writer that expected `expected` where the store holds `actual`. */
export const checkpointConflict = (
  projection: string,
  expected: Checkpoint | undefined,
  actual: Checkpoint | undefined,
): CheckpointConflict =>
  new CheckpointConflict({
    projection,
    expected: expected ?? NEVER_STARTED,
    actual: actual ?? NEVER_STARTED,
  })

/** The checkpoint a reset starts: position 0 of the next generation, so no stale writer's commit can land. */
export const freshCheckpoint = (actual: Checkpoint | undefined, version: number): Checkpoint => ({
  position: 0,
  generation: (actual?.generation ?? 0) + 1,
  version,
})

/**
 * A conflict found inside a SQL transaction: thrown to roll it back, then failed with (see
 * `transactionFailure`).
 */
export class ConflictInTransaction {
  readonly error: CheckpointConflict
  constructor(error: CheckpointConflict) {
    this.error = error
  }
}

/** What a SQL store's transaction failed with: its checkpoint conflict, or the driver's error as unavailability. */
export const transactionFailure = (
  error: unknown,
  unavailable: (cause: unknown) => ReadModelStoreUnavailable,
): CheckpointConflict | ReadModelStoreUnavailable =>
  error instanceof ConflictInTransaction ? error.error : unavailable(error)

/**
 * Checks the checkpoint a SQL store read (and locked) inside its transaction against the one
 * the writer expects; a conflict is thrown, to roll the transaction back.
 */
export const expectCheckpoint = <C extends Checkpoint>(
  projection: string,
  expected: Checkpoint | undefined,
  actual: C | undefined,
): C | undefined => {
  if (!checkpointHolds(expected, actual)) {
    throw new ConflictInTransaction(checkpointConflict(projection, expected, actual))
  }
  return actual
}

/**
 * The checkpoint a SQL store's commit moves, checked inside its transaction: the one the writer
 * expects, and started — a commit before the first reset has no generation to write into, so
 * it conflicts too. A position below it is the caller's bug, not a race: a plain error.
 */
export const checkpointToMove = <C extends Checkpoint>(request: CommitRequest, actual: C | undefined): C => {
  const { projection } = request
  const started = expectCheckpoint(projection, request.expected, actual)
  if (started === undefined) {
    throw new ConflictInTransaction(checkpointConflict(projection, request.expected, undefined))
  }
  if (request.position < started.position) {
    throw new RangeError(`commit position ${request.position} is below the checkpoint ${started.position}`)
  }
  return started
}
