import { makeMemoryEventStore } from "@gridcase/adapters/memory"
import { Effect, Layer, ManagedRuntime, Result } from "effect"
import { makeCaseHandler } from "../../src/case/case-handler.ts"
import { caseEventCodec } from "../../src/case/codec.ts"
import type { CaseCommand } from "../../src/case/commands.ts"
import type { CaseDeciderConfig } from "../../src/case/decide.ts"
import type { CaseEvent } from "../../src/case/events.ts"
import { evolveCase } from "../../src/case/evolve.ts"
import { type CaseState, initialCaseState } from "../../src/case/state.ts"
import { makeDeadlineProcess, type TickReport } from "../../src/deadlines/deadline-process.ts"
import { BusinessClock, EventStore, Ids } from "../../src/index.ts"
import type { Instant } from "../../src/shared/instant.ts"

/**
 * The real deadline process (`makeDeadlineProcess`) over the real case handler and an
 * in-memory store: what the deadline properties run against, so that they test the process a
 * service runs — its index, its command ids, its handling of refusals — not a model of it.
 */
export const processWorld = (config: CaseDeciderConfig) => {
  const store = makeMemoryEventStore()
  const runtime = ManagedRuntime.make(
    Layer.mergeAll(
      Layer.succeed(EventStore.EventStore, store),
      Ids.Ids.sequential,
      BusinessClock.makeFixed(0).layer,
    ),
  )
  const handler = makeCaseHandler(config)
  const run = <A, E>(
    program: Effect.Effect<A, E, EventStore.EventStore | Ids.Ids | BusinessClock.BusinessClock>,
  ) => runtime.runPromise(program)
  const process = makeDeadlineProcess(config, handler)

  /** Every case event in the store, in order. */
  const events = async (): Promise<ReadonlyArray<CaseEvent>> => {
    const recorded = await run(store.readAll({ maxCount: 1_000_000 }))
    return recorded.map((one) => {
      const decoded = caseEventCodec.decode(one)
      if (Result.isFailure(decoded)) throw decoded.failure
      return decoded.success
    })
  }

  return {
    store,
    /** Sends a command through the handler; a refusal is an answer, not a failure of the test. */
    send: (command: CaseCommand, commandId: string) =>
      run(Effect.result(handler(command, { commandId, actor: command.by }))),
    tick: (now: Instant): Promise<TickReport> => run(process.tick(now)),
    /** A second process over the same store, as after a restart or on another instance. */
    restarted: () => makeDeadlineProcess(config, handler),
    tickWith: (other: ReturnType<typeof makeDeadlineProcess>, now: Instant) => run(other.tick(now)),
    upcoming: async () => {
      await run(process.catchUp)
      return process.upcoming()
    },
    events,
    /** Every case as its stored events make it, folded here rather than read from the process. */
    cases: async (): Promise<ReadonlyMap<string, CaseState>> => {
      const states = new Map<string, CaseState>()
      for (const event of await events())
        states.set(event.caseId, evolveCase(states.get(event.caseId) ?? initialCaseState, event))
      return states
    },
    /** How many events the store holds. */
    size: async () => (await events()).length,
    dispose: () => runtime.dispose(),
  }
}
export type ProcessWorld = ReturnType<typeof processWorld>
