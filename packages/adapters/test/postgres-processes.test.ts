import { makePostgresEventStore } from "@gridcase/adapters/postgres"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { expectFairContention } from "./support/contention.ts"
import { randomSchema, testPool } from "./support/postgres.ts"
import { startWriter } from "./support/writer-process.ts"

const pool = testPool()

/** Runs `body` against a store on a fresh schema (created first, so writers do not race to migrate). */
const inFreshSchema = (body: (schema: string) => Promise<void>) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const schema = randomSchema()
        yield* Effect.addFinalizer(() =>
          Effect.promise(() => pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)),
        )
        yield* Effect.scoped(makePostgresEventStore({ connection: pool, schema }))
        yield* Effect.promise(() => body(schema))
      }),
    ),
  )

const readStream = (schema: string, streamId: string) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.flatMap(makePostgresEventStore({ connection: pool, schema }), (s) => s.readStream(streamId)),
    ),
  )

describe("postgres with several writer processes", () => {
  it("processes appending to one stream lose, duplicate and reorder nothing", () =>
    inFreshSchema(async (schema) => {
      const writers = Array.from({ length: 4 }, (_, writer) =>
        startWriter("postgres", "contend", schema, String(writer), "15"),
      )
      expect(await Promise.all(writers.map((writer) => writer.exited))).toEqual([0, 0, 0, 0])
      expectFairContention(writers, await readStream(schema, "case-busy"))
    }))

  it("a writer killed mid-batch leaves whole batches only", () =>
    inFreshSchema(async (schema) => {
      const batchSize = 2_000
      const writer = startWriter("postgres", "batches", schema, "0", String(batchSize))
      await writer.printed(3)
      writer.child.kill("SIGKILL")
      expect(await writer.exited).toBe("SIGKILL")
      const { rows } = await pool.query<{ n: string }>(
        `SELECT COUNT(*) AS n FROM "${schema}".events GROUP BY stream_id`,
      )
      expect(rows.length).toBeGreaterThanOrEqual(writer.lines.length)
      for (const { n } of rows) expect(Number(n)).toBe(batchSize)
    }))
})
