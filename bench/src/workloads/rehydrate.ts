import { Case, Gridcase } from "@gridcase/core"
import { Effect } from "effect"
import { longCase } from "../fixtures/case-script.ts"
import { emmettCaseDecider, toEmmettEvent } from "../fixtures/emmett-case.ts"
import { decideAll, toNewEvents } from "../fixtures/histories.ts"
import type { Job, Metrics } from "../job.ts"
import { countingBusyRetries, openEmmettStore } from "../subjects/emmett.ts"
import { openOurStore } from "../subjects/ours.ts"
import { openRawPostgres } from "../subjects/raw-postgres.ts"
import { openRawSqlite } from "../subjects/raw-sqlite.ts"
import { numberParam, repeatRuns } from "../support/runs.ts"
import { perSecond, timeBox } from "../support/timing.ts"

/** Distinct cases loaded round-robin, so no run reads one hot stream only. */
const STREAMS = 50
const LOADS_PER_STEP = 10

/** Rehydrations per second; `eventsPerSecond` is the same figure times the case's length. */
const timedLoads = (events: number, load: (caseId: string) => Promise<unknown>) => {
  let next = 0
  const step = async () => {
    for (let done = 0; done < LOADS_PER_STEP; done++) await load(`long-${next++ % STREAMS}`)
    return LOADS_PER_STEP
  }
  return async (seconds: number): Promise<Metrics> => {
    const { operations, elapsedMs } = await timeBox(seconds, step)
    const rate = perSecond(operations, elapsedMs)
    return { rate, eventsPerSecond: rate * events }
  }
}

/** The fold every rehydration needs, over rows a bare driver returned: no validation, no upcasting. */
const foldRows = (rows: ReadonlyArray<{ readonly type: string; readonly data: unknown }>): Case.State => {
  let state = Case.initialState
  for (const row of rows)
    state = Case.evolve(state, { _tag: row.type, ...(row.data as object) } as Case.Event)
  return state
}

/**
 * Rehydrating a case with `events` events (加载聚合): read its stream and fold it into the
 * current state. gridcase through the plain-async desk (`getCase`: read, decode with the case
 * schema, evolve); Emmett through `aggregateStream`; the ceiling reads the rows with the bare
 * driver and folds them without decoding.
 */
export const rehydrate = async (job: Job): Promise<Array<Metrics>> => {
  const events = numberParam(job, "events")
  const histories = Array.from({ length: STREAMS }, (_, index) => {
    const caseId = `long-${index}`
    return { caseId, streamId: Case.streamId(caseId), events: decideAll(longCase(caseId, events)) }
  })
  switch (job.impl) {
    case "ours": {
      const opened = await openOurStore(job.store)
      try {
        for (const history of histories) {
          await Effect.runPromise(
            opened.store.append(history.streamId, toNewEvents(history.events), "noStream"),
          )
        }
        const desk = Gridcase.make({ store: opened.store })
        const runs = await repeatRuns(
          job,
          timedLoads(events, (caseId) => desk.cases.get(caseId)),
        )
        await desk.dispose()
        return runs
      } finally {
        await opened.close()
      }
    }
    case "emmett": {
      const opened = await openEmmettStore(job.store)
      try {
        for (const history of histories) {
          await opened.store.appendToStream(history.streamId, history.events.map(toEmmettEvent))
        }
        const loads = timedLoads(events, (caseId) =>
          opened.store.aggregateStream(Case.streamId(caseId), {
            evolve: emmettCaseDecider.evolve,
            initialState: emmettCaseDecider.initialState,
          }),
        )
        return await repeatRuns(job, countingBusyRetries(opened, loads))
      } finally {
        await opened.close()
      }
    }
    case "ceiling": {
      if (job.store === "sqlite") {
        const raw = openRawSqlite()
        try {
          for (const history of histories)
            raw.insertInTransaction(history.streamId, 1, toNewEvents(history.events))
          return await repeatRuns(
            job,
            timedLoads(events, async (caseId) => foldRows(raw.readStream(Case.streamId(caseId)))),
          )
        } finally {
          raw.close()
        }
      }
      const raw = await openRawPostgres(1)
      try {
        for (const history of histories) await raw.insert(history.streamId, 1, toNewEvents(history.events))
        return await repeatRuns(
          job,
          timedLoads(events, async (caseId) => foldRows(await raw.readStream(Case.streamId(caseId)))),
        )
      } finally {
        await raw.close()
      }
    }
  }
}
