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

/** A store's client and namespace, passed to the functions below. */
interface Esdb {
  readonly client: EsdbClient
  /** Prepended to every stream id in the database (see `EsdbStoreOptions.namespace`). */
  readonly namespace: string
}

const classify = (esdb: Esdb, error: unknown): ClientFailure => classifyClientError(esdb.client.name, error)

const toUnavailable = (esdb: Esdb, failure: ClientFailure): EventStore.StoreUnavailable =>
  failure._tag === "Failed"
    ? failure.error
    : new EventStore.StoreUnavailable({ message: `${esdb.client.name}: unexpected ${failure._tag} reply` })

/** Runs one read to its end: every event it yields, or the client's failure. */
const collect = (esdb: Esdb, read: () => AsyncIterable<LogResolvedEvent>) =>
  Effect.tryPromise({
    try: async () => {
      const events: Array<LogRecordedEvent> = []
      for await (const resolved of read()) if (resolved.event !== undefined) events.push(resolved.event)
      return events
    },
    catch: (error) => classify(esdb, error),
  })

/** Turns the server's events into the port's (throwing `StoreUnavailable` for one it cannot read). */
const decode = (esdb: Esdb, events: ReadonlyArray<LogRecordedEvent>) =>
  Effect.try({
    try: () => events.map((event) => fromLogEvent(event, event.streamId.slice(esdb.namespace.length))),
    catch: (error) => toUnavailable(esdb, classify(esdb, error)),
  })

const readFrom = (
  esdb: Esdb,
  streamId: string,
  fromRevision: "start" | "end" | bigint,
  direction: "forwards" | "backwards",
  maxCount: number,
): Effect.Effect<ReadonlyArray<EventStore.RecordedEvent>, EventStore.StoreUnavailable> =>
  collect(esdb, () =>
    esdb.client.readStream(esdb.namespace + streamId, { fromRevision, direction, maxCount }),
  ).pipe(
    Effect.catchIf(
      (failure) => failure._tag === "StreamNotFound",
      () => Effect.succeed([]),
    ),
    Effect.mapError((failure) => toUnavailable(esdb, failure)),
    Effect.flatMap((events) => decode(esdb, events)),
  )

const readStream = (
  esdb: Esdb,
  streamId: string,
  options: EventStore.ReadStreamOptions = {},
): Effect.Effect<ReadonlyArray<EventStore.RecordedEvent>, EventStore.StoreUnavailable> => {
  const maxCount = Math.floor(options.maxCount ?? LARGEST_REVISION)
  // Written as `!(… >= …)` so that NaN, which no comparison holds for, reads nothing.
  if (!(maxCount >= 1)) return Effect.succeed([])
  if (options.direction !== "backwards") {
    const from = Math.min(Math.ceil(options.fromRevision ?? 1), LARGEST_REVISION)
    return readFrom(esdb, streamId, from > 1 ? revisionToLog(from) : "start", "forwards", maxCount)
  }
  if (options.fromRevision === undefined) return readFrom(esdb, streamId, "end", "backwards", maxCount)
  const from = Math.min(Math.floor(options.fromRevision), LARGEST_REVISION)
  if (!(from >= 1)) return Effect.succeed([])
  // A backwards read from past the stream's end starts at its last event in the port, but
  // the server reads only the revisions in [from - maxCount + 1, from]: when the first event
  // is not `from` itself, read again from the end.
  return readFrom(esdb, streamId, revisionToLog(from), "backwards", maxCount).pipe(
    Effect.flatMap((events) =>
      events[0]?.revision === from
        ? Effect.succeed(events)
        : readFrom(esdb, streamId, "end", "backwards", maxCount).pipe(
            Effect.map((fromEnd) => fromEnd.filter((event) => event.revision <= from)),
          ),
    ),
  )
}

/** The stream's version and the position of its last event (both 0 for an empty stream). */
const tipOf = (esdb: Esdb, streamId: string) =>
  readStream(esdb, streamId, { direction: "backwards", maxCount: 1 }).pipe(
    Effect.map(
      ([last]): EventStore.AppendResult => ({
        nextExpectedVersion: last?.revision ?? 0,
        lastPosition: last?.position ?? 0,
      }),
    ),
  )

/**
 * An append with nothing to write, or whose expected version no stream can have (`possible`
 * false, a conflict whatever the tip): the stream's tip answers.
 */
const answerFromTip = (
  esdb: Esdb,
  streamId: string,
  expected: EventStore.ExpectedVersion,
  possible: boolean,
): Effect.Effect<EventStore.AppendResult, EventStore.AppendError> =>
  Effect.flatMap(tipOf(esdb, streamId), (tip) =>
    possible && EventStore.satisfies(expected, tip.nextExpectedVersion)
      ? Effect.succeed(tip)
      : Effect.fail(
          new EventStore.WrongExpectedVersion({ streamId, expected, actual: tip.nextExpectedVersion }),
        ),
  )

/**
 * What the server's refusal of an append meant: a conflict is told from an idempotent retry
 * by probing the revision the append's first event would hold (see `explainConflict`).
 */
const explainRefusal = (
  esdb: Esdb,
  streamId: string,
  expected: EventStore.ExpectedVersion,
  firstEventId: string,
  failure: ClientFailure,
) =>
  Effect.gen(function* () {
    if (failure._tag !== "Conflict") return yield* toUnavailable(esdb, failure)
    const probe = revisionToProbe(expected, failure.actual)
    const [probed] =
      probe === undefined ? [] : yield* readStream(esdb, streamId, { fromRevision: probe, maxCount: 1 })
    return yield* explainConflict(streamId, expected, failure.actual, firstEventId, probed?.metadata.eventId)
  })

/**
 * The result of an append the server took. The reply's position is the commit record's, and a
 * retried append's reply does not carry the original's: the last event itself, read back, has
 * the exact position.
 */
const readBackResult = (esdb: Esdb, streamId: string, nextExpectedRevision: bigint) =>
  Effect.gen(function* () {
    const version = yield* Effect.try({
      try: () => revisionFromLog(nextExpectedRevision),
      catch: (error) => toUnavailable(esdb, classify(esdb, error)),
    })
    const [last] = yield* readStream(esdb, streamId, { fromRevision: version, maxCount: 1 })
    if (last === undefined) {
      return yield* new EventStore.StoreUnavailable({
        message: `${esdb.client.name}: appended to ${streamId} up to revision ${version}, which then did not read back`,
      })
    }
    return { nextExpectedVersion: version, lastPosition: last.position }
  })

const append = (
  esdb: Esdb,
  streamId: string,
  events: ReadonlyArray<EventStore.NewEvent>,
  expected: EventStore.ExpectedVersion,
) =>
  Effect.gen(function* () {
    const eventIds = events.map((event) => event.metadata.eventId)
    const repeated = classifyAppend(streamId, eventIds, () => undefined)
    if (Result.isFailure(repeated)) return yield* repeated.failure
    const notUuid = eventIds.find((eventId) => !isUuid(eventId))
    if (notUuid !== undefined) {
      return yield* new EventStore.StoreUnavailable({
        message: `${esdb.client.name}: event id "${notUuid}" is not a UUID, which the server requires`,
      })
    }
    const expectedRevision = expectedRevisionFor(expected)
    if (expectedRevision === undefined || events.length === 0) {
      return yield* answerFromTip(esdb, streamId, expected, expectedRevision !== undefined)
    }
    const appended = yield* Effect.result(
      Effect.tryPromise({
        try: () =>
          esdb.client.appendToStream(esdb.namespace + streamId, events.map(toEventData), expectedRevision),
        catch: (error) => classify(esdb, error),
      }),
    )
    if (Result.isFailure(appended)) {
      return yield* explainRefusal(esdb, streamId, expected, eventIds[0]!, appended.failure)
    }
    return yield* readBackResult(esdb, streamId, appended.success.nextExpectedRevision)
  })

const readAll = (esdb: Esdb, options: EventStore.ReadAllOptions) =>
  Effect.gen(function* () {
    const after = options.after ?? 0
    const maxCount = Math.floor(Math.max(0, options.maxCount ?? DEFAULT_PAGE_SIZE))
    const plan = planFilter(esdb.namespace, options)
    // Each read of `$all` starts at the last event seen, which it repeats: one more than a page.
    const chunk = Math.min(maxCount, DEFAULT_PAGE_SIZE) + 1
    const found: Array<EventStore.RecordedEvent> = []
    // The last position read: the next read starts there, and the server repeats it.
    let from: LogReadPosition = checkpointToLog(after)
    while (found.length < maxCount) {
      const events = yield* collect(esdb, () =>
        esdb.client.readAll({ fromPosition: from, maxCount: chunk, filter: plan.server }),
      ).pipe(Effect.mapError((failure) => toUnavailable(esdb, failure)))
      const fresh: Array<LogRecordedEvent> = []
      for (const event of events) {
        if (event.position === undefined) {
          return yield* new EventStore.StoreUnavailable({
            message: `${esdb.client.name}: an event of $all has no position`,
          })
        }
        if (from !== "start" && !isAfter(event.position, from)) continue
        from = event.position
        if (plan.matches(event.streamId, event.type)) fresh.push(event)
      }
      found.push(...(yield* decode(esdb, fresh)))
      if (events.length < chunk) break
    }
    return found.slice(0, maxCount)
  })

const subscribe = (
  esdb: Esdb,
  options: EventStore.SubscribeOptions,
  resubscribe: Schedule.Schedule<unknown> | undefined,
) => {
  const plan = planFilter(esdb.namespace, options)
  const dropOrFail = (error: unknown): SubscriptionDropped | EventStore.StoreUnavailable => {
    const failure = classify(esdb, error)
    return failure._tag === "Failed" && failure.transient
      ? new SubscriptionDropped({ reason: failure.error.message, cause: error })
      : toUnavailable(esdb, failure)
  }
  const deliverable = (resolved: LogResolvedEvent) =>
    resolved.event !== undefined && plan.matches(resolved.event.streamId, resolved.event.type)
      ? decode(esdb, [resolved.event])
      : Effect.succeed([])
  return resubscribing(
    options.after ?? 0,
    (after) =>
      Stream.unwrap(
        Effect.acquireRelease(
          Effect.try({
            try: () =>
              esdb.client.subscribeToAll({ fromPosition: checkpointToLog(after), filter: plan.server }),
            catch: dropOrFail,
          }),
          (subscription) => Effect.promise(() => subscription.unsubscribe()),
        ).pipe(Effect.map((subscription) => Stream.fromAsyncIterable(subscription, dropOrFail))),
      ).pipe(Stream.mapEffect(deliverable), Stream.flatMap(Stream.fromIterable)),
    resubscribe,
  )
}

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
  const esdb: Esdb = { client, namespace }
  return Effect.succeed({
    readStream: (streamId, options) => readStream(esdb, streamId, options),
    append: (streamId, events, expected) => append(esdb, streamId, events, expected),
    readAll: (options = {}) => readAll(esdb, options),
    subscribe: (options = {}) => subscribe(esdb, options, config.resubscribe),
  })
}
