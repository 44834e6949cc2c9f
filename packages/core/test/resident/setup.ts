import { makeMemoryEventStore } from "@gridcase/adapters/memory"
import { Effect, Layer, ManagedRuntime } from "effect"
import { shanghaiCalendar } from "../../src/calendar/china-mainland.ts"
import {
  BusinessClock,
  Case,
  type CommandHandler,
  EventStore,
  Ids,
  Privacy,
  Resident,
} from "../../src/index.ts"
import { defaultPolicy } from "../../src/policy/default-policy.ts"

/** 2026-03-10, a Tuesday, 10:00 in Shanghai. */
export const T0 = Date.UTC(2026, 2, 10, 2, 0)
export const minutes = (n: number) => T0 + n * 60_000

/** Real handlers over an in-memory event store and key store, both kept for inspection. */
export const residentWorld = () => {
  const store = makeMemoryEventStore()
  const keys = Privacy.makeMemoryKeyStore()
  // One runtime for the whole test: the sequential ids must not restart between commands.
  const runtime = ManagedRuntime.make(
    Layer.mergeAll(
      Layer.succeed(EventStore.EventStore, store),
      Layer.succeed(Privacy.KeyStore, keys),
      Ids.Ids.sequential,
      BusinessClock.makeFixed(T0).layer,
    ),
  )
  const residents = Resident.makeHandler()
  const cases = Case.makeHandler({ policy: defaultPolicy, calendar: shanghaiCalendar })
  const recordVisit = Resident.makeVisitRecorder(residents, cases)
  /** Runs a program; a failure comes back as the typed error, not a thrown one. */
  const attempt = <A, E>(program: Effect.Effect<A, E, CommandHandler.Services | Privacy.KeyStore>) =>
    runtime.runPromise(Effect.result(program))
  const run = async <A, E>(program: Effect.Effect<A, E, CommandHandler.Services | Privacy.KeyStore>) => {
    const result = await attempt(program)
    if (result._tag === "Failure") throw result.failure
    return result.success
  }
  const allEvents = () => Effect.runPromise(store.readAll({ maxCount: 100_000 }))
  return { store, keys, residents, cases, recordVisit, run, attempt, allEvents }
}

export const ctx = (commandId: string, actor = "grid-worker-li"): CommandHandler.Context => ({
  commandId,
  actor,
})
