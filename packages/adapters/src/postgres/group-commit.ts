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
import { statementName } from "./statement-name.ts"

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
 * A group commit's state, passed to the functions below. `flush` is made once, bound to it,
 * so that scheduling a flush allocates nothing.
 */
interface Batcher {
  readonly config: PostgresGroupCommitConfig
  queue: Array<PendingAppend>
  inFlight: boolean
  scheduled: boolean
  readonly flush: () => void
}

/** Settles an append on its own, as if it had come alone. */
const settleAlone = (config: PostgresGroupCommitConfig, request: PendingAppend) =>
  request.resume(config.single(request.streamId, request.events, request.expected))

/** Takes the next batch from the queue: in arrival order, one append per stream, bounded in events. */
const takeBatch = (batcher: Batcher): Array<PendingAppend> => {
  const batch: Array<PendingAppend> = []
  const rest: Array<PendingAppend> = []
  const streams = new Set<string>()
  let events = 0
  for (const request of batcher.queue) {
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
  batcher.queue = rest
  return batch
}

/** Each stream's last inserted revision and its position: what each append of the batch returns. */
const lastOfEachStream = (rows: ReadonlyArray<InsertedRow>): Map<string, EventStore.AppendResult> => {
  const lastOf = new Map<string, EventStore.AppendResult>()
  for (const row of rows) {
    const revision = Number(row.revision)
    const known = lastOf.get(row.stream_id)
    if (known === undefined || revision > known.nextExpectedVersion) {
      lastOf.set(row.stream_id, { nextExpectedVersion: revision, lastPosition: Number(row.position) })
    }
  }
  return lastOf
}

/**
 * Sends the batch as one `insertMany`. An append that inserted nothing (its version did not
 * hold) and every append of a statement a unique index refused are settled on their own.
 */
const writeBatch = async (
  config: PostgresGroupCommitConfig,
  batch: ReadonlyArray<PendingAppend>,
): Promise<void> => {
  const payload = JSON.stringify(
    batch.map(({ streamId, events, expected }) => {
      const [kind, exact] = expectedParameters(expected)
      return { streamId, kind, exact, events: events.map(toStoredJson) }
    }),
  )
  let rows: ReadonlyArray<InsertedRow>
  try {
    rows = (
      await config.pool.query<InsertedRow>({
        name: statementName(config.statementName, "insertMany"),
        text: config.statements.insertMany,
        values: [payload],
      })
    ).rows
  } catch (error) {
    if (isEventsUniqueViolation(error)) {
      for (const request of batch) settleAlone(config, request)
      return
    }
    const failure = Effect.fail(config.unavailable(error))
    for (const request of batch) request.resume(failure)
    return
  }
  const lastOf = lastOfEachStream(rows)
  if (rows.length > 0) config.announce()
  for (const request of batch) {
    const appended = lastOf.get(request.streamId)
    if (appended === undefined) settleAlone(config, request)
    else request.resume(Effect.succeed(appended))
  }
}

/** A batch of one goes out as a plain `insert`, by the one-append path. */
const sendAlone = (batcher: Batcher, request: PendingAppend): void => {
  batcher.inFlight = true
  Effect.runCallback(batcher.config.single(request.streamId, request.events, request.expected), {
    onExit: (exit) => {
      batcher.inFlight = false
      request.resume(exit)
      batcher.flush()
    },
  })
}

/** Unless a statement is on its way, sends what is queued; each reply flushes again. */
const flush = (batcher: Batcher): void => {
  batcher.scheduled = false
  if (batcher.inFlight || batcher.queue.length === 0) return
  const batch = takeBatch(batcher)
  if (batch.length === 1) {
    sendAlone(batcher, batch[0]!)
    return
  }
  batcher.inFlight = true
  writeBatch(batcher.config, batch).finally(() => {
    batcher.inFlight = false
    batcher.flush()
  })
}

/** Queues an append; with nothing in flight or scheduled, a flush goes out on the next microtask. */
const enqueue = (
  batcher: Batcher,
  streamId: string,
  events: ReadonlyArray<EventStore.NewEvent>,
  expected: EventStore.ExpectedVersion,
  resume: PendingAppend["resume"],
): void => {
  batcher.queue.push({ streamId, events, expected, resume })
  if (!batcher.scheduled && !batcher.inFlight) {
    batcher.scheduled = true
    queueMicrotask(batcher.flush)
  }
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
  const batcher: Batcher = {
    config,
    queue: [],
    inFlight: false,
    scheduled: false,
    flush: () => flush(batcher),
  }
  return (streamId, events, expected) => {
    const ids = new Set(events.map((event) => event.metadata.eventId))
    // Empty, oversized and self-duplicating appends are the one-append path's to refuse or answer.
    if (events.length === 0 || events.length > MAX_EVENTS || ids.size !== events.length) {
      return config.single(streamId, events, expected)
    }
    return Effect.callback<EventStore.AppendResult, EventStore.AppendError>((resume) =>
      enqueue(batcher, streamId, events, expected, resume),
    )
  }
}
