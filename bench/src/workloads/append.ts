import { performance } from "node:perf_hooks"
import { STREAM_DOES_NOT_EXIST } from "@event-driven-io/emmett"
import type { EventStore } from "@gridcase/core"
import { Effect } from "effect"
import { v7 } from "uuid"
import type { Job, Metrics } from "../job.ts"
import { countingBusyRetries, openEmmettStore } from "../subjects/emmett.ts"
import { openOurStore } from "../subjects/ours.ts"
import { openRawPostgres } from "../subjects/raw-postgres.ts"
import { openRawSqlite } from "../subjects/raw-sqlite.ts"
import { numberParam, repeatRuns } from "../support/runs.ts"
import { perSecond } from "../support/timing.ts"

/** Appends per stream before a caller moves on to a new one: streams stay short, as case streams do. */
const APPENDS_PER_STREAM = 10

/** A progress note (处置进展) as the command handler would store it, with fresh ids. */
const progressNotes = (count: number, at: number): Array<EventStore.NewEvent> =>
  Array.from({ length: count }, () => {
    const commandId = v7()
    return {
      type: "ProgressNoted",
      data: {
        caseId: "c-append",
        at,
        by: "worker-17",
        note: "Visited unit 502; the leak is traced to a pipe.",
      },
      metadata: {
        eventId: v7(),
        schemaVersion: 1,
        recordedAt: at,
        commandId,
        correlationId: commandId,
        actor: "worker-17",
      },
    }
  })

/** Appends `batch` events per call to the next revision of a stream the caller owns. */
type Appender = (
  streamId: string,
  nextRevision: number,
  events: ReadonlyArray<EventStore.NewEvent>,
) => Promise<void>

/**
 * `callers` concurrent callers appending `batch` events per call until the run's time is up;
 * each caller writes its own streams with exact expected versions. Events per second.
 */
const drive = async (
  seconds: number,
  callers: number,
  batch: number,
  append: Appender,
  tag: string,
): Promise<Metrics> => {
  let appended = 0
  let streams = 0
  const started = performance.now()
  const until = started + seconds * 1000
  const caller = async () => {
    while (performance.now() < until) {
      const streamId = `${tag}-${streams++}`
      for (let call = 0; call < APPENDS_PER_STREAM && performance.now() < until; call++) {
        await append(streamId, call * batch + 1, progressNotes(batch, Date.now()))
        appended += batch
      }
    }
  }
  await Promise.all(Array.from({ length: callers }, caller))
  return { rate: perSecond(appended, performance.now() - started) }
}

/**
 * Appending events (追加): gridcase's `append` (expected version checked, event ids checked for
 * idempotency, group commit on SQLite); Emmett's `appendToStream` with the expected stream
 * version; the ceiling inserts the same rows with the bare driver, one transaction per call.
 * `callers` appends are in flight at once; each carries `batch` events.
 */
export const appendEvents = async (job: Job): Promise<Array<Metrics>> => {
  const callers = numberParam(job, "callers")
  const batch = numberParam(job, "batch")
  const tag = `${job.impl}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`
  let runs = 0
  const timedAppends = (append: Appender) => (seconds: number) =>
    drive(seconds, callers, batch, append, `${tag}-${runs++}`)
  const measure = (append: Appender) => repeatRuns(job, timedAppends(append))
  switch (job.impl) {
    case "ours": {
      const opened = await openOurStore(job.store)
      try {
        return await measure(async (streamId, nextRevision, events) => {
          await Effect.runPromise(
            opened.store.append(streamId, events, nextRevision === 1 ? "noStream" : nextRevision - 1),
          )
        })
      } finally {
        await opened.close()
      }
    }
    case "emmett": {
      const opened = await openEmmettStore(job.store)
      try {
        const appends = timedAppends(async (streamId, nextRevision, events) => {
          await opened.store.appendToStream(
            streamId,
            events.map(({ type, data, metadata }) => ({
              type,
              data: data as Record<string, unknown>,
              metadata: { ...metadata },
            })),
            { expectedStreamVersion: nextRevision === 1 ? STREAM_DOES_NOT_EXIST : BigInt(nextRevision - 1) },
          )
        })
        return await repeatRuns(job, countingBusyRetries(opened, appends))
      } finally {
        await opened.close()
      }
    }
    case "ceiling": {
      if (job.store === "sqlite") {
        const raw = openRawSqlite()
        try {
          return await measure(async (streamId, nextRevision, events) =>
            raw.insertInTransaction(streamId, nextRevision, events),
          )
        } finally {
          raw.close()
        }
      }
      const raw = await openRawPostgres(callers)
      try {
        return await measure((streamId, nextRevision, events) => raw.insert(streamId, nextRevision, events))
      } finally {
        await raw.close()
      }
    }
  }
}
