import { makePostgresEventStore, type PostgresInlineProjection } from "@gridcase/adapters/postgres"
import { newEvents } from "@gridcase/adapters/testing"
import { Effect, Fiber } from "effect"
import { describe, expect, it } from "vitest"
import { migrate } from "../src/postgres/schema.ts"
import { inTransaction } from "../src/postgres/transaction.ts"
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
          expect(rows).toEqual([{ version: 3 }])
        }),
      ),
    ))

  it("appends with one statement, no function or lock row, and notifies other processes after commit", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const schema = randomSchema()
          yield* dropAfter(schema)
          const store = yield* makePostgresEventStore({ connection: pool, schema })
          const { rows } = yield* Effect.promise(() =>
            pool.query<{ name: string }>(
              `SELECT p.proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = $1
               UNION ALL
               SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`,
              [schema],
            ),
          )
          expect(rows.map((row) => row.name)).toEqual(["events", "satisfies", "schema_version"])
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

describe("postgres schema upgrade", () => {
  it("brings a store written at version 2 (function and streams table) to version 3 without losing a version", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const schema = randomSchema()
          yield* dropAfter(schema)
          const written = newEvents(3)
          yield* Effect.promise(async () => {
            await inTransaction(pool, async (client) => {
              await migrate(client, `"${schema}"`, `${schema}_events`, 2)
              await client.query(`SELECT * FROM "${schema}".append_events($1, 'noStream', $2, $3)`, [
                "case-1",
                JSON.stringify(written),
                written.map((event) => event.metadata.eventId),
              ])
            })
          })
          const store = yield* makePostgresEventStore({ connection: pool, schema })
          const conflict = yield* Effect.flip(store.append("case-1", newEvents(1), 2))
          expect(conflict).toMatchObject({ _tag: "WrongExpectedVersion", actual: 3 })
          const retried = yield* store.append("case-1", written, "noStream")
          expect(retried.nextExpectedVersion).toBe(3)
          const next = yield* store.append("case-1", newEvents(1), 3)
          expect(next.nextExpectedVersion).toBe(4)
          const read = yield* store.readStream("case-1")
          expect(read.map((event) => event.revision)).toEqual([1, 2, 3, 4])
          expect(read.slice(0, 3).map((event) => event.metadata.eventId)).toEqual(
            written.map((event) => event.metadata.eventId),
          )
        }),
      ),
    ))
})

describe("postgres connections lost mid-transaction", () => {
  it("fail the append with StoreUnavailable, keep nothing, and do not crash the process", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const schema = randomSchema()
          yield* dropAfter(schema)
          let victim: number | undefined
          const stall: PostgresInlineProjection = {
            name: "stall",
            attach: async () => {},
            apply: async (client) => {
              if (victim !== undefined) return
              victim = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid
              await client.query("SELECT pg_sleep(5)")
            },
          }
          const store = yield* makePostgresEventStore({ connection: pool, schema, inline: [stall] })
          const append = yield* Effect.forkChild(
            Effect.flip(store.append("case-1", newEvents(1), "noStream")),
          )
          while (victim === undefined) yield* Effect.sleep("5 millis")
          yield* Effect.promise(() => pool.query("SELECT pg_terminate_backend($1)", [victim]))
          const failure = yield* Fiber.join(append)
          expect(failure).toMatchObject({ _tag: "StoreUnavailable" })
          expect(yield* store.readStream("case-1")).toEqual([])
          const next = yield* store.append("case-1", newEvents(1), "noStream")
          expect(next.nextExpectedVersion).toBe(1)
        }),
      ),
    ))
})
