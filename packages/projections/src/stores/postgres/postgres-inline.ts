import { EventStore } from "@gridcase/core"
import { Effect } from "effect"
import type pg from "pg"
import { ReadModelStoreUnavailable } from "../../projection/errors.ts"
import type { Projection } from "../../projection/projection.ts"
import { foldWhole } from "../../runner/fold.ts"
import { catchUpInline } from "../inline-catch-up.ts"
import { postgresReadModelsOver, quotedSchema } from "./postgres-read-model-store.ts"
import { migrate } from "./schema.ts"

/** The hook `makePostgresEventStore`'s `inline` option takes (`PostgresInlineProjection` in `@gridcase/adapters/postgres`). */
export interface PostgresInlineHook {
  readonly name: string
  readonly attach: (
    client: pg.PoolClient,
    read: (options: EventStore.ReadAllOptions) => Promise<ReadonlyArray<EventStore.RecordedEvent>>,
  ) => Promise<void>
  readonly apply: (client: pg.PoolClient, events: ReadonlyArray<EventStore.RecordedEvent>) => Promise<void>
}

/** How inline projections run in a PostgreSQL event store's append transaction: which projections, in which schema. */
export interface PostgresInlineOptions {
  readonly projections: ReadonlyArray<Projection>
  /** Schema of the read-model tables, as for `makePostgresReadModelStore`; the event store's (`gridcase`) by default. */
  readonly schema?: string
}

/**
 * Inline projections on PostgreSQL (内联投影): read models written in the same transaction as
 * each append, for the views that must never lag — a query made after an append returns sees
 * it. Pass them to `makePostgresEventStore({ connection, inline })` and read them with a
 * `PostgresReadModelStore` on the same schema.
 *
 * When the store opens, with appends locked out, each projection is brought up to date: a new
 * one, or one at another `version`, is reset and rebuilt from the whole history. Then every
 * append folds its own events in its transaction, after locking the projection's checkpoint
 * row, so concurrent appends fold one after the other and never lose a document update; the
 * checkpoint keeps the highest position folded. A projection that cannot fold an event (an
 * undecodable event, a throwing handler), or that a newer process has moved to another
 * version, fails the append, which then stores nothing. So handlers must be total, and an
 * inline projection must not also run in a projection runner.
 */
export const postgresInlineProjections = (
  options: PostgresInlineOptions,
): ReadonlyArray<PostgresInlineHook> => {
  const schemaName = options.schema ?? "gridcase"
  const schema = quotedSchema(schemaName)
  const over = (client: pg.PoolClient) => postgresReadModelsOver({ _tag: "transaction", client }, schemaName)
  return options.projections.map((projection) => ({
    name: projection.name,
    attach: async (client, read) => {
      await migrate(client, schema, true)
      await Effect.runPromise(
        catchUpInline(projection, over(client).store, (readOptions) =>
          Effect.tryPromise({
            try: () => read(readOptions),
            catch: (cause) =>
              new EventStore.StoreUnavailable({
                message: `postgres: ${cause instanceof Error ? cause.message : String(cause)}`,
                cause,
              }),
          }),
        ),
      )
    },
    apply: (client, events) =>
      Effect.runPromise(
        Effect.gen(function* () {
          const { store, lockCheckpoint } = over(client)
          const checkpoint = yield* lockCheckpoint(projection.name)
          if (checkpoint?.version !== projection.version) {
            return yield* new ReadModelStoreUnavailable({
              message: `the store holds version ${checkpoint?.version ?? "none"} of ${projection.name}, this process folds version ${projection.version}: open the event store with it to rebuild`,
            })
          }
          const writes = yield* foldWhole(projection, store, events)
          const position = events.reduce(
            (highest, event) => Math.max(highest, event.position),
            checkpoint.position,
          )
          yield* store.commit({ projection: projection.name, expected: checkpoint, position, writes })
        }),
      ),
  }))
}
