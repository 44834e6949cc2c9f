import { newEvents } from "@gridcase/adapters/testing"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { horizonPage } from "../src/postgres/horizon-page.ts"
import { storeInFreshSchema, testPool } from "./support/postgres.ts"

const pool = testPool()

/** Every node type of a JSON plan, nested plans and subplans included. */
const nodeTypes = (plan: { "Node Type": string; Plans?: ReadonlyArray<unknown> }): Array<string> => [
  plan["Node Type"],
  ...(plan.Plans ?? []).flatMap((child) => nodeTypes(child as typeof plan)),
]

describe("the postgres page read", () => {
  it("reads a page with probes of the primary key, never a scan of the whole events table", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const { store, schema } = yield* storeInFreshSchema(pool)
          for (let stream = 0; stream < 200; stream++) {
            yield* store.append(`case-${stream}`, newEvents(100), "noStream")
          }
          // No ANALYZE: a table whose statistics lag behind its rows, as a busy store's do between
          // autovacuum runs, is where the planner went for a sequential scan.
          for (const after of [0, 10_000]) {
            const explained = yield* Effect.promise(() =>
              pool.query<{ "QUERY PLAN": ReadonlyArray<{ Plan: Parameters<typeof nodeTypes>[0] }> }>(
                `EXPLAIN (FORMAT JSON) ${horizonPage(`"${schema}"`)
                  .replaceAll("$1::bigint", `${after}::bigint`)
                  .replaceAll("$1", String(after))
                  .replaceAll("$2::text[]", "NULL::text[]")
                  .replaceAll("$3::text", "NULL::text")
                  .replaceAll("$4", "1000")}`,
              ),
            )
            const types = nodeTypes(explained.rows[0]!["QUERY PLAN"][0]!.Plan)
            expect(types).not.toContain("Seq Scan")
            expect(types.filter((type) => type.includes("Index")).length).toBeGreaterThanOrEqual(2)
          }
          const page = yield* store.readAll({ maxCount: 1000 })
          expect(page).toHaveLength(1000)
        }),
      ),
    ))
})
