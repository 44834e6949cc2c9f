import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { makeSqliteEventStore } from "@gridcase/adapters/sqlite"
import { newEvent } from "@gridcase/adapters/testing"
import { EventStore } from "@gridcase/core"
import { Effect } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { StoredEvent } from "../src/shared/stored-event.ts"
import { migrate } from "../src/sqlite/schema.ts"
import { tempDir } from "./support/temp-dir.ts"

const dir = tempDir()
let files = 0
const freshFile = () => join(dir, `schema-version-${++files}.db`)

const withStore = <A>(filename: string, body: (store: EventStore.Shape) => Effect.Effect<A, unknown>) =>
  Effect.runPromise(Effect.scoped(Effect.flatMap(makeSqliteEventStore({ filename }), body)))

const withDb = <A>(filename: string, body: (db: DatabaseSync) => A): A => {
  const db = new DatabaseSync(filename)
  try {
    return body(db)
  } finally {
    db.close()
  }
}

interface RawRow {
  readonly stream_id: string
  readonly metadata: string
  readonly schema_version: number | null
}
const rawRows = (filename: string) =>
  withDb(
    filename,
    (db) =>
      db
        .prepare("SELECT stream_id, metadata, schema_version FROM gridcase_events ORDER BY position")
        .all() as unknown as Array<RawRow>,
  )

/** A database as the first release of the store left it: schema version 1, no `schema_version` column. */
const versionOneDatabase = (filename: string, metadata: ReadonlyArray<string>) =>
  withDb(filename, (db) => {
    migrate(db, 1)
    const insert = db.prepare(
      "INSERT INTO gridcase_events (stream_id, revision, type, data, metadata, event_id) VALUES (?, 1, 'CaseNoted', '{}', ?, ?)",
    )
    for (const [index, json] of metadata.entries()) insert.run(`case-${index}`, json, `event-${index}`)
  })

const stored = (fields: Record<string, unknown>) =>
  JSON.stringify({ eventId: "e", recordedAt: 1_700_000_000_000, ...fields })

describe("sqlite: the schema version kept beside the metadata", () => {
  it("upgrades a version 1 database, filling the column for every row whose metadata has an integer version", async () => {
    const filename = freshFile()
    const good = [
      stored({
        schemaVersion: 1,
        correlationId: "corr-1",
        causationId: "cause-1",
        actor: "网格员-3",
        extra: [1],
      }),
      stored({ schemaVersion: 3, commandId: "cmd-9" }),
      ` { "schemaVersion" : 4 , "eventId" : "e" } `,
    ]
    const odd = [
      stored({ schemaVersion: 2.5 }),
      stored({ schemaVersion: "2" }),
      stored({}),
      stored({ schemaVersion: 2 ** 60 }),
    ]
    const corrupt = ["{not json", "[1, 2]", "{schemaVersion: 1}"]
    versionOneDatabase(filename, [...good, ...odd, ...corrupt])

    await withStore(filename, () => Effect.void)

    expect(withDb(filename, (db) => db.prepare("SELECT version FROM gridcase_schema_version").all())).toEqual(
      [{ version: 2 }],
    )
    expect(rawRows(filename).map((row) => row.schema_version)).toEqual([
      1,
      3,
      4,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ])
    for (const [index, json] of [...good, ...odd].entries()) {
      const [event] = await withStore(filename, (store) => store.readStream(`case-${index}`))
      expect(event!.metadata).toEqual(JSON.parse(json))
      expect(EventStore.schemaVersionOf(event!)).toEqual(
        (JSON.parse(json) as EventStore.EventMetadata).schemaVersion,
      )
      expect(event instanceof StoredEvent).toBe(index < good.length)
    }
    for (const index of corrupt.keys()) {
      const position = good.length + odd.length + index + 1
      const failure = await withStore(filename, (store) =>
        Effect.flip(store.readStream(`case-${position - 1}`)),
      )
      expect(failure).toBeInstanceOf(EventStore.StoreUnavailable)
      expect(failure.cause).toMatchObject({ _tag: "EventDecodeError", position })
    }
  })

  it("records an appended event's version, and reads back exactly what was appended", async () => {
    const filename = freshFile()
    const version = fc.oneof(
      fc.integer({ min: 1, max: 50 }),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constant(2 ** 60),
    )
    const extra = fc.record(
      { correlationId: fc.uuid(), causationId: fc.uuid(), actor: fc.string(), note: fc.jsonValue() },
      { requiredKeys: [] },
    )
    let stream = 0
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(version, extra), { minLength: 1, maxLength: 5 }), async (specs) => {
        const streamId = `case-${++stream}`
        const events = specs.map(([schemaVersion, fields]) =>
          newEvent("CaseNoted", { stream }, { ...fields, schemaVersion }),
        )
        const read = await withStore(filename, (store) =>
          Effect.andThen(store.append(streamId, events, "noStream"), store.readStream(streamId)),
        )
        const rows = rawRows(filename).filter((row) => row.stream_id === streamId)
        read.forEach((event, index) => {
          const expected = JSON.parse(JSON.stringify(events[index]!.metadata)) as EventStore.EventMetadata
          const exact = Number.isSafeInteger(expected.schemaVersion)
          expect(event.metadata).toEqual(expected)
          expect(EventStore.schemaVersionOf(event)).toEqual(expected.schemaVersion)
          expect(rows[index]!.schema_version).toBe(exact ? expected.schemaVersion : null)
          expect(event instanceof StoredEvent).toBe(exact)
        })
      }),
      { numRuns: 30 },
    )
  })

  it("reads an event whose metadata was altered behind the store's back, and fails only when the metadata is read", async () => {
    const filename = freshFile()
    await withStore(filename, (store) =>
      store.append("case-9", [newEvent("CaseNoted", { n: 1 }, { schemaVersion: 2 })], "noStream"),
    )
    withDb(filename, (db) => db.exec("UPDATE gridcase_events SET metadata = '{not json'"))
    const [event] = await withStore(filename, (store) => store.readAll())
    expect(event).toMatchObject({ streamId: "case-9", revision: 1, position: 1, data: { n: 1 } })
    expect(EventStore.schemaVersionOf(event!)).toBe(2)
    expect(() => event!.metadata).toThrow(EventStore.StoreUnavailable)
    expect(() => event!.metadata).toThrow(/corrupt stored event: .*case-9@1 \(position 1\)/)
  })
})
