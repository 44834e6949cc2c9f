import { Context, type Effect } from "effect"
import type { CheckpointConflict, ReadModelStoreUnavailable } from "../projection/errors.ts"
import type { IndexEntry } from "../projection/projection.ts"

/**
 * Where a projection stands (检查点). Compare-and-set on the pair (generation, position):
 * positions alone would let a stale process whose checkpoint happens to equal a rebuilt
 * projection's write over it (the ABA problem); a reset bumps the generation, so it cannot.
 */
export interface Checkpoint {
  /** The last event position folded into the documents; 0 before the first. */
  readonly position: number
  /** Bumped by every reset (first start, rebuild, version change). */
  readonly generation: number
  /** The projection version the documents were built with. */
  readonly version: number
}

/** A document as stored, with the index entries stored for it. */
export interface StoredDocument {
  readonly doc: unknown
  readonly entries: ReadonlyArray<IndexEntry>
}

/**
 * One document after a batch: `doc` undefined deletes it; `entries` replace its index entries.
 * `previous` are the entries `load` returned for it (none for a new document): when they equal
 * `entries`, a store may leave the index alone, which is the common case.
 */
export interface DocumentWrite {
  readonly key: string
  readonly doc: unknown
  readonly entries: ReadonlyArray<IndexEntry>
  readonly previous: ReadonlyArray<IndexEntry>
}

/** Documents of one projection to load: what `loadAll` takes for each projection. */
export interface LoadRequest {
  readonly projection: string
  readonly keys: ReadonlyArray<string>
}

/** One commit of a projection: its documents and index entries to write, with the checkpoint they bring it to. */
export interface CommitRequest {
  readonly projection: string
  /** The checkpoint this writer read or last wrote; the commit only happens if it still holds. */
  readonly expected: Checkpoint
  /** The new checkpoint position: the last event of the batch (never below `expected.position`). */
  readonly position: number
  readonly writes: ReadonlyArray<DocumentWrite>
}

/** A group of an index: how many documents are in it and the sum of their values. */
export interface GroupStats {
  readonly group: string
  readonly count: number
  readonly sum: number
}

/** One document's entry in an index. */
export interface IndexMember {
  readonly key: string
  readonly group: string
  readonly value: number
}

/** Which index members to return; always sorted by value, then key. */
export interface MemberQuery {
  /** One group; otherwise every group (restricted to `groups` or `head` when given). */
  readonly group?: string
  /**
   * Any of these groups, in one call (the households of a grid, say); a group named twice
   * counts once. Ignored when `group` is given; `head` is ignored when this is.
   */
  readonly groups?: ReadonlyArray<string>
  /** Only groups whose first part (see `groupKey`) is this. */
  readonly head?: string
  /** Only members whose value is strictly below this (e.g. due times before now). */
  readonly below?: number
  readonly limit?: number
}

/**
 * The read-model storage port (读模型存储): documents, their index entries and each projection's
 * checkpoint. `commit` writes a batch's documents and moves the checkpoint in one atomic step
 * (a SQL store does both in one transaction), so a crash leaves either the whole batch or none
 * of it, and the checkpoint always says exactly which events the documents reflect.
 */
export interface ReadModelStoreShape {
  /** The projection's checkpoint, or undefined when it was never started. */
  readonly checkpoint: (
    projection: string,
  ) => Effect.Effect<Checkpoint | undefined, ReadModelStoreUnavailable>
  /**
   * Several projections' checkpoints in one read (一次读取; one statement on PostgreSQL), in the
   * order of `projections`, undefined for those never started: how an instance on standby sees
   * every projection another instance advances with one round trip per look, not one per
   * projection (bench/findings.md, finding 19).
   */
  readonly checkpoints: (
    projections: ReadonlyArray<string>,
  ) => Effect.Effect<ReadonlyArray<Checkpoint | undefined>, ReadModelStoreUnavailable>
  /**
   * Drops the projection's documents and starts it afresh at position 0 for `version`, with a
   * new generation. Compare-and-set on `expected` (undefined: never started), like `commit`.
   */
  readonly reset: (
    projection: string,
    version: number,
    expected: Checkpoint | undefined,
  ) => Effect.Effect<Checkpoint, CheckpointConflict | ReadModelStoreUnavailable>
  /** The stored documents among `keys`, with their index entries (missing keys are absent). */
  readonly load: (
    projection: string,
    keys: ReadonlyArray<string>,
  ) => Effect.Effect<ReadonlyMap<string, StoredDocument>, ReadModelStoreUnavailable>
  /**
   * Several projections' `load`s as one (一次加载; one statement on PostgreSQL): what the
   * runner's shared feed loads after each wake-up for every projection whose batch touches
   * documents it does not hold, instead of a round trip per projection. Returns the documents
   * found in the order of the requests, each as `load` would.
   */
  readonly loadAll: (
    requests: ReadonlyArray<LoadRequest>,
  ) => Effect.Effect<ReadonlyArray<ReadonlyMap<string, StoredDocument>>, ReadModelStoreUnavailable>
  /** Writes a batch and moves the checkpoint, atomically and only if `expected` still holds. */
  readonly commit: (
    request: CommitRequest,
  ) => Effect.Effect<Checkpoint, CheckpointConflict | ReadModelStoreUnavailable>
  /**
   * Commits several projections' batches as one (一次提交; one transaction on SQL stores): all
   * land or none does, so a crash never leaves one projection's documents ahead of another's
   * checkpoint. Each request is compare-and-set on its own checkpoint; the first that fails
   * fails the call with its conflict, which names its projection, and nothing is written. What
   * the runner's shared feed commits after each wake-up, instead of a transaction per
   * projection. Returns the new checkpoints in the order of the requests; one projection at
   * most once.
   */
  readonly commitAll: (
    requests: ReadonlyArray<CommitRequest>,
  ) => Effect.Effect<ReadonlyArray<Checkpoint>, CheckpointConflict | ReadModelStoreUnavailable>
  readonly get: (projection: string, key: string) => Effect.Effect<unknown, ReadModelStoreUnavailable>
  /** Count and sum of one group (zeros when it is empty). */
  readonly stats: (
    projection: string,
    index: string,
    group: string,
  ) => Effect.Effect<GroupStats, ReadModelStoreUnavailable>
  /** Every non-empty group of an index, or those whose first part is `head`, sorted by group. */
  readonly groups: (
    projection: string,
    index: string,
    head?: string,
  ) => Effect.Effect<ReadonlyArray<GroupStats>, ReadModelStoreUnavailable>
  readonly members: (
    projection: string,
    index: string,
    query?: MemberQuery,
  ) => Effect.Effect<ReadonlyArray<IndexMember>, ReadModelStoreUnavailable>
}

/** The read-model store service (读模型存储): provide one of the stores (memory, SQLite, PostgreSQL). */
export class ReadModelStore extends Context.Service<ReadModelStore, ReadModelStoreShape>()(
  "@gridcase/projections/ReadModelStore",
) {}

/** The checkpoint every projection has before its first reset. */
export const NEVER_STARTED = { position: 0, generation: 0 } as const

const sameEntry = (a: IndexEntry, b: IndexEntry): boolean =>
  a.index === b.index && a.group === b.group && a.value === b.value

/**
 * The entries of `from` that `to` lacks. A store changing a document's entries from `before`
 * to `after` removes `entriesLeaving(before, after)` and adds `entriesLeaving(after, before)`:
 * a case dispatched to a worker gains its `assignee` entry and keeps the rest, so only that
 * one index row is written. A document has a handful of entries, so comparing all pairs is cheap.
 */
export const entriesLeaving = (
  from: ReadonlyArray<IndexEntry>,
  to: ReadonlyArray<IndexEntry>,
): ReadonlyArray<IndexEntry> => from.filter((entry) => !to.some((other) => sameEntry(entry, other)))

/** Whether a stored checkpoint is the one a writer expects (generation and position). */
export const sameCheckpoint = (
  expected: Pick<Checkpoint, "generation" | "position">,
  actual: Pick<Checkpoint, "generation" | "position">,
): boolean => expected.generation === actual.generation && expected.position === actual.position
