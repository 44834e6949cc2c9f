import { performance } from "node:perf_hooks"
import { DeciderCommandHandler } from "@event-driven-io/emmett"
import { Case, Gridcase } from "@gridcase/core"
import { fullLoop, SCRIPT_START } from "../fixtures/case-script.ts"
import { emmettCaseDecider, toEmmettCommand } from "../fixtures/emmett-case.ts"
import type { Job, Metrics } from "../job.ts"
import { countingBusyRetries, openEmmettStore } from "../subjects/emmett.ts"
import { openOurStore } from "../subjects/ours.ts"
import { numberParam, repeatRuns } from "../support/runs.ts"
import { percentile, perSecond } from "../support/timing.ts"

type Send = (command: Case.Command) => Promise<unknown>

/**
 * `callers` concurrent callers, each working its own cases through the whole loop, one command
 * at a time, until the run's time is up. Every command's latency is kept.
 */
const drive = async (
  seconds: number,
  callers: number,
  send: Send,
  nextCase: () => string,
): Promise<Metrics> => {
  const latencies: Array<number> = []
  const started = performance.now()
  const until = started + seconds * 1000
  const caller = async (index: number) => {
    while (performance.now() < until) {
      const caseId = nextCase()
      const script = fullLoop({ caseId, gridId: `grid-${index}`, startAt: SCRIPT_START })
      for (const command of script) {
        const before = performance.now()
        await send(command)
        latencies.push(performance.now() - before)
        if (performance.now() >= until) break
      }
    }
  }
  await Promise.all(Array.from({ length: callers }, (_, index) => caller(index)))
  const elapsedMs = performance.now() - started
  latencies.sort((a, b) => a - b)
  return {
    rate: perSecond(latencies.length, elapsedMs),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  }
}

/**
 * Command handling end to end (命令处理): a command in, its events stored, the new state out.
 * gridcase through the plain-async desk (`send`: validate the command with its schema, decide on
 * the case's kept state — or load the stream when the desk holds none, or with
 * `cacheCapacity: 0` — append with the expected version, command id and metadata); Emmett through
 * `DeciderCommandHandler` (aggregateStream, decide, appendToStream with the expected version),
 * with the same decide and evolve.
 */
export const commandHandling = async (job: Job): Promise<Array<Metrics>> => {
  const callers = numberParam(job, "callers")
  let cases = 0
  const nextCase = () => `${process.pid}-${job.impl}-${cases++}`
  if (job.impl === "ours") {
    const opened = await openOurStore(job.store)
    const cacheCapacity = job.params.cacheCapacity
    const desk = Gridcase.make({
      store: opened.store,
      ...(typeof cacheCapacity === "number" ? { cacheCapacity } : {}),
    })
    try {
      return await repeatRuns(job, (seconds) =>
        drive(seconds, callers, (command) => desk.cases.send(command), nextCase),
      )
    } finally {
      await desk.dispose()
      await opened.close()
    }
  }
  const opened = await openEmmettStore(job.store)
  const handle = DeciderCommandHandler(emmettCaseDecider)
  try {
    return await repeatRuns(
      job,
      countingBusyRetries(opened, (seconds) =>
        drive(
          seconds,
          callers,
          (command) => handle(opened.store, Case.streamId(command.caseId), toEmmettCommand(command)),
          nextCase,
        ),
      ),
    )
  } finally {
    await opened.close()
  }
}
