import { createHash, randomBytes, timingSafeEqual } from "node:crypto"
import { readFileSync, writeFileSync } from "node:fs"

/**
 * Per-person API tokens for the office API (工作人员令牌). Only a token's SHA-256 is kept, so a
 * leaked token file does not let anyone in; the person a token belongs to is who every command
 * sent with it is issued by.
 */
export interface StaffTokens {
  /** The person a token belongs to, or undefined. */
  readonly personOf: (token: string) => string | undefined
  /** Issues a fresh random token for a person and returns it (shown once, never stored). */
  readonly issue: (personId: string) => string
  /** Accepts a given token for a person (demo and test setups). */
  readonly register: (token: string, personId: string) => void
}

interface Entry {
  readonly sha256: string
  readonly personId: string
}

const digest = (token: string): Buffer => createHash("sha256").update(token).digest()

/** Tokens kept in memory, and in `file` (JSON, hashes only) when one is given. */
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
  const register = (token: string, personId: string) => {
    entries.push({ sha256: digest(token).toString("hex"), personId })
    save()
  }
  return {
    personOf: (token) => {
      const wanted = digest(token)
      // Compare every entry in constant time, so timing tells nothing about near misses.
      let found: string | undefined
      for (const entry of entries) {
        if (timingSafeEqual(Buffer.from(entry.sha256, "hex"), wanted)) found = entry.personId
      }
      return found
    },
    issue: (personId) => {
      const token = `gct_${randomBytes(24).toString("base64url")}`
      register(token, personId)
      return token
    },
    register,
  }
}
