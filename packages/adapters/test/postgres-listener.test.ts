import { randomBytes } from "node:crypto"
import { makePostgresEventStore } from "@gridcase/adapters/postgres"
import { Effect, Fiber, Queue, Stream } from "effect"
import pg from "pg"
import { afterAll, describe, expect, it } from "vitest"
import { newEvents } from "../src/testing/fixtures.ts"
import { POSTGRES_URL, randomSchema, testPool } from "./support/postgres.ts"

const pool = testPool()

/** A pool of its own whose sessions the test can find by `application_name`, as another process's would be. */
const namedPool = (name: string) => {
  const own = new pg.Pool({ connectionString: POSTGRES_URL, application_name: name, max: 4 })
  own.on("error", () => {})
  afterAll(() => own.end())
  return own
}

/** The backend pids of the named sessions that are LISTENing. */
const listeners = async (name: string): Promise<ReadonlyArray<number>> =>
  (
    await pool.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN%'",
      [name],
    )
  ).rows.map((row) => row.pid)

const until = async (what: string, reached: () => Promise<boolean>) => {
  for (let waited = 0; !(await reached()); waited += 20) {
    if (waited > 10_000) throw new Error(`${what}: not within 10 s`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe("the postgres store's LISTEN", () => {
  it("comes back by itself after its connection is terminated, so other processes' appends still wake subscribers", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const schema = randomSchema()
          yield* Effect.addFinalizer(() =>
            Effect.promise(() => pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)),
          )
          const name = `gridcase-listener-${randomBytes(4).toString("hex")}`
          // Polling once an hour: only a NOTIFY heard on a live LISTEN can bring the event in time.
          const subscriber = yield* makePostgresEventStore({
            connection: namedPool(name),
            schema,
            pollInterval: "1 hour",
          })
          const writer = yield* makePostgresEventStore({ connection: pool, schema })
          const received = yield* Queue.unbounded<number>()
          const fiber = yield* subscriber.subscribe({}).pipe(
            Stream.runForEach((event) => Queue.offer(received, event.position)),
            Effect.forkScoped,
          )
          yield* writer.append("case-1", newEvents(1), "noStream")
          yield* Queue.take(received)

          const [first] = yield* Effect.promise(() => listeners(name))
          expect(first).toBeDefined()
          yield* Effect.promise(() => pool.query("SELECT pg_terminate_backend($1)", [first]))
          yield* Effect.promise(() =>
            until("LISTEN again", async () => (await listeners(name)).some((pid) => pid !== first)),
          )

          const { lastPosition } = yield* writer.append("case-1", newEvents(1), 1)
          const heard = yield* Queue.take(received).pipe(Effect.timeout("5 seconds"))
          expect(heard).toBe(lastPosition)
          yield* Fiber.interrupt(fiber)
        }),
      ),
    ))

  it("does not wake its own subscribers a second time when it hears its own NOTIFY", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const schema = randomSchema()
          yield* Effect.addFinalizer(() =>
            Effect.promise(() => pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)),
          )
          // The store's pool, counting the subscription's page reads.
          const counting = namedPool(`gridcase-own-notify-${randomBytes(4).toString("hex")}`)
          let pages = 0
          const query = counting.query.bind(counting) as (...args: Array<unknown>) => unknown
          counting.query = ((...args: Array<unknown>) => {
            const config = args[0] as { readonly name?: string } | string
            if (typeof config === "object" && config.name?.endsWith(":page") === true) pages++
            return query(...args)
          }) as typeof counting.query
          const store = yield* makePostgresEventStore({
            connection: counting,
            schema,
            pollInterval: "1 hour",
          })
          // Another session listening on the channel tells when the store's NOTIFY went out.
          const other = yield* Effect.promise(() => pool.connect())
          yield* Effect.addFinalizer(() => Effect.sync(() => other.release()))
          yield* Effect.promise(() => other.query(`LISTEN ${schema}_events`))
          const notified = new Promise((resolve) => other.once("notification", resolve))

          const received = yield* Queue.unbounded<number>()
          yield* store.subscribe({}).pipe(
            Stream.runForEach((event) => Queue.offer(received, event.position)),
            Effect.forkScoped,
          )
          yield* Effect.promise(() => until("the first read", async () => pages >= 1))
          yield* store.append("case-1", newEvents(1), "noStream")
          yield* Queue.take(received)
          yield* Effect.promise(() => notified)
          // Its own LISTEN heard the same NOTIFY at the same moment; give it time to (not) read.
          yield* Effect.sleep("200 millis")
          // The first read found nothing; the append's own wake-up read the event; nothing more.
          expect(pages).toBe(2)
        }),
      ),
    ))
})
