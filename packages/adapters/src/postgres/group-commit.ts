import type { EventStore } from "@gridcase/core"
import { Effect } from "effect"
import type pg from "pg"
import {
  expectedParameters,
  isEventsUniqueViolation,
  MAX_EVENTS,
  type PostgresAppend,
  toStoredJson,
} from "./append.ts"
import type { AppendStatements } from "./append-statements.ts"

/** Events one grouped statement may carry: beyond this the batch waits for the next turn. */
const MAX_BATCH_EVENTS = 5_000

interface PendingAppend {
  readonly streamId: string
  readonly events: ReadonlyArray<EventStore.NewEvent>
  readonly expected: EventStore.ExpectedVersion
  readonly resume: (outcome: Effect.Effect<EventStore.AppendResult, EventStore.AppendError>) => void
}

interface InsertedRow {
  readonly stream_id: string
  readonly revision: string
  readonly position: string
}

export interface PostgresGroupCommitConfig {
  readonly pool: pg.Pool
  readonly statementName: string
  readonly statements: AppendStatements
  readonly unavailable: (cause: unknown) => EventStore.StoreUnavailable
  readonly announce: () => void
  /** The one-append path: for a batch of one, and for every append a batch could not settle. */
  readonly single: PostgresAppend
}

/**
 * Group commit (组提交) on PostgreSQL: while a statement is on its way, appends from other
 * callers queue; when it returns, the queue goes out as one `insertMany` statement — one round
 * trip and one commit for all of them, where each would otherwise pay its own. A lone caller
 * is never held back: with nothing in flight its append goes out at once (as a plain
 * `insert`).
 *
 * Each append is still checked against its own expected version. One whose version does not
 * hold inserts nothing in the batch, and is then settled on its own by the one-append path
 * (which reports the conflict, or appends if the stream has meanwhile come to satisfy it).
 * A unique violation — a stored id, a writer in another process taking a revision — refuses
 * the whole statement, keeping nothing, and every append of the batch is settled on its own.
 * A batch takes at most one append per stream; a second one to the same stream waits for the
 * next batch, so appends to one stream keep their order.
 */
export const makePostgresGroupCommit = (config: PostgresGroupCommitConfig): PostgresAppend => {
  const { pool, statements, single } = config
  let queue: Array<PendingAppend> = []
  let inFlight = false
  let scheduled = false

  /** Settles every append of a batch on its own, as if it had come alone. */
  const settleAlone = (batch: ReadonlyArray<PendingAppend>) => {
    for (const request of batch) request.resume(single(request.streamId, request.events, request.expected))
  }

  /** Takes the next batch from the queue: in arrival order, one append per stream, bounded in events. */
  const takeBatch = (): Array<PendingAppend> => {
    const batch: Array<PendingAppend> = []
    const rest: Array<PendingAppend> = []
    const streams = new Set<string>()
    let events = 0
    for (const request of queue) {
      if (
        streams.has(request.streamId) ||
        (batch.length > 0 && events + request.events.length > MAX_BATCH_EVENTS)
      ) {
        rest.push(request)
      } else {
        batch.push(request)
        streams.add(request.streamId)
        events += request.events.length
      }
    }
    queue = rest
    return batch
  }

  const writeBatch = async (batch: ReadonlyArray<PendingAppend>): Promise<void> => {
    const payload = JSON.stringify(
      batch.map(({ streamId, events, expected }) => {
        const [kind, exact] = expectedParameters(expected)
        return { streamId, kind, exact, events: events.map(toStoredJson) }
      }),
    )
    let rows: ReadonlyArray<InsertedRow>
    try {
      rows = (
        await pool.query<InsertedRow>({
          name: `${config.statementName}:insertMany`,
          text: statements.insertMany,
          values: [payload],
        })
      ).rows
    } catch (error) {
      if (isEventsUniqueViolation(error)) return settleAlone(batch)
      const failure = Effect.fail(config.unavailable(error))
      for (const request of batch) request.resume(failure)
      return
    }
    const lastOf = new Map<string, EventStore.AppendResult>()
    for (const row of rows) {
      const revision = Number(row.revision)
      const known = lastOf.get(row.stream_id)
      if (known === undefined || revision > known.nextExpectedVersion) {
        lastOf.set(row.stream_id, { nextExpectedVersion: revision, lastPosition: Number(row.position) })
      }
    }
    if (rows.length > 0) config.announce()
    for (const request of batch) {
      const appended = lastOf.get(request.streamId)
      request.resume(
        appended === undefined
          ? single(request.streamId, request.events, request.expected)
          : Effect.succeed(appended),
      )
    }
  }

  const flush = (): void => {
    scheduled = false
    if (inFlight || queue.length === 0) return
    const batch = takeBatch()
    if (batch.length === 1) {
      const [request] = batch
      inFlight = true
      Effect.runCallback(single(request!.streamId, request!.events, request!.expected), {
        onExit: (exit) => {
          inFlight = false
          request!.resume(exit)
          flush()
        },
      })
      return
    }
    inFlight = true
    writeBatch(batch).finally(() => {
      inFlight = false
      flush()
    })
  }

  return (streamId, events, expected) => {
    const ids = new Set(events.map((event) => event.metadata.eventId))
    // Empty, oversized and self-duplicating appends are the one-append path's to refuse or answer.
    if (events.length === 0 || events.length > MAX_EVENTS || ids.size !== events.length) {
      return single(streamId, events, expected)
    }
    return Effect.callback<EventStore.AppendResult, EventStore.AppendError>((resume) => {
      queue.push({ streamId, events, expected, resume })
      if (!scheduled && !inFlight) {
        scheduled = true
        queueMicrotask(flush)
      }
    })
  }
}
