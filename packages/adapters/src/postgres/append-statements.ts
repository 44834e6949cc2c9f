import { TRANSACTION_BITS } from "./schema.ts"

/**
 * The SQL of an append (追加), as two statements a client sends with parameters.
 *
 * The common append is the single `insert` statement: it reads the stream's version from the
 * `(stream_id, revision)` index, checks the expected version, and inserts the batch with the
 * revisions that follow it — one round trip, one plan, no PL/pgSQL, no lock beyond the rows it
 * writes. Correctness under concurrency rests on the unique indexes, not on a lock taken first:
 * two appends racing for the same revision cannot both insert it, and an event id stored
 * before cannot be stored again; the loser gets a unique violation and nothing of its batch is
 * kept. Only then — or when the statement inserted nothing because the expected version did
 * not hold — does the client send `lookup`, which says what happened: a retry of an append
 * already stored (its ids are found), a conflict (the actual version), or a race to run again.
 * (bench/findings.md, finding 11: the PL/pgSQL function this replaces spent more server time
 * per call than a bare INSERT's whole round trip.)
 */
export interface AppendStatements {
  /**
   * `$1` stream id, `$2` the kind of expected version (`any`, `noStream`, `exists`, or
   * `exact`), `$3` the exact version (null otherwise), `$4` the events as a JSON array of
   * `{ type, data, metadata }`. Returns the inserted rows' `revision` and `position`, none when
   * the expected version did not hold.
   *
   * The n-th event of the append gets position `xid · 2^20 + n`: the store makes every append
   * its own transaction (autocommit, or the inline projections' transaction), so no earlier
   * append of the same transaction has taken those positions; if one had, the primary key
   * would refuse the insert rather than reorder anything.
   */
  readonly insert: string
  /**
   * `$1` stream id, `$2` the append's event ids. One row: the stream's `version` and `found`,
   * a JSON array of `[eventId, streamId, revision, position]` for the ids already stored (or null).
   */
  readonly lookup: string
  /** `$1` stream id. The stream's last event: `revision` and `position` (no row for an empty stream). */
  readonly head: string
  /**
   * Several appends to distinct streams in one statement (group commit): `$1` a JSON array of
   * `{ streamId, kind, exact, events }`. Each append whose expected version holds is inserted
   * as `insert` would; the others insert nothing. Returns the inserted rows' `stream_id`,
   * `revision` and `position`. A unique violation refuses the whole statement.
   */
  readonly insertMany: string
}

export const appendStatements = (schema: string): AppendStatements => {
  return {
    insert: `
      INSERT INTO ${schema}.events (position, transaction_id, stream_id, revision, type, data, metadata, event_id)
      SELECT (pg_current_xact_id()::text::bigint << ${TRANSACTION_BITS}) + x.ord, pg_current_xact_id(),
             $1, head.version + x.ord,
             x.value->>'type', x.value->'data', x.value->'metadata', x.value->'metadata'->>'eventId'
        FROM (SELECT COALESCE((SELECT revision FROM ${schema}.events WHERE stream_id = $1
                                ORDER BY revision DESC LIMIT 1), 0) AS version) AS head,
             jsonb_array_elements($4::jsonb) WITH ORDINALITY AS x(value, ord)
       WHERE CASE $2::text
               WHEN 'any' THEN true
               WHEN 'noStream' THEN head.version = 0
               WHEN 'exists' THEN head.version > 0
               ELSE head.version = $3::bigint
             END
      RETURNING revision, position`,
    lookup: `
      SELECT COALESCE((SELECT revision FROM ${schema}.events WHERE stream_id = $1
                        ORDER BY revision DESC LIMIT 1), 0) AS version,
             (SELECT jsonb_agg(jsonb_build_array(event_id, stream_id, revision, position))
                FROM ${schema}.events WHERE event_id = ANY($2::text[])) AS found`,
    head: `SELECT revision, position FROM ${schema}.events WHERE stream_id = $1 ORDER BY revision DESC LIMIT 1`,
    insertMany: `
      WITH appends AS (
        SELECT a.ord AS append_no, a.value->>'streamId' AS stream_id, a.value->>'kind' AS kind,
               (a.value->>'exact')::bigint AS exact, a.value->'events' AS events,
               COALESCE((SELECT revision FROM ${schema}.events e WHERE e.stream_id = a.value->>'streamId'
                          ORDER BY revision DESC LIMIT 1), 0) AS version
          FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS a(value, ord)
      ), numbered AS (
        SELECT p.stream_id, p.version + x.ord AS revision, x.value,
               row_number() OVER (ORDER BY p.append_no, x.ord) AS n
          FROM appends p, jsonb_array_elements(p.events) WITH ORDINALITY AS x(value, ord)
         WHERE CASE p.kind
                 WHEN 'any' THEN true
                 WHEN 'noStream' THEN p.version = 0
                 WHEN 'exists' THEN p.version > 0
                 ELSE p.version = p.exact
               END
      )
      INSERT INTO ${schema}.events (position, transaction_id, stream_id, revision, type, data, metadata, event_id)
      SELECT (pg_current_xact_id()::text::bigint << ${TRANSACTION_BITS}) + n, pg_current_xact_id(),
             stream_id, revision,
             value->>'type', value->'data', value->'metadata', value->'metadata'->>'eventId'
        FROM numbered
      RETURNING stream_id, revision, position`,
  }
}
