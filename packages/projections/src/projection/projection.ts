import { EventStore } from "@gridcase/core"
import { Result } from "effect"
import { InvalidProjectionDefinition } from "./errors.ts"

/**
 * One entry of a document in one of its projection's indexes. Indexes are what typed queries
 * read: the store keeps, per (index, group), every member document's value and their sum, so
 * "open cases in grid G" is a count, a resolve-time percentile reads the values, and a due
 * queue sorts them. Composite groups (grid + level) are built with `groupKey`.
 */
export interface IndexEntry {
  readonly index: string
  readonly group: string
  /** 1 to count; a duration to average; a due time to sort by. */
  readonly value: number
}

/**
 * How to declare a projection (投影): a keyed fold. Every event belongs to at most one document
 * (usually the case it is about); `handle` turns the document before the event into the
 * document after it. Documents live in a `ReadModelStore` (memory or SQL), so the runner only
 * holds the documents a batch touches — memory does not grow with history.
 *
 * Handlers are pure and total: no clock, no I/O, same output for the same input, so replaying
 * the same events always rebuilds the same read model. Documents must be plain JSON data
 * (SQL stores serialise them); `undefined` means "no document" and deletes it.
 */
export interface ProjectionDefinition<E extends { readonly _tag: string }, Doc> {
  /** Unique per runner and store; names the checkpoint and the stored documents. */
  readonly name: string
  /**
   * Bump it whenever `handle` or `indexes` change meaning: the runner rebuilds a projection
   * whose stored version differs, instead of mixing documents of two versions.
   */
  readonly version: number
  /** The aggregate's codec: events are decoded (and upcast) exactly as the aggregate reads them. */
  readonly codec: EventStore.EventCodec<E>
  /** Only streams with this prefix (e.g. `CASE_STREAM_PREFIX`). */
  readonly streamPrefix?: string
  /** Only these event types; the store filters them before they reach the runner. */
  readonly eventTypes?: ReadonlyArray<E["_tag"]>
  /** The document an event changes, or undefined when this projection ignores the event. */
  readonly keyOf: (event: E, recorded: EventStore.RecordedEvent) => string | undefined
  readonly handle: (doc: Doc | undefined, event: E, recorded: EventStore.RecordedEvent) => Doc | undefined
  /**
   * The index entries of a document, recomputed whenever the document changes. A document is
   * in a group at most once (one entry per index and group); naming one twice stops the
   * projection like a throwing handler.
   */
  readonly indexes?: (doc: Doc) => ReadonlyArray<IndexEntry>
}

/** A decoded event with the document it touches: what the runner batches. */
export interface PreparedEvent {
  readonly key: string
  readonly event: unknown
  readonly recorded: EventStore.RecordedEvent
}

/**
 * A projection ready to run, with its event type erased so that one runner can hold
 * projections of different aggregates. Built by `defineProjection`.
 */
export interface Projection<Doc = unknown> {
  readonly name: string
  readonly version: number
  /** What the runner asks the event store for. */
  readonly filter: EventStore.EventFilter
  /** Decodes an event and finds its document; `undefined` when the projection ignores it. */
  prepare(
    recorded: EventStore.RecordedEvent,
  ): Result.Result<PreparedEvent | undefined, EventStore.EventDecodeError>
  /** Folds a prepared event into its document (pure; may throw only through a handler bug). */
  apply(doc: Doc | undefined, prepared: PreparedEvent): Doc | undefined
  indexEntries(doc: Doc): ReadonlyArray<IndexEntry>
}

const problemsOf = <E extends { readonly _tag: string }, Doc>(
  definition: ProjectionDefinition<E, Doc>,
): ReadonlyArray<string> => {
  const problems: Array<string> = []
  if (definition.name.trim() === "") problems.push("name must not be empty")
  if (!Number.isSafeInteger(definition.version) || definition.version < 1) {
    problems.push(`version must be a positive integer, got ${definition.version}`)
  }
  const { eventTypes } = definition
  if (eventTypes !== undefined) {
    if (eventTypes.length === 0) problems.push("eventTypes, when given, must name at least one type")
    for (const type of eventTypes) {
      if (!definition.codec.types.includes(type))
        problems.push(`the codec does not know event type "${type}"`)
    }
  }
  return problems
}

const noEntries: ReadonlyArray<IndexEntry> = []

/**
 * Checks a projection definition and makes it runnable.
 *
 * @throws InvalidProjectionDefinition for an empty name, a version that is not a positive
 *   integer, or event types the codec does not know.
 */
export const defineProjection = <E extends { readonly _tag: string }, Doc>(
  definition: ProjectionDefinition<E, Doc>,
): Projection<Doc> => {
  const problems = problemsOf(definition)
  if (problems.length > 0) throw new InvalidProjectionDefinition({ projection: definition.name, problems })
  const { codec, keyOf, handle, indexes } = definition
  const filter: EventStore.EventFilter = {
    ...(definition.eventTypes === undefined ? {} : { types: definition.eventTypes }),
    ...(definition.streamPrefix === undefined ? {} : { streamPrefix: definition.streamPrefix }),
  }
  return {
    name: definition.name,
    version: definition.version,
    filter,
    prepare: (recorded) => {
      // A redelivered or unfiltered page may carry events this projection never asked for.
      if (!EventStore.matchesFilter(filter, recorded)) return Result.succeed(undefined)
      const decoded = codec.decode(recorded)
      if (Result.isFailure(decoded)) return Result.fail(decoded.failure)
      const key = keyOf(decoded.success, recorded)
      return Result.succeed(key === undefined ? undefined : { key, event: decoded.success, recorded })
    },
    apply: (doc, prepared) => handle(doc, prepared.event as E, prepared.recorded),
    indexEntries: indexes === undefined ? () => noEntries : indexes,
  }
}

/** Separates the parts of a composite group; never appears in ids, levels or categories. */
export const GROUP_SEPARATOR = "\u001f"

/**
 * A composite index group, e.g. `groupKey(gridId, level)`. Stores can list every group that
 * starts with a given first part (all levels of one grid) without scanning the others.
 */
export const groupKey = (...parts: ReadonlyArray<string>): string => parts.join(GROUP_SEPARATOR)

/** The parts of a group built by `groupKey`. */
export const groupParts = (group: string): ReadonlyArray<string> => group.split(GROUP_SEPARATOR)

/** The first part of a composite group: what `ReadModelStore.groups(…, head)` filters on. */
export const groupHead = (group: string): string => {
  const end = group.indexOf(GROUP_SEPARATOR)
  return end === -1 ? group : group.slice(0, end)
}
