import { EVENT_COLUMNS } from "./rows.ts"
import { TRANSACTION_BITS } from "./schema.ts"

/**
 * The read of one page of `readAll` and of a subscription (读取视界): `$1` the position read
 * up to, `$2` the event types (or null), `$3` a stream-id prefix (or null), `$4` the page size.
 * It returns only rows of transactions older than the oldest one still running — the read
 * horizon, `xmin` in every row — which is what keeps a late commit from being skipped (see
 * schema.ts), and `hidden`: whether committed events after `$1` wait behind that horizon, so
 * that `readAll` knows a short page may fill up if it waits.
 *
 * `hidden` is a probe of the primary key from one bound, written with `ORDER BY … LIMIT 1`.
 * Written as an `EXISTS` over two bounds, the planner chose a sequential scan of the whole
 * table for it on every page: 6 ms a page at 20,000 events and growing with the store, against
 * about 1 ms as a probe (a test holds the plan to index scans).
 */
export const horizonPage = (schema: string): string => `
    SELECT h.xmin::text AS xmin,
           (SELECT position FROM ${schema}.events
             WHERE position > GREATEST($1::bigint, (h.xmin::text::bigint << ${TRANSACTION_BITS}) - 1)
             ORDER BY position LIMIT 1) IS NOT NULL AS hidden,
           e.*
      FROM (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin) AS h
      LEFT JOIN LATERAL (
        SELECT ${EVENT_COLUMNS} FROM ${schema}.events
         WHERE position > $1 AND transaction_id < h.xmin
           AND ($2::text[] IS NULL OR type = ANY($2::text[]))
           AND ($3::text IS NULL OR left(stream_id, length($3::text)) = $3::text)
         ORDER BY position LIMIT $4
      ) AS e ON true
     ORDER BY e.position`
