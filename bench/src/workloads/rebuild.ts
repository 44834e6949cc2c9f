import { copyFileSync, existsSync } from "node:fs"
import { performance } from "node:perf_hooks"
import { Case, EventStore } from "@gridcase/core"
import {
  CaseDeadlines,
  OpenCases,
  type Projection,
  ProjectionRunner,
  ReadModelStore,
} from "@gridcase/projections"
import { Effect, Layer } from "effect"
import type { EmmettCaseEvent } from "../fixtures/emmett-case.ts"
import { caseConfig } from "../fixtures/histories.ts"
import type { Job, Metrics } from "../job.ts"
import { openOurSqliteFile } from "../subjects/ours.ts"
import { numberParam, stringParam } from "../support/runs.ts"
import { scratchSqliteFile } from "../support/scratch.ts"
import { perSecond } from "../support/timing.ts"

/** The end of the seeded history, as the instant the overdue board is asked about. */
const BOARD_AT = Date.UTC(2027, 0, 1)

const MB = 1024 * 1024
const peakRssMb = () => (process.resourceUsage().maxRSS * 1024) / MB

/**
 * The heap still in use after a full collection, with the read model built: what the rebuild
 * retains. Peak RSS also counts garbage not yet collected and heap V8 grew and kept, so this is
 * the figure that says whether memory follows history. Needs `--expose-gc` (main.ts passes it).
 */
const retainedHeapMb = () => {
  const collect = (globalThis as { gc?: () => void }).gc
  if (collect === undefined) throw new Error("run the child with --expose-gc")
  collect()
  return process.memoryUsage().heapUsed / MB
}

const projectionNamed = (name: string): Projection.Projection<unknown> =>
  (name === "open-cases"
    ? OpenCases.projection
    : CaseDeadlines.makeProjection(caseConfig)) as Projection.Projection<unknown>

/** Asks the rebuilt read model its question once, so that the rebuild is known to have produced it. */
const query = (name: string) =>
  name === "open-cases"
    ? Effect.map(OpenCases.perGrid, (grids) => grids.reduce((sum, grid) => sum + grid.openCases, 0))
    : Effect.map(CaseDeadlines.overdueBoard(BOARD_AT), (cells) =>
        cells.reduce((sum, cell) => sum + cell.cases.length, 0),
      )

/**
 * gridcase: the projection runner catches up from position 0 of a seeded SQLite history into
 * memory read models (only live cases' documents are kept), until the projection reports live.
 */
const rebuildOurs = async (file: string, events: number, projectionName: string): Promise<Metrics> => {
  const opened = await openOurSqliteFile(file)
  const projection = projectionNamed(projectionName)
  const layer = Layer.mergeAll(
    Layer.succeed(EventStore.EventStore, EventStore.EventStore.of(opened.store)),
    ReadModelStore.Memory.layer,
  )
  const rssBeforeMb = process.memoryUsage().rss / MB
  const started = performance.now()
  const answer = await Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const runner = yield* ProjectionRunner.start({ projections: [projection] })
        yield* runner.awaitLive(projection.name)
        const elapsedMs = performance.now() - started
        const status = yield* runner.statusOf(projection.name)
        if (status.processed !== events) {
          return yield* Effect.die(new Error(`folded ${status.processed} events, expected ${events}`))
        }
        return { elapsedMs, answer: yield* query(projectionName), heapAfterGcMb: retainedHeapMb() }
      }),
    ).pipe(Effect.provide(layer)),
  )
  await opened.close()
  return {
    rate: perSecond(events, answer.elapsedMs),
    seconds: answer.elapsedMs / 1000,
    peakRssMb: peakRssMb(),
    heapAfterGcMb: answer.heapAfterGcMb,
    rssBeforeMb,
    answer: answer.answer,
  }
}

/**
 * Emmett: its SQLite consumer with one processor from the beginning, folding every case event
 * with the same `evolveCase` into live cases kept in memory, and counting them per grid at the
 * end; pulled 1,000 at a time with a 1 ms pause (its defaults, 100 and 50 ms, would measure
 * the pause). The processor stores its checkpoint per message, as Emmett's processors do, so
 * each run works on a copy of the seeded file.
 */
const rebuildEmmett = async (file: string, events: number): Promise<Metrics> => {
  const { getSQLiteEventStore } = await import("@event-driven-io/emmett-sqlite")
  const copy = scratchSqliteFile("emmett-rebuild")
  copyFileSync(file, copy.filename)
  if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy.filename}-wal`)
  try {
    const store = getSQLiteEventStore({ fileName: copy.filename })
    const consumer = store.consumer<EmmettCaseEvent>({
      pulling: { batchSize: 1_000, pullingFrequencyInMs: 1 },
    })
    const live = new Map<string, Case.OpenedCase>()
    let folded = 0
    consumer.processor({
      processorId: "open-cases",
      startFrom: "BEGINNING",
      // Emmett 0.42's readLastMessageGlobalPosition returns the first position, not the last, so
      // the processor stops once it has folded the whole seeded history.
      stopAfter: () => folded >= events,
      eachMessage: (message) => {
        folded++
        const caseId = message.data.caseId as string
        const state: Case.State = Case.evolve(live.get(caseId) ?? { exists: false }, {
          _tag: message.type,
          ...message.data,
        } as Parameters<typeof Case.evolve>[1])
        if (state.exists && !Case.isTerminal(state.status)) live.set(caseId, state)
        else live.delete(caseId)
      },
    })
    const rssBeforeMb = process.memoryUsage().rss / MB
    const started = performance.now()
    await consumer.start()
    const elapsedMs = performance.now() - started
    const heapAfterGcMb = retainedHeapMb()
    await consumer.close()
    if (folded !== events) throw new Error(`Emmett folded ${folded} events, expected ${events}`)
    const perGrid = new Map<string, number>()
    for (const c of live.values()) perGrid.set(c.location.gridId, (perGrid.get(c.location.gridId) ?? 0) + 1)
    return {
      rate: perSecond(events, elapsedMs),
      seconds: elapsedMs / 1000,
      peakRssMb: peakRssMb(),
      heapAfterGcMb,
      rssBeforeMb,
      answer: [...perGrid.values()].reduce((sum, count) => sum + count, 0),
    }
  } finally {
    copy.remove()
  }
}

/**
 * Rebuilding a read model from a seeded history of `events` events. Always one run per child
 * process (`fresh` jobs), so the peak RSS is this rebuild's and nothing else's.
 */
export const rebuild = async (job: Job): Promise<Array<Metrics>> => {
  const events = numberParam(job, "events")
  const file = stringParam(job, "file")
  const projection = stringParam(job, "projection")
  return [
    job.impl === "emmett" ? await rebuildEmmett(file, events) : await rebuildOurs(file, events, projection),
  ]
}
