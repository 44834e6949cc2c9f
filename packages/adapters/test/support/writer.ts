/**
 * A writer process for the multi-process tests, run as
 * `node --conditions=@gridcase/source writer.ts <adapter> <mode> <target> <writer> <count>`,
 * where `adapter` is `sqlite` (target: a file) or `postgres` (target: a schema on
 * `GRIDCASE_PG_URL`).
 *
 * - `contend`: appends `count` events one at a time to stream "case-busy" with exact expected
 *   versions, re-reading after each conflict; prints the versions it won at as JSON.
 * - `batches`: appends batches of `count` events to streams "batch-<writer>-<n>" for ever,
 *   printing each committed batch number, until it is killed.
 */
import { makePostgresEventStore } from "@gridcase/adapters/postgres"
import { makeSqliteEventStore } from "@gridcase/adapters/sqlite"
import { Effect, Result } from "effect"
import { newEvent, newEvents } from "../../src/testing/fixtures.ts"

const [adapter, mode, target, writer, count] = process.argv.slice(2)
const total = Number(count)
const open =
  adapter === "postgres"
    ? makePostgresEventStore({
        connection: process.env.GRIDCASE_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test",
        schema: target!,
      })
    : makeSqliteEventStore({ filename: target! })

const contend = Effect.gen(function* () {
  const store = yield* open
  const currentVersion = store
    .readStream("case-busy", { direction: "backwards", maxCount: 1 })
    .pipe(Effect.map(([last]) => last?.revision ?? 0))
  const won: Array<number> = []
  let version = yield* currentVersion
  while (won.length < total) {
    const event = newEvent("CaseNoted", { writer: Number(writer), index: won.length })
    const outcome = yield* Effect.result(store.append("case-busy", [event], version))
    if (Result.isSuccess(outcome)) {
      won.push(version)
      version = outcome.success.nextExpectedVersion
    } else {
      version = yield* currentVersion
    }
  }
  process.stdout.write(`${JSON.stringify(won)}\n`)
})

const batches = Effect.gen(function* () {
  const store = yield* open
  for (let batch = 0; ; batch++) {
    yield* store.append(`batch-${writer}-${batch}`, newEvents(total), "noStream")
    process.stdout.write(`${batch}\n`)
  }
})

await Effect.runPromise(Effect.scoped(mode === "contend" ? contend : batches))
