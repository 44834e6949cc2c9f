import type { DatabaseSync } from "node:sqlite"
import { EventStore } from "@gridcase/core"
import { Effect, Result } from "effect"
import { classifyAppend, type StoredEventId } from "../shared/idempotency.ts"
import { unavailable } from "./rows.ts"
import { schemaVersionSql } from "./schema.ts"

interface StoredIdRow {
  readonly event_id: string
  readonly stream_id: string
  readonly revision: number
  readonly position: number
}

interface PendingAppend {
  readonly streamId: string
  readonly events: ReadonlyArray<EventStore.NewEvent>
  /** `data` and `metadata` as JSON, serialised before the transaction so it stays short. */
  readonly encoded: ReadonlyArray<readonly [data: string, metadata: string]>
  readonly expected: EventStore.ExpectedVersion
  readonly resume: (outcome: Effect.Effect<EventStore.AppendResult, EventStore.AppendError>) => void
}

export interface GroupCommit {
  readonly append: (
    streamId: string,
    events: ReadonlyArray<EventStore.NewEvent>,
    expected: EventStore.ExpectedVersion,
  ) => Effect.Effect<EventStore.AppendResult, EventStore.AppendError>
  /** Writes what is queued now, then refuses further appends. */
  readonly close: () => void
}

/** The statements a group commit runs on its connection. */
const prepareStatements = (db: DatabaseSync) => ({
  findEventIds: db.prepare(
    "SELECT event_id, stream_id, revision, position FROM gridcase_events WHERE event_id IN (SELECT value FROM json_each(?))",
  ),
  streamHead: db.prepare(
    "SELECT revision, position FROM gridcase_events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1",
  ),
  insert: db.prepare(
    `INSERT INTO gridcase_events (stream_id, revision, type, data, metadata, event_id, schema_version)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ${schemaVersionSql("?5")})`,
  ),
})

/** A group commit's state: one object per store, passed to the steps below, which update it in place. */
interface Writer {
  readonly db: DatabaseSync
  readonly statements: ReturnType<typeof prepareStatements>
  readonly onCommit: () => void
  readonly afterInsert: (() => void) | undefined
  queue: Array<PendingAppend>
  scheduled: boolean
  closed: boolean
  /** Whether the transaction being written has inserted anything, so subscribers need waking. */
  inserted: boolean
}

const storedIds = (writer: Writer, eventIds: ReadonlyArray<string>): Map<string, StoredEventId> => {
  const rows = writer.statements.findEventIds.all(JSON.stringify(eventIds)) as unknown as Array<StoredIdRow>
  return new Map(
    rows.map((row) => [
      row.event_id,
      { streamId: row.stream_id, revision: row.revision, position: row.position },
    ]),
  )
}

/**
 * Inserts an append's events after the stream's `version`, pushing their positions onto
 * `positions`, and runs `afterInsert`; in a savepoint unless a single statement undoes itself
 * (one event, no `afterInsert`). A failure that leaves the transaction open fails this append
 * alone (returned); one that ended the transaction (a full disk, say) is thrown, failing the
 * whole batch.
 */
const insertEvents = (
  writer: Writer,
  request: PendingAppend,
  version: number,
  positions: Array<number>,
): Result.Result<never, EventStore.StoreUnavailable> | undefined => {
  const { db, afterInsert } = writer
  const { streamId, events } = request
  const guarded = events.length > 1 || afterInsert !== undefined
  if (guarded) db.exec("SAVEPOINT gridcase_append")
  try {
    events.forEach((event, index) => {
      const [data, metadata] = request.encoded[index]!
      const row = writer.statements.insert.run(
        streamId,
        version + index + 1,
        event.type,
        data,
        metadata,
        event.metadata.eventId,
      )
      positions.push(Number(row.lastInsertRowid))
    })
    if (events.length > 0) afterInsert?.()
    if (guarded) db.exec("RELEASE gridcase_append")
  } catch (error) {
    if (!db.isTransaction) throw error
    if (guarded) {
      db.exec("ROLLBACK TO gridcase_append")
      db.exec("RELEASE gridcase_append")
    }
    return Result.fail(unavailable(error))
  }
  return undefined
}

/**
 * Checks and inserts one append inside the open transaction. `stored` holds the batch's
 * event ids that are stored already, those read before the batch and those it inserted.
 */
const write = (
  writer: Writer,
  request: PendingAppend,
  stored: Map<string, StoredEventId>,
): Result.Result<EventStore.AppendResult, EventStore.AppendError> => {
  const { streamId, events, expected } = request
  const eventIds = events.map((event) => event.metadata.eventId)
  const retry = classifyAppend(streamId, eventIds, (eventId) => stored.get(eventId))
  if (Result.isFailure(retry)) return Result.fail(retry.failure)
  if (retry.success !== undefined) return Result.succeed(retry.success)
  const head = writer.statements.streamHead.get(streamId) as
    | { revision: number; position: number }
    | undefined
  const version = head?.revision ?? 0
  if (!EventStore.satisfies(expected, version)) {
    return Result.fail(new EventStore.WrongExpectedVersion({ streamId, expected, actual: version }))
  }
  const positions: Array<number> = []
  const failed = insertEvents(writer, request, version, positions)
  if (failed !== undefined) return failed
  writer.inserted ||= events.length > 0
  eventIds.forEach((eventId, index) => {
    stored.set(eventId, { streamId, revision: version + index + 1, position: positions[index]! })
  })
  return Result.succeed({
    nextExpectedVersion: version + events.length,
    lastPosition: positions.at(-1) ?? head?.position ?? 0,
  })
}

/** One transaction for the whole batch; if the transaction itself fails, every append fails. */
const writeBatch = (
  writer: Writer,
  batch: ReadonlyArray<PendingAppend>,
): Array<Result.Result<EventStore.AppendResult, EventStore.AppendError>> => {
  const { db } = writer
  try {
    db.exec("BEGIN IMMEDIATE")
    try {
      const stored = storedIds(
        writer,
        batch.flatMap((request) => request.events.map((event) => event.metadata.eventId)),
      )
      const outcomes = batch.map((request) => write(writer, request, stored))
      db.exec("COMMIT")
      return outcomes
    } catch (error) {
      if (db.isTransaction) db.exec("ROLLBACK")
      throw error
    }
  } catch (error) {
    writer.inserted = false
    const failure = Result.fail(unavailable(error))
    return batch.map(() => failure)
  }
}

/** Writes what is queued as one batch and resumes each of its callers with its outcome. */
const flush = (writer: Writer): void => {
  writer.scheduled = false
  const batch = writer.queue
  writer.queue = []
  if (batch.length === 0) return
  writer.inserted = false
  const outcomes = writeBatch(writer, batch)
  if (writer.inserted) writer.onCommit()
  batch.forEach((request, index) => {
    request.resume(Effect.fromResult(outcomes[index]!))
  })
}

/** `data` and `metadata` as JSON, or why an event cannot be stored. */
const encode = (
  events: ReadonlyArray<EventStore.NewEvent>,
): PendingAppend["encoded"] | EventStore.StoreUnavailable => {
  try {
    return events.map((event) => [JSON.stringify(event.data ?? null), JSON.stringify(event.metadata)])
  } catch (error) {
    return new EventStore.StoreUnavailable({
      message: `sqlite: event is not JSON-serialisable: ${error}`,
      cause: error,
    })
  }
}

/** Queues an append for the next batch, which the turn after this one writes. */
const enqueue = (
  writer: Writer,
  streamId: string,
  events: ReadonlyArray<EventStore.NewEvent>,
  expected: EventStore.ExpectedVersion,
  resume: PendingAppend["resume"],
): void => {
  if (writer.closed) {
    resume(Effect.fail(new EventStore.StoreUnavailable({ message: "sqlite: the store is closed" })))
    return
  }
  const encoded = encode(events)
  if (encoded instanceof EventStore.StoreUnavailable) {
    resume(Effect.fail(encoded))
    return
  }
  writer.queue.push({ streamId, events, encoded, expected, resume })
  if (!writer.scheduled) {
    writer.scheduled = true
    setImmediate(flush, writer)
  }
}

/**
 * Group commit (组提交): appends queued by concurrent callers before the next turn of the
 * event loop — including those that arrive while a transaction is being written — share one
 * transaction and so one fsync. Each append is still checked against its own expected
 * version and event ids, inside a savepoint, so it succeeds or fails alone. `afterInsert`
 * runs in that savepoint once an append's events are inserted (inline projections); if it
 * throws, the append fails and the savepoint is rolled back. `onCommit` runs after every
 * transaction that stored at least one event.
 *
 * Per append the batch does as little as it can (bench/findings.md, "group commit, 50 callers"):
 * the stored-id check is one query for the whole batch, kept up to date as the batch inserts,
 * and an append of one event with no `afterInsert` needs no savepoint, since SQLite undoes a
 * failed statement on its own.
 */
export const makeGroupCommit = (
  db: DatabaseSync,
  onCommit: () => void,
  afterInsert?: () => void,
): GroupCommit => {
  const writer: Writer = {
    db,
    statements: prepareStatements(db),
    onCommit,
    afterInsert,
    queue: [],
    scheduled: false,
    closed: false,
    inserted: false,
  }
  return {
    append: (streamId, events, expected) =>
      Effect.callback<EventStore.AppendResult, EventStore.AppendError>((resume) =>
        enqueue(writer, streamId, events, expected, resume),
      ),
    close: () => {
      flush(writer)
      writer.closed = true
    },
  }
}
