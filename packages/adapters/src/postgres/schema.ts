import type { PoolClient } from "pg"

/** The bits of a position that number events within one transaction (2^20 ≈ one million). */
export const TRANSACTION_BITS = 20

/**
 * Step 1: the events table, whose positions are made from transaction ids (see `migrations`),
 * the streams table holding each stream's version, and `satisfies`, the expected-version test.
 */
const eventsAndStreams = (schema: string): string => `CREATE TABLE ${schema}.events (
     position       bigint PRIMARY KEY,
     transaction_id xid8   NOT NULL,
     stream_id      text   NOT NULL,
     revision       bigint NOT NULL,
     type           text   NOT NULL,
     data           jsonb  NOT NULL,
     metadata       jsonb  NOT NULL,
     event_id       text   NOT NULL UNIQUE,
     UNIQUE (stream_id, revision)
   );
   CREATE TABLE ${schema}.streams (
     stream_id text   PRIMARY KEY,
     version   bigint NOT NULL
   );
   CREATE FUNCTION ${schema}.satisfies(expected text, version bigint) RETURNS boolean
     LANGUAGE sql IMMUTABLE AS $$
       SELECT CASE expected
         WHEN 'any' THEN true
         WHEN 'noStream' THEN version = 0
         WHEN 'exists' THEN version > 0
         ELSE version::numeric = expected::numeric
       END
     $$;`

/** Step 1, continued: `append_events`, an append in one round trip that also NOTIFYs. */
const appendEventsNotifying = (
  schema: string,
  channel: string,
): string => `-- One round trip per append. Outcomes: 'appended' (version, last_position), 'conflict'
   -- (the actual version), 'found' (the stored rows of event ids the append re-uses, for the
   -- caller to tell a retry from a duplicate). Version and ids are checked again once the
   -- stream row is locked, so racing appends to one stream are serialised.
   CREATE FUNCTION ${schema}.append_events(p_stream_id text, p_expected text, p_events jsonb)
     RETURNS TABLE (outcome text, version bigint, last_position bigint, found jsonb)
     LANGUAGE plpgsql AS $$
   DECLARE
     v_count bigint := jsonb_array_length(p_events);
     v_version bigint;
     v_found jsonb;
     v_first bigint;
     v_base bigint;
   BEGIN
     -- First unlocked, to fail fast; then again holding the stream row's lock.
     FOR attempt IN 1..2 LOOP
       IF attempt = 1 THEN
         SELECT s.version INTO v_version FROM ${schema}.streams s WHERE s.stream_id = p_stream_id;
       ELSE
         INSERT INTO ${schema}.streams (stream_id, version) VALUES (p_stream_id, 0) ON CONFLICT DO NOTHING;
         SELECT s.version INTO v_version FROM ${schema}.streams s WHERE s.stream_id = p_stream_id FOR UPDATE;
       END IF;
       SELECT jsonb_agg(jsonb_build_array(e.event_id, e.stream_id, e.revision, e.position)) INTO v_found
         FROM ${schema}.events e
        WHERE e.event_id IN (SELECT x->'metadata'->>'eventId' FROM jsonb_array_elements(p_events) x);
       IF v_found IS NOT NULL THEN
         RETURN QUERY SELECT 'found', NULL::bigint, NULL::bigint, v_found;
         RETURN;
       END IF;
       v_version := COALESCE(v_version, 0);
       IF NOT ${schema}.satisfies(p_expected, v_version) THEN
         RETURN QUERY SELECT 'conflict', v_version, NULL::bigint, NULL::jsonb;
         RETURN;
       END IF;
       IF v_count = 0 THEN
         RETURN QUERY SELECT 'appended', v_version,
           COALESCE((SELECT e.position FROM ${schema}.events e
                      WHERE e.stream_id = p_stream_id AND e.revision = v_version), 0),
           NULL::jsonb;
         RETURN;
       END IF;
     END LOOP;
     v_first := pg_current_xact_id()::text::bigint << ${TRANSACTION_BITS};
     SELECT COALESCE(max(e.position), v_first) INTO v_base FROM ${schema}.events e
      WHERE e.position > v_first AND e.position < v_first + (1::bigint << ${TRANSACTION_BITS});
     IF v_base - v_first + v_count >= (1::bigint << ${TRANSACTION_BITS}) THEN
       RAISE EXCEPTION 'a transaction may append at most % events', (1::bigint << ${TRANSACTION_BITS}) - 1;
     END IF;
     INSERT INTO ${schema}.events (position, transaction_id, stream_id, revision, type, data, metadata, event_id)
       SELECT v_base + x.ord, pg_current_xact_id(), p_stream_id, v_version + x.ord,
              x.value->>'type', x.value->'data', x.value->'metadata', x.value->'metadata'->>'eventId'
         FROM jsonb_array_elements(p_events) WITH ORDINALITY AS x(value, ord);
     UPDATE ${schema}.streams s SET version = v_version + v_count WHERE s.stream_id = p_stream_id;
     PERFORM pg_notify('${channel}', '');
     RETURN QUERY SELECT 'appended', v_version + v_count, v_base + v_count, NULL::jsonb;
   END
   $$;`

/**
 * Step 2 (bench/findings.md, findings 1 and 2). No NOTIFY: a transaction that notifies
 * takes a cluster-wide lock while it commits, so appends could not share a WAL flush; the
 * client sends the wake-up after commit instead. The event ids come as a text[] so that
 * the lookup plans as a probe of the event_id index (the jsonb subquery kept a cached
 * sequential scan), and it runs once, holding the stream row's lock. An empty append
 * writes nothing, so it takes no lock.
 */
const appendEventsWithoutNotify = (
  schema: string,
): string => `DROP FUNCTION ${schema}.append_events(text, text, jsonb);
   CREATE FUNCTION ${schema}.append_events(p_stream_id text, p_expected text, p_events jsonb, p_event_ids text[])
     RETURNS TABLE (outcome text, version bigint, last_position bigint, found jsonb)
     LANGUAGE plpgsql AS $$
   DECLARE
     v_count bigint := jsonb_array_length(p_events);
     v_version bigint;
     v_found jsonb;
     v_first bigint;
     v_base bigint;
   BEGIN
     IF v_count = 0 THEN
       SELECT s.version INTO v_version FROM ${schema}.streams s WHERE s.stream_id = p_stream_id;
     ELSE
       INSERT INTO ${schema}.streams (stream_id, version) VALUES (p_stream_id, 0) ON CONFLICT DO NOTHING;
       SELECT s.version INTO v_version FROM ${schema}.streams s WHERE s.stream_id = p_stream_id FOR UPDATE;
     END IF;
     SELECT jsonb_agg(jsonb_build_array(e.event_id, e.stream_id, e.revision, e.position)) INTO v_found
       FROM ${schema}.events e
      WHERE e.event_id = ANY(p_event_ids);
     IF v_found IS NOT NULL THEN
       RETURN QUERY SELECT 'found', NULL::bigint, NULL::bigint, v_found;
       RETURN;
     END IF;
     v_version := COALESCE(v_version, 0);
     IF NOT ${schema}.satisfies(p_expected, v_version) THEN
       RETURN QUERY SELECT 'conflict', v_version, NULL::bigint, NULL::jsonb;
       RETURN;
     END IF;
     IF v_count = 0 THEN
       RETURN QUERY SELECT 'appended', v_version,
         COALESCE((SELECT e.position FROM ${schema}.events e
                    WHERE e.stream_id = p_stream_id AND e.revision = v_version), 0),
         NULL::jsonb;
       RETURN;
     END IF;
     v_first := pg_current_xact_id()::text::bigint << ${TRANSACTION_BITS};
     SELECT COALESCE(max(e.position), v_first) INTO v_base FROM ${schema}.events e
      WHERE e.position > v_first AND e.position < v_first + (1::bigint << ${TRANSACTION_BITS});
     IF v_base - v_first + v_count >= (1::bigint << ${TRANSACTION_BITS}) THEN
       RAISE EXCEPTION 'a transaction may append at most % events', (1::bigint << ${TRANSACTION_BITS}) - 1;
     END IF;
     INSERT INTO ${schema}.events (position, transaction_id, stream_id, revision, type, data, metadata, event_id)
       SELECT v_base + x.ord, pg_current_xact_id(), p_stream_id, v_version + x.ord,
              x.value->>'type', x.value->'data', x.value->'metadata', x.value->'metadata'->>'eventId'
         FROM jsonb_array_elements(p_events) WITH ORDINALITY AS x(value, ord);
     UPDATE ${schema}.streams s SET version = v_version + v_count WHERE s.stream_id = p_stream_id;
     RETURN QUERY SELECT 'appended', v_version + v_count, v_base + v_count, NULL::jsonb;
   END
   $$;`

/**
 * Step 3 (bench/findings.md, finding 11). An append is now one INSERT statement sent by the
 * client (append-statements.ts) that relies on the unique indexes of events to detect a
 * racing writer or a stored id, so the function and the streams table (whose version row it
 * locked and kept) go: a stream's version is its last revision, one probe of the
 * (stream_id, revision) index.
 */
const dropAppendEventsAndStreams = (
  schema: string,
): string => `DROP FUNCTION ${schema}.append_events(text, text, jsonb, text[]);
   DROP TABLE ${schema}.streams;`

/**
 * Schema migrations (数据库迁移), applied in order on first open; index i brings the schema
 * from version i to i + 1. Append new steps at the end; never edit a released one.
 *
 * Positions are made from transaction ids, so that position order is the order in which
 * events become safe to read: `position = xid · 2^20 + n` for the n-th event a transaction
 * writes. A tailing reader only reads rows whose transaction id is below the oldest
 * transaction still running (`pg_snapshot_xmin`); every row that commits later belongs to a
 * transaction at or above that horizon and therefore has a larger position than anything
 * already read. A plain sequence cannot promise this: concurrent transactions commit out of
 * order, and a reader would skip the event that commits late.
 */
const migrations = (schema: string, channel: string): ReadonlyArray<string> => [
  `${eventsAndStreams(schema)}\n   ${appendEventsNotifying(schema, channel)}`,
  appendEventsWithoutNotify(schema),
  dropAppendEventsAndStreams(schema),
]

/**
 * Brings the schema to version `target` (the latest unless a test wants to start from an
 * older one), inside the caller's transaction (`inTransaction`): all steps or none. A
 * transaction-scoped advisory lock serialises concurrent openers, so two processes starting
 * together do not both create the tables.
 */
export const migrate = async (
  client: PoolClient,
  schema: string,
  channel: string,
  target?: number,
): Promise<void> => {
  const steps = migrations(schema, channel).slice(0, target)
  await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`gridcase:${schema}`])
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
  await client.query(`CREATE TABLE IF NOT EXISTS ${schema}.schema_version (version integer NOT NULL)`)
  const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${schema}.schema_version`)
  const from = rows[0]?.version ?? 0
  if (rows.length === 0) await client.query(`INSERT INTO ${schema}.schema_version (version) VALUES (0)`)
  if (from > steps.length) {
    throw new Error(`database schema version ${from} is newer than this code (${steps.length})`)
  }
  for (const step of steps.slice(from)) await client.query(step)
  await client.query(`UPDATE ${schema}.schema_version SET version = $1`, [steps.length])
}
