import { inTransaction } from "@gridcase/adapters/postgres"
import type pg from "pg"

/**
 * What the office keeps in PostgreSQL beside the events and read models, in a schema of its
 * own, when several instances share one database (多实例): settings they must agree on (the
 * Open311 api key, a demo master key), the hashes of staff tokens and residents' wrapped keys.
 * A file per process would give each instance its own, so a token issued by one would be
 * refused by the next and a resident's details sealed by one unreadable on the others.
 */
export interface OfficeDatabase {
  readonly pool: pg.Pool
  /** The schema's name, quoted for SQL. */
  readonly schema: string
  /**
   * The setting as every instance sees it: the stored value, or `proposed` stored now when
   * there is none yet (the first instance to start decides; the others read its choice).
   */
  readonly setting: (name: string, proposed: string) => Promise<string>
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

/** Creates the office's tables if missing (one instance at a time: concurrent CREATEs collide) and returns the database. */
export const openOfficeDatabase = async (pool: pg.Pool, schemaName: string): Promise<OfficeDatabase> => {
  if (!SCHEMA_NAME.test(schemaName)) throw new Error(`invalid schema name "${schemaName}"`)
  const schema = `"${schemaName}"`
  await inTransaction(pool, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('gridcase-office'), hashtext($1))", [
      schemaName,
    ])
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.settings (name text PRIMARY KEY, value text NOT NULL)`,
    )
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.staff_tokens (sha256 text PRIMARY KEY, person_id text NOT NULL)`,
    )
    // A NULL key is a tombstone: the subject was erased (crypto-shredding) and never gets a key again.
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.resident_keys (subject text PRIMARY KEY, wrapped text)`,
    )
  })
  return {
    pool,
    schema,
    setting: async (name, proposed) => {
      await pool.query(
        `INSERT INTO ${schema}.settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`,
        [name, proposed],
      )
      const { rows } = await pool.query<{ value: string }>(
        `SELECT value FROM ${schema}.settings WHERE name = $1`,
        [name],
      )
      return rows[0]!.value
    },
  }
}
