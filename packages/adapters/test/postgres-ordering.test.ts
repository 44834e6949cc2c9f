import { newEvent, newEvents } from "@gridcase/adapters/testing"
import type { EventStore } from "@gridcase/core"
import { Effect, Fiber, Stream } from "effect"
import type pg from "pg"
import { describe, expect, it } from "vitest"
import { appendStatements } from "../src/postgres/append-statements.ts"
import { storeInFreshSchema, testPool } from "./support/postgres.ts"

const pool = testPool()

const withStore = <A>(body: (store: EventStore.Shape, schema: string) => Effect.Effect<A, unknown>) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.flatMap(storeInFreshSchema(pool, { pollInterval: "20 millis" }), ({ store, schema }) =>
        body(store, schema),
      ),
    ),
  )

/** Appends with the store's own statement inside a transaction the test controls. */
const appendInTransaction = (
  client: pg.PoolClient,
  schema: string,
  streamId: string,
  events: ReadonlyArray<EventStore.NewEvent>,
) => client.query(appendStatements(`"${schema}"`).insert, [streamId, "any", null, JSON.stringify(events)])

const idsOf = (events: ReadonlyArray<EventStore.RecordedEvent>) =>
  events.map((event) => event.metadata.eventId)

describe("postgres ordering under out-of-order commits", () => {
  it("hides an event committed behind a still-running earlier transaction until that one commits", () =>
    withStore((store, schema) =>
      Effect.gen(function* () {
        const subscription = yield* store
          .subscribe()
          .pipe(Stream.take(2), Stream.runCollect, Effect.forkChild)
        const late = newEvent("CaseNoted", { commits: "late" })
        const early = newEvent("CaseNoted", { commits: "early" })
        const client = yield* Effect.promise(() => pool.connect())
        yield* Effect.promise(() => client.query("BEGIN"))
        const opened = yield* Effect.promise(() => appendInTransaction(client, schema, "case-late", [late]))
        const appended = yield* store.append("case-early", [early], "noStream")
        expect(Number(opened.rows.at(-1).position)).toBeLessThan(appended.lastPosition)
        // The early event is committed but sits behind the open transaction: readAll waits its
        // allowance for the horizon to pass it, then returns only what is safe — nothing.
        expect(yield* store.readAll()).toEqual([])
        yield* Effect.promise(() => client.query("COMMIT"))
        client.release()
        const all = yield* store.readAll()
        expect(idsOf(all)).toEqual([late.metadata.eventId, early.metadata.eventId])
        expect(yield* Fiber.join(subscription)).toEqual(all)
      }),
    ))

  it("a tailing reader sees every event of concurrent writers exactly once, in position order", () =>
    withStore((store, schema) =>
      Effect.gen(function* () {
        const writers = 6
        const appendsPerWriter = 15
        const total = writers * appendsPerWriter * 2
        const subscription = yield* store
          .subscribe()
          .pipe(Stream.take(total), Stream.runCollect, Effect.forkChild)
        /** Half the writes commit after a random pause inside the transaction, to shuffle commit order. */
        const slowWriter = (writer: number) =>
          Effect.promise(async () => {
            const client = await pool.connect()
            try {
              for (let n = 0; n < appendsPerWriter; n++) {
                await client.query("BEGIN")
                await appendInTransaction(client, schema, `slow-${writer}`, newEvents(1))
                await client.query("SELECT pg_sleep(random() * 0.01)")
                await client.query("COMMIT")
              }
            } finally {
              client.release()
            }
          })
        const fastWriter = (writer: number) =>
          Effect.forEach(
            Array.from({ length: appendsPerWriter }),
            () => store.append(`fast-${writer}`, newEvents(1), "any"),
            { discard: true },
          )
        yield* Effect.all(
          Array.from({ length: writers }, (_, writer) =>
            Effect.all([slowWriter(writer), fastWriter(writer)]),
          ),
          { concurrency: "unbounded" },
        )
        const seen = yield* Fiber.join(subscription)
        expect(new Set(idsOf(seen)).size).toBe(total)
        const positions = seen.map((event) => event.position)
        positions.forEach((position, index) => {
          if (index > 0) expect(position).toBeGreaterThan(positions[index - 1]!)
        })
        expect(seen).toEqual(yield* store.readAll({ maxCount: total }))
      }),
    ))
})
