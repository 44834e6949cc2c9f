/**
 * Where a sample runs: a working directory of its own (a sample may write `cases.db` beside it, as
 * an application would) and a PostgreSQL schema of its own. Samples take their server from
 * `DATABASE_URL` and their schema from `DATABASE_SCHEMA`, as an application takes its settings;
 * several checks may share the server, so each run gets a schema no other run uses. Both are
 * removed when the run ends.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import pg from "pg"

/** The server the repository's tests use (README: 127.0.0.1:5432, trust auth, database `test`). */
const SERVER = process.env.GRIDCASE_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"

export interface SampleEnvironment {
  readonly cwd: string
  /** TMPDIR is the run's directory too, so what a sample puts in `tmpdir()` goes even when it fails. */
  readonly env: { readonly DATABASE_URL: string; readonly DATABASE_SCHEMA: string; readonly TMPDIR: string }
}

let runs = 0

const dropSchema = async (schema: string): Promise<void> => {
  const client = new pg.Client({ connectionString: SERVER })
  await client.connect()
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  } finally {
    await client.end()
  }
}

/** Calls `run` in a fresh directory with a fresh schema, and removes both afterwards. */
export const inSampleEnvironment = async <A>(
  run: (environment: SampleEnvironment) => Promise<A>,
): Promise<A> => {
  const schema = `gridcase_sample_${process.pid}_${runs++}`
  const cwd = mkdtempSync(join(tmpdir(), "gridcase-sample-"))
  try {
    return await run({ cwd, env: { DATABASE_URL: SERVER, DATABASE_SCHEMA: schema, TMPDIR: cwd } })
  } finally {
    rmSync(cwd, { recursive: true, force: true })
    await dropSchema(schema)
  }
}
