/**
 * A writer process for the multi-process SQLite tests, run as
 * `node --conditions=@gridcase/source sqlite-writer.ts <mode> <file> <writer> <count>`.
 *
 * - `contend`: appends `count` events one at a time to stream "case-busy" with exact expected
 *   versions, re-reading after each conflict; prints the versions it won at as JSON.
 * - `batches`: appends batches of `count` events to streams "batch-<writer>-<n>" for ever,
 *   printing each committed batch number, until it is killed.
 */
import { makeSqliteEventStore } from "@gridcase/adapters/sqlite"
import { Effect, Result } from "effect"
import { newEvent, newEvents } from "../../src/testing/fixtures.ts"

const [mode, filename, writer, count] = process.argv.slice(2)
const total = Number(count)

const contend = Effect.gen(function* () {
  const store = yield* makeSqliteEventStore({ filename: filename!, pollInterval: "10 millis" })
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
  const store = yield* makeSqliteEventStore({ filename: filename! })
  for (let batch = 0; ; batch++) {
    yield* store.append(`batch-${writer}-${batch}`, newEvents(total), "noStream")
    process.stdout.write(`${batch}\n`)
  }
})

await Effect.runPromise(Effect.scoped(mode === "contend" ? contend : batches))
