import { randomBytes } from "node:crypto"
import { mkdirSync, rmSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import pg from "pg"

/** bench/.data: scratch databases and seeded histories (git-ignored). On the same disk as a real deployment, not tmpfs, so fsync costs what it costs. */
export const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", ".data")

export const PG_URL = process.env.GRIDCASE_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"

const token = () => `${process.pid}_${randomBytes(4).toString("hex")}`

/** A fresh SQLite file path under bench/.data, and how to remove it with its WAL files. */
export const scratchSqliteFile = (label: string) => {
  mkdirSync(DATA_DIR, { recursive: true })
  const filename = join(DATA_DIR, `${label}-${token()}.db`)
  return {
    filename,
    remove: () => {
      for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${filename}${suffix}`, { force: true })
    },
  }
}

/**
 * A fresh PostgreSQL schema for one measurement, dropped afterwards. Emmett cannot be told a
 * schema, but it names its tables unqualified, so a connection whose `search_path` is this
 * schema keeps it inside too.
 */
export const scratchPgSchema = async (label: string) => {
  const name = `bench_${label.replace(/[^a-z0-9_]/g, "_")}_${token()}`.slice(0, 40)
  const admin = new pg.Client({ connectionString: PG_URL })
  await admin.connect()
  await admin.query(`CREATE SCHEMA ${name}`)
  await admin.end()
  const url = new URL(PG_URL)
  url.searchParams.set("options", `-c search_path=${name}`)
  return {
    name,
    /** A connection string whose sessions resolve unqualified names in this schema. */
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_URL })
      await client.connect()
      await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`)
      await client.end()
    },
  }
}
