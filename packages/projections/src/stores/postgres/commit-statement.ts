import { type CommitRequest, entriesLeaving } from "../read-model-store.ts"
import { toTuples } from "../sql-encoding.ts"
import { columns, push } from "./columns.ts"

/**
 * A shared commit as one statement (一条语句提交): lock every checkpoint of the batch (in the
 * order of their names, so two writers never wait on each other in a circle), test each
 * against the one its writer expects, and only if all hold write the index rows out and in,
 * the documents out and in, and move the checkpoints. Seven round trips (BEGIN, lock, four
 * writes, move, COMMIT) were a third of a PostgreSQL request's with one client (finding 19); one
 * statement is atomic on its own, so it needs no transaction around it.
 *
 * Every write is gated on `holds`, whose subquery takes the locks before any row is touched;
 * a checkpoint that does not hold leaves the statement writing nothing, and the rows of
 * `locked` it returns let the caller name the conflict as before. The sub-statements of one
 * statement do not see each other's rows, so no row may be both deleted and inserted:
 * `commitParameters` turns an index entry whose value changed into an upsert, never a delete
 * and an insert.
 */
export const commitStatement = (schema: string): string =>
  `WITH wanted AS (
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[]) AS w(projection, generation, position, next)
   ), locked AS (
     SELECT projection, position, generation, version FROM ${schema}.projection_checkpoints
      WHERE projection = ANY($1::text[]) ORDER BY projection FOR UPDATE
   ), holds AS (
     SELECT count(*) = cardinality($1::text[]) AS ok FROM wanted w JOIN locked l
         ON l.projection = w.projection AND l.generation = w.generation AND l.position = w.position
        AND w.next >= l.position
   ), removed AS (
     DELETE FROM ${schema}.projection_index i
      USING unnest($5::text[], $6::text[], $7::text[], $8::text[]) AS d(projection, idx, grp, key)
      WHERE (SELECT ok FROM holds) AND i.projection = d.projection AND i.idx = d.idx AND i.grp = d.grp AND i.key = d.key
   ), added AS (
     INSERT INTO ${schema}.projection_index (projection, idx, grp, key, value)
     SELECT d.projection, d.idx, d.grp, d.key, d.value
       FROM unnest($9::text[], $10::text[], $11::text[], $12::text[], $13::float8[]) AS d(projection, idx, grp, key, value)
      WHERE (SELECT ok FROM holds)
     ON CONFLICT (projection, idx, grp, key) DO UPDATE SET value = excluded.value
   ), deleted AS (
     DELETE FROM ${schema}.projection_documents i USING unnest($14::text[], $15::text[]) AS d(projection, key)
      WHERE (SELECT ok FROM holds) AND i.projection = d.projection AND i.key = d.key
   ), kept AS (
     INSERT INTO ${schema}.projection_documents (projection, key, doc, entries)
     SELECT d.projection, d.key, d.doc::jsonb, d.entries::jsonb
       FROM unnest($16::text[], $17::text[], $18::text[], $19::text[]) AS d(projection, key, doc, entries)
      WHERE (SELECT ok FROM holds)
     ON CONFLICT (projection, key) DO UPDATE SET doc = excluded.doc, entries = excluded.entries
   ), moved AS (
     UPDATE ${schema}.projection_checkpoints c SET position = w.next FROM wanted w
      WHERE (SELECT ok FROM holds) AND c.projection = w.projection
   )
   SELECT projection, position, generation, version FROM locked`

/**
 * The statement's parameters: each request's expected checkpoint and new position, then every
 * projection's writes as columns — index rows out, index rows in (an entry whose group stays
 * and whose value changed goes in only, as an upsert), documents out, documents in.
 */
export const commitParameters = (requests: ReadonlyArray<CommitRequest>): ReadonlyArray<Array<unknown>> => {
  const wanted = columns(4)
  const removed = columns(4)
  const added = columns(5)
  const deleted = columns(2)
  const kept = columns(4)
  for (const { projection, expected, position, writes } of requests) {
    push(wanted, projection, expected.generation, expected.position, position)
    for (const write of writes) {
      const entries = write.doc === undefined ? [] : write.entries
      const coming = entriesLeaving(entries, write.previous)
      for (const entry of entriesLeaving(write.previous, entries)) {
        const upserted = coming.some((other) => other.index === entry.index && other.group === entry.group)
        if (!upserted) push(removed, projection, entry.index, entry.group, write.key)
      }
      for (const [idx, grp, value] of toTuples(coming)) push(added, projection, idx, grp, write.key, value)
      if (write.doc === undefined) push(deleted, projection, write.key)
      else push(kept, projection, write.key, JSON.stringify(write.doc), JSON.stringify(toTuples(entries)))
    }
  }
  return [...wanted, ...removed, ...added, ...deleted, ...kept]
}
