import { createHash } from "node:crypto"

/** PostgreSQL keeps the first 63 bytes of an identifier (NAMEDATALEN − 1), prepared statements' names included. */
const MAX_NAME_BYTES = 63

/**
 * The name of a prepared statement, from its parts (`owner`, schema, statement), joined by `:`.
 * PostgreSQL truncates a longer name to 63 bytes without a word, so two statements of a long
 * schema name would share one name and the second would fail ("prepared statement already
 * exists") or, worse, run the first one's text. A name that does not fit is a digest of the
 * whole followed by the statement's own part, still unique, still readable in `pg_prepared_statements`.
 */
export const statementName = (...parts: ReadonlyArray<string>): string => {
  const full = parts.join(":")
  if (Buffer.byteLength(full) <= MAX_NAME_BYTES) return full
  const digest = createHash("sha256").update(full).digest("base64url").slice(0, 22)
  const short = `${digest}:${parts.at(-1) ?? ""}`
  return Buffer.byteLength(short) <= MAX_NAME_BYTES ? short : digest
}
