import { Effect } from "effect"
import { seedEmmett, seedOurs, seedRows } from "../fixtures/seed.ts"
import type { Job, Metrics } from "../job.ts"
import { openEmmettStore } from "../subjects/emmett.ts"
import { openOurSqliteFile, openOurStore } from "../subjects/ours.ts"
import { openRawPostgres } from "../subjects/raw-postgres.ts"
import { openRawSqlite } from "../subjects/raw-sqlite.ts"
import { numberParam, repeatRuns } from "../support/runs.ts"
import { perSecond, timed } from "../support/timing.ts"

const PAGE = 1_000

/** Reads every page from the start; returns how many events it saw. */
type ReadEverything = () => Promise<number>

const measure = (job: Job, events: number, readEverything: ReadEverything) =>
  repeatRuns(job, async (): Promise<Metrics> => {
    const { value: seen, ms } = await timed(readEverything)
    if (seen !== events) throw new Error(`read ${seen} events where ${events} were stored`)
    return { rate: perSecond(seen, ms) }
  })

/**
 * Reading all events from position 0 (全量读取), page by page (1,000 per page), the way a
 * projection catches up: gridcase's `readAll`, Emmett's `readMessagesBatch` (what its consumers
 * pull with), and the bare driver's keyset query. Events per second over the whole history.
 * On SQLite, gridcase and Emmett read the district histories seeded for the rebuilds (`file`):
 * seeding Emmett's store through its API takes one fsync-bound append per case.
 */
export const readAll = async (job: Job): Promise<Array<Metrics>> => {
  const events = numberParam(job, "events")
  switch (job.impl) {
    case "ours": {
      const file = job.params.file
      const opened = typeof file === "string" ? await openOurSqliteFile(file) : await openOurStore(job.store)
      try {
        if (typeof file !== "string") await seedOurs(opened.store, events)
        return await measure(job, events, async () => {
          let after = 0
          let seen = 0
          for (;;) {
            const page = await Effect.runPromise(opened.store.readAll({ after, maxCount: PAGE }))
            if (page.length === 0) return seen
            seen += page.length
            after = page.at(-1)!.position
          }
        })
      } finally {
        await opened.close()
      }
    }
    case "emmett": {
      const file = job.params.file
      const opened = await openEmmettStore(job.store)
      try {
        // One case at a time: Emmett's PostgreSQL reader pages by global position but orders by
        // transaction id, and over a history written by concurrent appends it returns some events
        // twice (5,005 of 5,000 in a trial with 8 writers).
        if (typeof file !== "string") await seedEmmett(opened.store, events, 1)
        const pages = await emmettPages(typeof file === "string" ? { fileName: file } : opened.place)
        try {
          return await measure(job, events, async () => {
            let after = 0n
            let seen = 0
            for (;;) {
              const page = await pages.read(after)
              seen += page.messages.length
              if (page.messages.length === 0) return seen
              after = page.currentGlobalPosition
            }
          })
        } finally {
          await pages.close()
        }
      } finally {
        await opened.close()
      }
    }
    case "ceiling": {
      if (job.store === "sqlite") {
        const raw = openRawSqlite()
        try {
          await seedRows(raw.insertInTransaction, events)
          return await measure(job, events, async () => {
            let after = 0
            let seen = 0
            for (;;) {
              const page = raw.readPage(after, PAGE)
              if (page.length === 0) return seen
              seen += page.length
              after = page.at(-1)!.position
            }
          })
        } finally {
          raw.close()
        }
      }
      const raw = await openRawPostgres(8)
      try {
        await seedRows(raw.insert, events)
        return await measure(job, events, async () => {
          let after = 0
          let seen = 0
          for (;;) {
            const page = await raw.readPage(after, PAGE)
            if (page.length === 0) return seen
            seen += page.length
            after = Number(page.at(-1)!.position)
          }
        })
      } finally {
        await raw.close()
      }
    }
  }
}

/** Emmett's page reader for its store: one connection for the whole read, as its consumers hold one per batch. */
const emmettPages = async (place: { readonly fileName?: string; readonly connectionString?: string }) => {
  if (place.fileName !== undefined) {
    const { readMessagesBatch, sqliteConnection } = await import("@event-driven-io/emmett-sqlite")
    const connection = sqliteConnection({ fileName: place.fileName })
    return {
      read: (after: bigint) => readMessagesBatch(connection, { after, batchSize: PAGE }),
      close: async () => connection.close(),
    }
  }
  const { readMessagesBatch } = await import("@event-driven-io/emmett-postgresql")
  const { dumbo } = await import("@event-driven-io/dumbo")
  const pool = dumbo({ connectionString: place.connectionString! })
  return {
    read: (after: bigint) => readMessagesBatch(pool.execute, { after, batchSize: PAGE }),
    close: () => pool.close(),
  }
}
