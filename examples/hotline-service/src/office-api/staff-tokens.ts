import { createHash, randomBytes, timingSafeEqual } from "node:crypto"
import { readFileSync, writeFileSync } from "node:fs"
import type { OfficeDatabase } from "../office/office-database.ts"

/**
 * Per-person API tokens for the office API (工作人员令牌). Only a token's SHA-256 is kept, so a
 * leaked token file or table does not let anyone in; the person a token belongs to is who every
 * command sent with it is issued by. Asynchronous, because several instances keep them in
 * PostgreSQL, where a lookup can meet an unreachable database.
 */
export interface StaffTokens {
  /** The person a token belongs to, or undefined. */
  readonly personOf: (token: string) => Promise<string | undefined>
  /** Issues a fresh random token for a person and returns it (shown once, never stored). */
  readonly issue: (personId: string) => Promise<string>
  /** Accepts a given token for a person (demo and test setups). */
  readonly register: (token: string, personId: string) => Promise<void>
}

interface Entry {
  readonly sha256: string
  readonly personId: string
}

const digest = (token: string): Buffer => createHash("sha256").update(token).digest()

const freshToken = () => `gct_${randomBytes(24).toString("base64url")}`

/** Tokens kept in memory, and in `file` (JSON, hashes only) when one is given: for one process. */
export const makeStaffTokens = (file?: string): StaffTokens => {
  const entries: Array<Entry> = []
  if (file !== undefined) {
    try {
      entries.push(...(JSON.parse(readFileSync(file, "utf8")) as Array<Entry>))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error
    }
  }
  const save = () => {
    if (file !== undefined) writeFileSync(file, `${JSON.stringify(entries, null, 2)}\n`, { mode: 0o600 })
  }
  const register = async (token: string, personId: string) => {
    entries.push({ sha256: digest(token).toString("hex"), personId })
    save()
  }
  return {
    personOf: async (token) => {
      const wanted = digest(token)
      // Compare every entry in constant time, so timing tells nothing about near misses.
      let found: string | undefined
      for (const entry of entries) {
        if (timingSafeEqual(Buffer.from(entry.sha256, "hex"), wanted)) found = entry.personId
      }
      return found
    },
    issue: async (personId) => {
      const token = freshToken()
      await register(token, personId)
      return token
    },
    register,
  }
}

/**
 * Tokens in PostgreSQL, shared by every instance of the office: a token issued by one is
 * accepted by all. Looked up by the SHA-256 of the token, which is what an index can find;
 * timing can at most tell an attacker about the digest of a guess, not about a token.
 */
export const makePostgresStaffTokens = (database: OfficeDatabase): StaffTokens => {
  const { pool, schema } = database
  const register = async (token: string, personId: string) => {
    await pool.query(
      `INSERT INTO ${schema}.staff_tokens (sha256, person_id) VALUES ($1, $2)
         ON CONFLICT (sha256) DO UPDATE SET person_id = excluded.person_id`,
      [digest(token).toString("hex"), personId],
    )
  }
  return {
    personOf: async (token) => {
      const { rows } = await pool.query<{ person_id: string }>(
        `SELECT person_id FROM ${schema}.staff_tokens WHERE sha256 = $1`,
        [digest(token).toString("hex")],
      )
      return rows[0]?.person_id
    },
    issue: async (personId) => {
      const token = freshToken()
      await register(token, personId)
      return token
    },
    register,
  }
}
