import { makePostgresEventStore } from "@gridcase/adapters/postgres"
import { newEvents } from "@gridcase/adapters/testing"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { POSTGRES_URL, randomSchema, testPool } from "./support/postgres.ts"

const pool = testPool()

const dropAfter = (schema: string) =>
  Effect.addFinalizer(() => Effect.promise(() => pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)))

describe("postgres schema and connection", () => {
  it("migrates once, keeps events across reopen, and accepts a connection string", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const schema = randomSchema()
          yield* dropAfter(schema)
          yield* Effect.scoped(
            Effect.flatMap(makePostgresEventStore({ connection: pool, schema }), (store) =>
              store.append("case-1", newEvents(2), "noStream"),
            ),
          )
          const read = yield* Effect.scoped(
            Effect.flatMap(makePostgresEventStore({ connection: POSTGRES_URL, schema }), (store) =>
              store.readStream("case-1"),
            ),
          )
          expect(read.map((event) => event.revision)).toEqual([1, 2])
          const { rows } = yield* Effect.promise(() =>
            pool.query(`SELECT version FROM "${schema}".schema_version`),
          )
          expect(rows).toEqual([{ version: 2 }])
        }),
      ),
    ))

  it("notifies other processes after commit, not from inside append_events", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const schema = randomSchema()
          yield* dropAfter(schema)
          const store = yield* makePostgresEventStore({ connection: pool, schema })
          const { rows } = yield* Effect.promise(() =>
            pool.query<{ source: string }>(
              `SELECT p.prosrc AS source FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = $1 AND p.proname = 'append_events'`,
              [schema],
            ),
          )
          expect(rows).toHaveLength(1)
          expect(rows[0]!.source).not.toContain("pg_notify")
          const other = yield* Effect.acquireRelease(
            Effect.promise(() => pool.connect()),
            (client) => Effect.sync(() => client.release()),
          )
          const notified = new Promise<string>((resolve) =>
            other.on("notification", (message) => resolve(message.channel)),
          )
          yield* Effect.promise(() => other.query(`LISTEN ${schema}_events`))
          yield* store.append("case-1", newEvents(1), "noStream")
          expect(yield* Effect.promise(() => notified)).toBe(`${schema}_events`)
          yield* Effect.promise(() => other.query(`UNLISTEN ${schema}_events`))
        }),
      ),
    ))

  it("refuses a schema written by newer code", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const schema = randomSchema()
          yield* dropAfter(schema)
          yield* Effect.scoped(makePostgresEventStore({ connection: pool, schema }))
          yield* Effect.promise(() => pool.query(`UPDATE "${schema}".schema_version SET version = 42`))
          const failure = yield* Effect.flip(
            Effect.scoped(makePostgresEventStore({ connection: pool, schema })),
          )
          expect(failure.message).toContain("schema version 42 is newer")
        }),
      ),
    ))

  it("rejects a schema name that is not a plain identifier, creating nothing", async () => {
    const failure = await Effect.runPromise(
      Effect.flip(
        Effect.scoped(makePostgresEventStore({ connection: pool, schema: 'x"; DROP TABLE y; --' })),
      ),
    )
    expect(failure).toMatchObject({
      _tag: "StoreUnavailable",
      message: expect.stringContaining("invalid schema name"),
    })
  })
})
