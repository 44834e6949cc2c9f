import { createHash } from "node:crypto"

/** PostgreSQL keeps the first 63 bytes of an identifier (NAMEDATALEN − 1), prepared statements' names included. */
const MAX_NAME_BYTES = 63

/**
 * Names worked out so far, by their joined parts: a store asks for the same few names on every
 * query, and a long schema's digest was ~2 % of a service's CPU when hashed each time
 * (bench/findings.md, finding 18). Bounded by the statements times the schemas a process opens.
 */
const named = new Map<string, string>()

/** A name too long for PostgreSQL: a digest of the whole, then the statement's own part if it fits. */
const digested = (full: string, last: string): string => {
  const digest = createHash("sha256").update(full).digest("base64url").slice(0, 22)
  const short = `${digest}:${last}`
  return Buffer.byteLength(short) <= MAX_NAME_BYTES ? short : digest
}

/**
 * The name of a prepared statement, from its parts (`owner`, schema, statement), joined by `:`.
 * PostgreSQL truncates a longer name to 63 bytes without a word, so two statements of a long
 * schema name would share one name and the second would fail ("prepared statement already
 * exists") or, worse, run the first one's text. A name that does not fit is a digest of the
 * whole followed by the statement's own part, still unique, still readable in `pg_prepared_statements`.
 */
export const statementName = (...parts: ReadonlyArray<string>): string => {
  const full = parts.join(":")
  const known = named.get(full)
  if (known !== undefined) return known
  const name = Buffer.byteLength(full) <= MAX_NAME_BYTES ? full : digested(full, parts.at(-1) ?? "")
  named.set(full, name)
  return name
}
