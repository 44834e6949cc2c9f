import { EventStore } from "@gridcase/core"
import { Effect, Result } from "effect"
import type pg from "pg"
import { classifyAppend, type StoredEventId } from "../shared/idempotency.ts"
import type { AppendStatements } from "./append-statements.ts"
import { inlineFailed, type PostgresInlineProjection } from "./inline.ts"
import { TRANSACTION_BITS } from "./schema.ts"
import { statementName } from "./statement-name.ts"
import { inTransaction } from "./transaction.ts"

/** How often an append runs again after losing a race it could still win (`any`, `exists`). */
const MAX_RACES = 100

/** The most events one append may carry: the positions of one transaction have 20 bits. */
export const MAX_EVENTS = 2 ** TRANSACTION_BITS - 1

/** One inserted event (bigints come back as strings). */
interface InsertedRow {
  readonly revision: string
  readonly position: string
}

interface LookupRow {
  readonly version: string
  readonly found: ReadonlyArray<
    readonly [eventId: string, streamId: string, revision: number, position: number]
  > | null
}

/** An append as the port defines it. */
export type PostgresAppend = (
  streamId: string,
  events: ReadonlyArray<EventStore.NewEvent>,
  expected: EventStore.ExpectedVersion,
) => Effect.Effect<EventStore.AppendResult, EventStore.AppendError>

export interface PostgresAppendConfig {
  readonly pool: pg.Pool
  /** Prefix of the prepared statements' names, unique per schema. */
  readonly statementName: string
  readonly statements: AppendStatements
  readonly inline: ReadonlyArray<PostgresInlineProjection>
  /** Wraps a driver error as the port's error. */
  readonly unavailable: (cause: unknown) => EventStore.StoreUnavailable
  /** Called after an append committed events. */
  readonly announce: () => void
}

/** Raised inside an inline transaction to roll it back when the insert was refused. */
const REFUSED = Symbol("refused")

/** An event as the append statements read it from their JSON parameter: `data` never absent. */
export const toStoredJson = ({ type, data, metadata }: EventStore.NewEvent) => ({
  type,
  data: data ?? null,
  metadata,
})

/** The expected version as the append statements take it: its kind, and the number for `exact`. */
export const expectedParameters = (
  expected: EventStore.ExpectedVersion,
): readonly [kind: string, exact: number | null] =>
  typeof expected === "number" ? ["exact", expected] : [expected, null]

/** A unique violation on the events table: a racing writer took the revision, or an id is stored. */
export const isEventsUniqueViolation = (error: unknown): boolean => {
  const { code, table } = error as { code?: unknown; table?: unknown }
  return code === "23505" && table === "events"
}

/** A named (prepared) statement of the store's schema. */
const named = (config: PostgresAppendConfig, name: string, text: string, values: Array<unknown>) => ({
  name: statementName(config.statementName, name),
  text,
  values,
})

/** The insert on `runner`: the result of the append, or `undefined` when it inserted nothing or a unique index refused it. */
const insert = (
  config: PostgresAppendConfig,
  runner: pg.Pool | pg.PoolClient,
  values: Array<unknown>,
): Promise<EventStore.AppendResult | undefined> =>
  runner.query<InsertedRow>(named(config, "insert", config.statements.insert, values)).then(
    ({ rows }) => {
      const last = rows.at(-1)
      return last === undefined
        ? undefined
        : { nextExpectedVersion: Number(last.revision), lastPosition: Number(last.position) }
    },
    (error: unknown) => {
      if (isEventsUniqueViolation(error)) return undefined
      throw error
    },
  )

/**
 * The insert and every inline projection's fold of its events, in one transaction. The
 * appended events are rebuilt from the batch and the insert's result: positions and
 * revisions of one append are consecutive, ending at `last_position` and `version`.
 */
const insertWithInline = (
  config: PostgresAppendConfig,
  streamId: string,
  events: ReadonlyArray<EventStore.NewEvent>,
  values: Array<unknown>,
) =>
  inTransaction(config.pool, async (client) => {
    const result = await insert(config, client, values)
    if (result === undefined) throw REFUSED
    const { nextExpectedVersion: version, lastPosition } = result
    const appended = events.map(
      (event, index): EventStore.RecordedEvent => ({
        ...toStoredJson(event),
        streamId,
        revision: version - events.length + index + 1,
        position: lastPosition - events.length + index + 1,
      }),
    )
    for (const projection of config.inline) {
      await projection.apply(client, appended).catch((error: unknown) => {
        throw inlineFailed(projection, error)
      })
    }
    return result
  }).catch((error: unknown) => {
    if (error === REFUSED) return undefined
    throw error
  })

const tryInsert = (
  config: PostgresAppendConfig,
  streamId: string,
  events: ReadonlyArray<EventStore.NewEvent>,
  values: Array<unknown>,
) =>
  Effect.tryPromise({
    try: () =>
      config.inline.length === 0
        ? insert(config, config.pool, values)
        : insertWithInline(config, streamId, events, values),
    catch: config.unavailable,
  })

const lookup = (config: PostgresAppendConfig, streamId: string, eventIds: ReadonlyArray<string>) =>
  Effect.tryPromise({
    try: () =>
      config.pool.query<LookupRow>(named(config, "lookup", config.statements.lookup, [streamId, eventIds])),
    catch: config.unavailable,
  }).pipe(Effect.map((result) => result.rows[0]!))

/** An empty append writes nothing: it only checks the expected version and reports the stream's head. */
const appendNothing = (
  config: PostgresAppendConfig,
  streamId: string,
  expected: EventStore.ExpectedVersion,
) =>
  Effect.tryPromise({
    try: () =>
      config.pool.query<{ revision: string; position: string }>(
        named(config, "head", config.statements.head, [streamId]),
      ),
    catch: config.unavailable,
  }).pipe(
    Effect.flatMap(({ rows }): Effect.Effect<EventStore.AppendResult, EventStore.AppendError> => {
      const version = Number(rows[0]?.revision ?? 0)
      return EventStore.satisfies(expected, version)
        ? Effect.succeed({ nextExpectedVersion: version, lastPosition: Number(rows[0]?.position ?? 0) })
        : Effect.fail(new EventStore.WrongExpectedVersion({ streamId, expected, actual: version }))
    }),
  )

/** What a refused insert meant: a retry of a stored append, a duplicate id, a conflict, or a race to run again. */
const explain = (
  streamId: string,
  eventIds: ReadonlyArray<string>,
  expected: EventStore.ExpectedVersion,
  row: LookupRow,
): Result.Result<EventStore.AppendResult | "again", EventStore.AppendError> => {
  if (row.found !== null) {
    const stored = new Map<string, StoredEventId>(
      row.found.map(([eventId, stream, revision, position]) => [
        eventId,
        { streamId: stream, revision: Number(revision), position: Number(position) },
      ]),
    )
    const retry = classifyAppend(streamId, eventIds, (eventId) => stored.get(eventId))
    if (Result.isFailure(retry) || retry.success !== undefined) {
      return retry as Result.Result<EventStore.AppendResult, EventStore.AppendError>
    }
  }
  const actual = Number(row.version)
  return EventStore.satisfies(expected, actual)
    ? Result.succeed("again")
    : Result.fail(new EventStore.WrongExpectedVersion({ streamId, expected, actual }))
}

/** An append the checks let through, as the port sees it. */
interface Attempt {
  readonly streamId: string
  readonly events: ReadonlyArray<EventStore.NewEvent>
  readonly eventIds: ReadonlyArray<string>
  readonly expected: EventStore.ExpectedVersion
  /** The insert's parameters: stream, expected kind and number, events as JSON. */
  readonly values: Array<unknown>
}

/**
 * Tries the insert; when refused, looks up why and answers, or — having lost a race it can
 * still win (`any`, `exists`) — tries again, at most `MAX_RACES` times.
 */
const insertRacing = (
  config: PostgresAppendConfig,
  attempt: Attempt,
  race: number,
): Effect.Effect<EventStore.AppendResult, EventStore.AppendError> => {
  const { streamId, eventIds, expected } = attempt
  return Effect.flatMap(tryInsert(config, streamId, attempt.events, attempt.values), (appended) => {
    if (appended !== undefined) {
      config.announce()
      return Effect.succeed(appended)
    }
    return Effect.flatMap(lookup(config, streamId, eventIds), (found) => {
      const meaning = explain(streamId, eventIds, expected, found)
      if (Result.isFailure(meaning)) return Effect.fail(meaning.failure)
      if (meaning.success !== "again") return Effect.succeed(meaning.success)
      return race < MAX_RACES
        ? insertRacing(config, attempt, race + 1)
        : Effect.fail(
            new EventStore.StoreUnavailable({
              message: `postgres: append to ${streamId} lost ${MAX_RACES} races in a row to other writers`,
            }),
          )
    })
  })
}

/** Refuses what no insert may carry (too many events, an id twice), then serialises the events and inserts. */
const append = (
  config: PostgresAppendConfig,
  streamId: string,
  events: ReadonlyArray<EventStore.NewEvent>,
  expected: EventStore.ExpectedVersion,
): Effect.Effect<EventStore.AppendResult, EventStore.AppendError> => {
  if (events.length === 0) return appendNothing(config, streamId, expected)
  if (events.length > MAX_EVENTS) {
    return Effect.fail(
      new EventStore.StoreUnavailable({
        message: `postgres: an append may carry at most ${MAX_EVENTS} events`,
      }),
    )
  }
  const eventIds = events.map((event) => event.metadata.eventId)
  const repeated = classifyAppend(streamId, eventIds, () => undefined)
  if (Result.isFailure(repeated)) return Effect.fail(repeated.failure)
  return Effect.try({
    try: () => JSON.stringify(events.map(toStoredJson)),
    catch: config.unavailable,
  }).pipe(
    Effect.flatMap((payload) =>
      insertRacing(
        config,
        {
          streamId,
          events,
          eventIds,
          expected,
          values: [streamId, ...expectedParameters(expected), payload],
        },
        1,
      ),
    ),
  )
}

/**
 * The PostgreSQL store's `append`: one INSERT statement in the common case, a lookup only when
 * it was refused (see `appendStatements`). With inline projections the insert and their folds
 * share a transaction on one connection.
 */
export const makePostgresAppend =
  (config: PostgresAppendConfig): PostgresAppend =>
  (streamId, events, expected) =>
    append(config, streamId, events, expected)
