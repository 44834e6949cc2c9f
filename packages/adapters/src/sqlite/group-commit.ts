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
  const findEventIds = db.prepare(
    "SELECT event_id, stream_id, revision, position FROM gridcase_events WHERE event_id IN (SELECT value FROM json_each(?))",
  )
  const streamHead = db.prepare(
    "SELECT revision, position FROM gridcase_events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1",
  )
  const insert = db.prepare(
    `INSERT INTO gridcase_events (stream_id, revision, type, data, metadata, event_id, schema_version)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ${schemaVersionSql("?5")})`,
  )
  let queue: Array<PendingAppend> = []
  let scheduled = false
  let closed = false
  /** Whether the transaction being written has inserted anything, so subscribers need waking. */
  let inserted = false

  const storedIds = (eventIds: ReadonlyArray<string>): Map<string, StoredEventId> => {
    const rows = findEventIds.all(JSON.stringify(eventIds)) as unknown as Array<StoredIdRow>
    return new Map(
      rows.map((row) => [
        row.event_id,
        { streamId: row.stream_id, revision: row.revision, position: row.position },
      ]),
    )
  }

  /**
   * Checks and inserts one append inside the open transaction. `stored` holds the batch's
   * event ids that are stored already, those read before the batch and those it inserted.
   */
  const write = (
    request: PendingAppend,
    stored: Map<string, StoredEventId>,
  ): Result.Result<EventStore.AppendResult, EventStore.AppendError> => {
    const { streamId, events, expected } = request
    const eventIds = events.map((event) => event.metadata.eventId)
    const retry = classifyAppend(streamId, eventIds, (eventId) => stored.get(eventId))
    if (Result.isFailure(retry)) return Result.fail(retry.failure)
    if (retry.success !== undefined) return Result.succeed(retry.success)
    const head = streamHead.get(streamId) as { revision: number; position: number } | undefined
    const version = head?.revision ?? 0
    if (!EventStore.satisfies(expected, version)) {
      return Result.fail(new EventStore.WrongExpectedVersion({ streamId, expected, actual: version }))
    }
    const positions: Array<number> = []
    const guarded = events.length > 1 || afterInsert !== undefined
    if (guarded) db.exec("SAVEPOINT gridcase_append")
    try {
      events.forEach((event, index) => {
        const [data, metadata] = request.encoded[index]!
        const row = insert.run(
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
      // An error that ended the whole transaction (a full disk, say) fails the whole batch.
      if (!db.isTransaction) throw error
      if (guarded) {
        db.exec("ROLLBACK TO gridcase_append")
        db.exec("RELEASE gridcase_append")
      }
      return Result.fail(unavailable(error))
    }
    inserted ||= events.length > 0
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
    batch: ReadonlyArray<PendingAppend>,
  ): Array<Result.Result<EventStore.AppendResult, EventStore.AppendError>> => {
    try {
      db.exec("BEGIN IMMEDIATE")
      try {
        const stored = storedIds(
          batch.flatMap((request) => request.events.map((event) => event.metadata.eventId)),
        )
        const outcomes = batch.map((request) => write(request, stored))
        db.exec("COMMIT")
        return outcomes
      } catch (error) {
        if (db.isTransaction) db.exec("ROLLBACK")
        throw error
      }
    } catch (error) {
      inserted = false
      const failure = Result.fail(unavailable(error))
      return batch.map(() => failure)
    }
  }

  const flush = (): void => {
    scheduled = false
    const batch = queue
    queue = []
    if (batch.length === 0) return
    inserted = false
    const outcomes = writeBatch(batch)
    if (inserted) onCommit()
    batch.forEach((request, index) => {
      request.resume(Effect.fromResult(outcomes[index]!))
    })
  }

  return {
    append: (streamId, events, expected) =>
      Effect.callback<EventStore.AppendResult, EventStore.AppendError>((resume) => {
        if (closed)
          return resume(
            Effect.fail(new EventStore.StoreUnavailable({ message: "sqlite: the store is closed" })),
          )
        let encoded: PendingAppend["encoded"]
        try {
          encoded = events.map((event) => [
            JSON.stringify(event.data ?? null),
            JSON.stringify(event.metadata),
          ])
        } catch (error) {
          return resume(
            Effect.fail(
              new EventStore.StoreUnavailable({
                message: `sqlite: event is not JSON-serialisable: ${error}`,
                cause: error,
              }),
            ),
          )
        }
        queue.push({ streamId, events, encoded, expected, resume })
        if (!scheduled) {
          scheduled = true
          setImmediate(flush)
        }
      }),
    close: () => {
      flush()
      closed = true
    },
  }
}
