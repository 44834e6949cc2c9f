import { EventStore } from "@gridcase/core"
import { Effect, Result, type Schedule, Stream } from "effect"
import { classifyAppend } from "../shared/idempotency.ts"
import { DEFAULT_PAGE_SIZE } from "../shared/tail.ts"
import { type ClientFailure, classifyClientError } from "./client-errors.ts"
import { explainConflict, revisionToProbe } from "./conflicts.ts"
import type { EsdbClient, LogReadPosition, LogRecordedEvent, LogResolvedEvent } from "./esdb-client.ts"
import { fromLogEvent, isUuid, toEventData } from "./event-data.ts"
import { expectedRevisionFor } from "./expected-revision.ts"
import { planFilter } from "./filters.ts"
import { checkpointToLog, isAfter, revisionFromLog, revisionToLog } from "./numbering.ts"
import { resubscribing, SubscriptionDropped } from "./resubscribe.ts"

/** Options shared by the EventStoreDB and KurrentDB stores. */
export interface EsdbStoreOptions {
  /**
   * Prepended to every stream id in the database and removed on read: the store reads and
   * subscribes to its own streams only, so several stores (or test runs) can share one
   * database. Must not start with `$` (the server's system streams). Defaults to `""`: every
   * stream of the database except the system ones.
   */
  readonly namespace?: string
  /**
   * Pacing of resubscriptions after a subscription drops (the wait starts over once events
   * flow again). Defaults to 100 ms doubling up to 5 s, jittered, without end.
   */
  readonly resubscribe?: Schedule.Schedule<unknown>
}

const LARGEST_REVISION = Number.MAX_SAFE_INTEGER

/**
 * The event store (事件存储) over an EventStoreDB-family client: the port's numbering,
 * expected versions, errors, filters and metadata mapped onto the server's, one call or
 * stream of calls per operation. Fails with `StoreUnavailable` for a namespace starting with `$`.
 */
export const makeEsdbEventStore = (
  client: EsdbClient,
  config: EsdbStoreOptions = {},
): Effect.Effect<EventStore.Shape, EventStore.StoreUnavailable> => {
  const namespace = config.namespace ?? ""
  if (namespace.startsWith("$")) {
    return Effect.fail(
      new EventStore.StoreUnavailable({
        message: `${client.name}: namespace "${namespace}" starts with $, which the server reserves for its system streams`,
      }),
    )
  }

  const classify = (error: unknown): ClientFailure => classifyClientError(client.name, error)
  const toUnavailable = (failure: ClientFailure): EventStore.StoreUnavailable =>
    failure._tag === "Failed"
      ? failure.error
      : new EventStore.StoreUnavailable({ message: `${client.name}: unexpected ${failure._tag} reply` })

  /** Runs one read to its end: every event it yields, or the client's failure. */
  const collect = (read: () => AsyncIterable<LogResolvedEvent>) =>
    Effect.tryPromise({
      try: async () => {
        const events: Array<LogRecordedEvent> = []
        for await (const resolved of read()) if (resolved.event !== undefined) events.push(resolved.event)
        return events
      },
      catch: classify,
    })

  /** Turns the server's events into the port's (throwing `StoreUnavailable` for one it cannot read). */
  const decode = (events: ReadonlyArray<LogRecordedEvent>) =>
    Effect.try({
      try: () => events.map((event) => fromLogEvent(event, event.streamId.slice(namespace.length))),
      catch: (error) => toUnavailable(classify(error)),
    })

  const readFrom = (
    streamId: string,
    fromRevision: "start" | "end" | bigint,
    direction: "forwards" | "backwards",
    maxCount: number,
  ): Effect.Effect<ReadonlyArray<EventStore.RecordedEvent>, EventStore.StoreUnavailable> =>
    collect(() => client.readStream(namespace + streamId, { fromRevision, direction, maxCount })).pipe(
      Effect.catchIf(
        (failure) => failure._tag === "StreamNotFound",
        () => Effect.succeed([]),
      ),
      Effect.mapError(toUnavailable),
      Effect.flatMap(decode),
    )

  const readStream = (
    streamId: string,
    options: EventStore.ReadStreamOptions = {},
  ): Effect.Effect<ReadonlyArray<EventStore.RecordedEvent>, EventStore.StoreUnavailable> => {
    const maxCount = Math.floor(options.maxCount ?? LARGEST_REVISION)
    // Written as `!(… >= …)` so that NaN, which no comparison holds for, reads nothing.
    if (!(maxCount >= 1)) return Effect.succeed([])
    if (options.direction !== "backwards") {
      const from = Math.min(Math.ceil(options.fromRevision ?? 1), LARGEST_REVISION)
      return readFrom(streamId, from > 1 ? revisionToLog(from) : "start", "forwards", maxCount)
    }
    if (options.fromRevision === undefined) return readFrom(streamId, "end", "backwards", maxCount)
    const from = Math.min(Math.floor(options.fromRevision), LARGEST_REVISION)
    if (!(from >= 1)) return Effect.succeed([])
    // A backwards read from past the stream's end starts at its last event in the port, but
    // the server reads only the revisions in [from - maxCount + 1, from]: when the first event
    // is not `from` itself, read again from the end.
    return readFrom(streamId, revisionToLog(from), "backwards", maxCount).pipe(
      Effect.flatMap((events) =>
        events[0]?.revision === from
          ? Effect.succeed(events)
          : readFrom(streamId, "end", "backwards", maxCount).pipe(
              Effect.map((fromEnd) => fromEnd.filter((event) => event.revision <= from)),
            ),
      ),
    )
  }

  /** The stream's version and the position of its last event (both 0 for an empty stream). */
  const tipOf = (streamId: string) =>
    readStream(streamId, { direction: "backwards", maxCount: 1 }).pipe(
      Effect.map(
        ([last]): EventStore.AppendResult => ({
          nextExpectedVersion: last?.revision ?? 0,
          lastPosition: last?.position ?? 0,
        }),
      ),
    )

  const store: EventStore.Shape = {
    readStream,

    append: (streamId, events, expected) =>
      Effect.gen(function* () {
        const eventIds = events.map((event) => event.metadata.eventId)
        const repeated = classifyAppend(streamId, eventIds, () => undefined)
        if (Result.isFailure(repeated)) return yield* repeated.failure
        const notUuid = eventIds.find((eventId) => !isUuid(eventId))
        if (notUuid !== undefined) {
          return yield* new EventStore.StoreUnavailable({
            message: `${client.name}: event id "${notUuid}" is not a UUID, which the server requires`,
          })
        }
        const expectedRevision = expectedRevisionFor(expected)
        if (expectedRevision === undefined || events.length === 0) {
          // Nothing to write (or a version no stream can have): the stream's tip answers.
          const tip = yield* tipOf(streamId)
          if (expectedRevision !== undefined && EventStore.satisfies(expected, tip.nextExpectedVersion))
            return tip
          return yield* new EventStore.WrongExpectedVersion({
            streamId,
            expected,
            actual: tip.nextExpectedVersion,
          })
        }
        const appended = yield* Effect.result(
          Effect.tryPromise({
            try: () => client.appendToStream(namespace + streamId, events.map(toEventData), expectedRevision),
            catch: classify,
          }),
        )
        if (Result.isFailure(appended)) {
          const failure = appended.failure
          if (failure._tag !== "Conflict") return yield* toUnavailable(failure)
          const probe = revisionToProbe(expected, failure.actual)
          const [probed] =
            probe === undefined ? [] : yield* readStream(streamId, { fromRevision: probe, maxCount: 1 })
          return yield* explainConflict(
            streamId,
            expected,
            failure.actual,
            eventIds[0]!,
            probed?.metadata.eventId,
          )
        }
        // The reply's position is the commit record's, and a retried append's reply does not
        // carry the original's: the last event itself, read back, has the exact position.
        const version = yield* Effect.try({
          try: () => revisionFromLog(appended.success.nextExpectedRevision),
          catch: (error) => toUnavailable(classify(error)),
        })
        const [last] = yield* readStream(streamId, { fromRevision: version, maxCount: 1 })
        if (last === undefined) {
          return yield* new EventStore.StoreUnavailable({
            message: `${client.name}: appended to ${streamId} up to revision ${version}, which then did not read back`,
          })
        }
        return { nextExpectedVersion: version, lastPosition: last.position }
      }),

    readAll: (options = {}) =>
      Effect.gen(function* () {
        const after = options.after ?? 0
        const maxCount = Math.floor(Math.max(0, options.maxCount ?? DEFAULT_PAGE_SIZE))
        const plan = planFilter(namespace, options)
        // Each read of `$all` starts at the last event seen, which it repeats: one more than a page.
        const chunk = Math.min(maxCount, DEFAULT_PAGE_SIZE) + 1
        const found: Array<EventStore.RecordedEvent> = []
        // The last position read: the next read starts there, and the server repeats it.
        let from: LogReadPosition = checkpointToLog(after)
        while (found.length < maxCount) {
          const events = yield* collect(() =>
            client.readAll({ fromPosition: from, maxCount: chunk, filter: plan.server }),
          ).pipe(Effect.mapError(toUnavailable))
          const fresh: Array<LogRecordedEvent> = []
          for (const event of events) {
            if (event.position === undefined) {
              return yield* new EventStore.StoreUnavailable({
                message: `${client.name}: an event of $all has no position`,
              })
            }
            if (from !== "start" && !isAfter(event.position, from)) continue
            from = event.position
            if (plan.matches(event.streamId, event.type)) fresh.push(event)
          }
          found.push(...(yield* decode(fresh)))
          if (events.length < chunk) break
        }
        return found.slice(0, maxCount)
      }),

    subscribe: (options = {}) => {
      const plan = planFilter(namespace, options)
      const dropOrFail = (error: unknown): SubscriptionDropped | EventStore.StoreUnavailable => {
        const failure = classify(error)
        return failure._tag === "Failed" && failure.transient
          ? new SubscriptionDropped({ reason: failure.error.message, cause: error })
          : toUnavailable(failure)
      }
      const deliverable = (resolved: LogResolvedEvent) =>
        resolved.event !== undefined && plan.matches(resolved.event.streamId, resolved.event.type)
          ? decode([resolved.event])
          : Effect.succeed([])
      return resubscribing(
        options.after ?? 0,
        (after) =>
          Stream.unwrap(
            Effect.acquireRelease(
              Effect.try({
                try: () =>
                  client.subscribeToAll({ fromPosition: checkpointToLog(after), filter: plan.server }),
                catch: dropOrFail,
              }),
              (subscription) => Effect.promise(() => subscription.unsubscribe()),
            ).pipe(Effect.map((subscription) => Stream.fromAsyncIterable(subscription, dropOrFail))),
          ).pipe(Stream.mapEffect(deliverable), Stream.flatMap(Stream.fromIterable)),
        config.resubscribe,
      )
    },
  }
  return Effect.succeed(store)
}
