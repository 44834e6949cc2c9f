import type { PoolClient } from "pg"

/**
 * Schema migrations of the PostgreSQL read-model store, applied in order on first open, with
 * their own version table (`projection_schema_version`) so the store can share a schema with
 * the event store. Append new steps; never edit a released one.
 *
 * Documents are `jsonb`, so read models stay queryable in SQL beside the typed API; each
 * keeps its index entries, which a batch reads with it to leave unchanged groups alone.
 * Groups and keys compare in the "C" collation, byte by byte, as the other stores order them,
 * and the groups under one head form a key range (a composite group starts with its head and
 * the separator `\u001f`).
 */
const migrations = (schema: string): ReadonlyArray<string> => [
  `CREATE TABLE ${schema}.projection_checkpoints (
     projection text    PRIMARY KEY,
     position   bigint  NOT NULL,
     generation bigint  NOT NULL,
     version    integer NOT NULL
   );
   CREATE TABLE ${schema}.projection_documents (
     projection text  NOT NULL,
     key        text  COLLATE "C" NOT NULL,
     doc        jsonb NOT NULL,
     entries    jsonb NOT NULL,
     PRIMARY KEY (projection, key)
   );
   CREATE TABLE ${schema}.projection_index (
     projection text             NOT NULL,
     idx        text             NOT NULL,
     grp        text             COLLATE "C" NOT NULL,
     key        text             COLLATE "C" NOT NULL,
     value      double precision NOT NULL,
     PRIMARY KEY (projection, idx, grp, key)
   );
   CREATE INDEX projection_index_by_value ON ${schema}.projection_index (projection, idx, value, key);`,
]

/**
 * Brings the read-model tables to the latest version; an advisory lock serialises concurrent
 * openers. In a transaction of its own, or — `nested`, on a connection whose transaction is
 * open already (an inline projection attaching inside the event store's) — in a savepoint.
 */
export const migrate = async (client: PoolClient, schema: string, nested = false): Promise<void> => {
  const steps = migrations(schema)
  await client.query(nested ? "SAVEPOINT gridcase_projections_migrate" : "BEGIN")
  try {
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`gridcase-projections:${schema}`])
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.projection_schema_version (version integer NOT NULL)`,
    )
    const { rows } = await client.query<{ version: number }>(
      `SELECT version FROM ${schema}.projection_schema_version`,
    )
    const from = rows[0]?.version ?? 0
    if (rows.length === 0)
      await client.query(`INSERT INTO ${schema}.projection_schema_version (version) VALUES (0)`)
    if (from > steps.length) {
      throw new Error(`read-model schema version ${from} is newer than this code (${steps.length})`)
    }
    for (const step of steps.slice(from)) await client.query(step)
    await client.query(`UPDATE ${schema}.projection_schema_version SET version = $1`, [steps.length])
    await client.query(nested ? "RELEASE gridcase_projections_migrate" : "COMMIT")
  } catch (error) {
    await client.query(
      nested ? "ROLLBACK TO gridcase_projections_migrate; RELEASE gridcase_projections_migrate" : "ROLLBACK",
    )
    throw error
  }
}
