import { Effect, Layer } from "effect"
import {
  BusinessClock,
  type Case,
  CommandHandler,
  EventStore,
  Ids,
  type Instant,
  type Resident,
  Territory,
} from "../../src/index.ts"
import { accountCodec, accountDecider, accountStream } from "../handler/bank-account.ts"
import { SAMPLE_COMMANDS, T0, T1 } from "../territory/fixture.ts"

/*
 * The set-up the handler tests share (the command handler's, its kept states, the guarded
 * handlers' and their territory view): the services a handler runs on over a given store, the
 * toy account handler, a store that counts what it is asked, and the sample territory with a
 * case to report and a resident to register in it — so each test file says only what it checks.
 */

/** How `run` sets a handler's services up. */
export interface RunOptions {
  /** Where the business clock stands; the territory fixture's T0 unless said. */
  readonly at?: Instant.Instant
  /** Event ids: random v7 unless a test checks them (`Ids.Ids.sequential`). */
  readonly ids?: Layer.Layer<Ids.Ids>
}

/** 2026-03-02 09:30 in Shanghai (the territory fixture's T0): where the business clock stands unless a test says. */
export { T0 }

/** The services every handler needs (`CommandHandler.Services`), over `store`. */
export const handlerServices = (
  store: EventStore.Shape,
  { at = T0, ids = Ids.Ids.uuidV7 }: RunOptions = {},
) => Layer.mergeAll(Layer.succeed(EventStore.EventStore, store), ids, BusinessClock.makeFixed(at).layer)

/** Runs a handler program on `store`, with those services. */
export const run = <A, E>(
  program: Effect.Effect<A, E, CommandHandler.Services>,
  store: EventStore.Shape,
  options?: RunOptions,
): Promise<A> => Effect.runPromise(Effect.provide(program, handlerServices(store, options)))

/**
 * The handler of the toy account (bank-account.ts). Conflicts are retried after a millisecond,
 * so tests that race do not wait; `cacheCapacity` 0 keeps no states (快照缓存 off).
 */
export const makeAccountHandler = (
  options: { readonly cacheCapacity?: number; readonly maxAttempts?: number } = {},
) =>
  CommandHandler.make({
    decider: accountDecider,
    codec: accountCodec,
    streamIdOf: accountStream,
    retryBaseDelay: "1 millis",
    ...options,
  })

/** A command's context: its id, issued by a grid worker unless `extra` says otherwise. */
export const ctx = (
  commandId: string,
  extra: Partial<CommandHandler.Context> = {},
): CommandHandler.Context => ({
  commandId,
  actor: "worker-17",
  ...extra,
})

/** A store that counts the stream reads it serves and the events they hand back, each since last taken. */
export const counting = (inner: EventStore.Shape) => {
  const counts = { reads: 0, eventsRead: 0 }
  const take = (count: keyof typeof counts) => () => {
    const taken = counts[count]
    counts[count] = 0
    return taken
  }
  const store: EventStore.Shape = {
    ...inner,
    readStream: (streamId, options) => {
      counts.reads += 1
      return Effect.tap(inner.readStream(streamId, options), (events) =>
        Effect.sync(() => {
          counts.eventsRead += events.length
        }),
      )
    },
  }
  return { store, takeReads: take("reads"), takeEventsRead: take("eventsRead") }
}

/** Sets the sample territory (territory/fixture.ts) up through the unguarded handler, as an installer would. */
export const installTerritory = Effect.suspend(() => {
  const setup = Territory.makeHandler()
  return Effect.forEach(SAMPLE_COMMANDS, (command, i) =>
    setup(command, { commandId: `setup-${i}`, actor: "installer" }),
  )
})

/** A resident's report (群众上报) of a broken water pipe in a grid of the sample territory, at T1. */
export const pipeReport = (caseId: string, gridId = "nanshan-g1"): Case.Command => ({
  _tag: "ReportCase",
  caseId,
  at: T1,
  by: "resident-7",
  source: "residentReport",
  category: "utilities",
  urgency: "normal",
  description: "水管破裂 — broken water pipe",
  location: { gridId },
  level: "grid",
})

/** 陈秀英's registration (居民登记) in a household of the sample territory, at T1. */
export const registerResident = (residentId: string, householdId: string, by: string): Resident.Command => ({
  _tag: "RegisterResident",
  residentId,
  at: T1,
  by,
  householdId,
  person: { name: "陈秀英", phone: "13812345678" },
})
