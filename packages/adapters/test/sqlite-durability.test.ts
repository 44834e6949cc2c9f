import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { makeSqliteEventStore, type SqliteEventStoreOptions } from "@gridcase/adapters/sqlite"
import { newEvent, newEvents } from "@gridcase/adapters/testing"
import type { EventStore } from "@gridcase/core"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { expectFairContention } from "./support/contention.ts"
import { tempDir } from "./support/temp-dir.ts"
import { startWriter } from "./support/writer-process.ts"

const dir = tempDir()
let files = 0
const freshFile = () => join(dir, `store-${++files}.db`)

/** Opens the store on `filename`, runs `body`, and closes it again. */
const withStore = <A>(
  filename: string,
  body: (store: EventStore.Shape) => Effect.Effect<A, unknown>,
  options: Partial<SqliteEventStoreOptions> = {},
) => Effect.runPromise(Effect.scoped(Effect.flatMap(makeSqliteEventStore({ filename, ...options }), body)))

const rawQuery = <T>(filename: string, sql: string): T => {
  const db = new DatabaseSync(filename)
  try {
    return db.prepare(sql).all() as T
  } finally {
    db.close()
  }
}

describe("sqlite store on disk", () => {
  it("keeps events across reopen and migrates only once", async () => {
    const filename = freshFile()
    const event = newEvent("CaseReported", { title: "噪音扰民" }, { actor: "网格员-1" })
    await withStore(filename, (store) => store.append("case-1", [event], "noStream"))
    const read = await withStore(filename, (store) => store.readStream("case-1"))
    expect(read.map((e) => e.metadata)).toEqual([event.metadata])
    expect(rawQuery(filename, "SELECT version FROM gridcase_schema_version")).toEqual([{ version: 2 }])
    expect(rawQuery(filename, "PRAGMA journal_mode")).toEqual([{ journal_mode: "wal" }])
  })

  it("refuses a database written by a newer schema, leaving it untouched", async () => {
    const filename = freshFile()
    await withStore(filename, () => Effect.void)
    const db = new DatabaseSync(filename)
    db.exec("UPDATE gridcase_schema_version SET version = 99")
    db.close()
    await expect(withStore(filename, () => Effect.void)).rejects.toMatchObject({
      _tag: "StoreUnavailable",
      message: expect.stringContaining("schema version 99 is newer"),
    })
    expect(rawQuery(filename, "SELECT version FROM gridcase_schema_version")).toEqual([{ version: 99 }])
  })

  it("names stream, revision and position of a corrupt row", async () => {
    const filename = freshFile()
    await withStore(filename, (store) => store.append("case-7", newEvents(2), "noStream"))
    const db = new DatabaseSync(filename)
    db.exec("UPDATE gridcase_events SET data = '{not json' WHERE revision = 2")
    db.close()
    const failure = await withStore(filename, (store) => Effect.flip(store.readStream("case-7")))
    expect(failure.message).toMatch(/case-7@2 \(position 2\)/)
    expect(failure.cause).toMatchObject({
      _tag: "EventDecodeError",
      streamId: "case-7",
      revision: 2,
      position: 2,
    })
    const fromAll = await withStore(filename, (store) => Effect.flip(store.readAll()))
    expect(fromAll.cause).toMatchObject({ _tag: "EventDecodeError", position: 2 })
  })

  it("several processes appending to one stream lose, duplicate and reorder nothing", async () => {
    const filename = freshFile()
    await withStore(filename, () => Effect.void)
    const writers = Array.from({ length: 4 }, (_, writer) =>
      startWriter("sqlite", "contend", filename, String(writer), "15"),
    )
    expect(await Promise.all(writers.map((writer) => writer.exited))).toEqual([0, 0, 0, 0])
    expectFairContention(writers, await withStore(filename, (store) => store.readStream("case-busy")))
  })

  it("a writer killed mid-batch leaves whole batches only, and the store reopens", async () => {
    const filename = freshFile()
    const batchSize = 2_000
    const writer = startWriter("sqlite", "batches", filename, "0", String(batchSize))
    await writer.printed(3)
    writer.child.kill("SIGKILL")
    expect(await writer.exited).toBe("SIGKILL")
    const committed = writer.lines.length
    const counts = rawQuery<Array<{ stream_id: string; n: number }>>(
      filename,
      "SELECT stream_id, COUNT(*) AS n FROM gridcase_events GROUP BY stream_id",
    )
    expect(counts.length).toBeGreaterThanOrEqual(committed)
    for (const { n } of counts) expect(n).toBe(batchSize)
    const after = await withStore(filename, (store) =>
      Effect.andThen(
        store.append("after-crash", newEvents(1), "noStream"),
        store.readAll({ after: 0, maxCount: 1 }),
      ),
    )
    expect(after).toHaveLength(1)
  })
})
