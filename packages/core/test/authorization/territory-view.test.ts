import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { makeMemoryEventStore } from "@gridcase/adapters/memory"
import { makeSqliteEventStore } from "@gridcase/adapters/sqlite"
import { Effect, Layer } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { makeTerritoryView } from "../../src/authorization/territory-view.ts"
import {
  Authorization,
  Calendar,
  Case,
  type CommandHandler,
  Escalation,
  EventStore,
  Points,
  Privacy,
  Resident,
  Territory,
} from "../../src/index.ts"
import { installTerritory, pipeReport, registerResident, run } from "../support/handler-fixture.ts"
import { cmd, DISTRICT, T1 } from "../territory/fixture.ts"

/** What a watched store lets a test do to the next read of the territory. */
type Mishap = "unavailable" | "corrupt"

/**
 * A store that counts the territory events read through it and can spoil the next territory
 * read: fail it as an unreachable store would, or hand back its events under a type this code
 * does not know (as a newer writer's would be). Other streams pass through untouched.
 */
const watched = (inner: EventStore.Shape) => {
  let territoryEventsRead = 0
  let mishap: Mishap | undefined
  const store: EventStore.Shape = {
    ...inner,
    readStream: (streamId, options) => {
      if (!streamId.startsWith(Territory.STREAM_PREFIX)) return inner.readStream(streamId, options)
      const spoil = mishap
      mishap = undefined
      if (spoil === "unavailable")
        return Effect.fail(new EventStore.StoreUnavailable({ message: "connection reset" }))
      return Effect.map(inner.readStream(streamId, options), (events) => {
        territoryEventsRead += events.length
        return spoil === "corrupt"
          ? events.map((event) => ({ ...event, type: "TerritoryFromTheFuture" }))
          : events
      })
    },
  }
  return {
    store,
    /** Territory events read since the last call. */
    takeRead: () => {
      const read = territoryEventsRead
      territoryEventsRead = 0
      return read
    },
    spoilNextRead: (how: Mishap) => {
      mishap = how
    },
  }
}

const runOn = <A, E>(store: EventStore.Shape, program: Effect.Effect<A, E, CommandHandler.Services>) =>
  run(program, store, { at: T1 })

const config = { policy: Escalation.defaultPolicy, calendar: Calendar.shanghai }
let sent = 0
const contextOf = (actor: string) => ({ commandId: `c-${++sent}`, actor })

/** Changes the territory through a handler of its own: what another office or process would do. */
const changeTerritory = (store: EventStore.Shape, command: Territory.Command) =>
  runOn(store, Territory.makeHandler()(command, contextOf("installer")))

const role = (_tag: "GrantRole" | "RevokeRole", personId: string, granted: Territory.Role, areaId: string) =>
  cmd({ _tag, personId, role: granted, scope: { _tag: "area", areaId } }, T1)

/** A case a grid worker found and fixed on patrol (自处理): field roles over the grid may record it. */
const selfHandled = (caseId: string, by: string, gridId = "nanshan-g1"): Case.Command => ({
  _tag: "RecordSelfHandledCase",
  caseId,
  at: T1,
  by,
  source: "patrol",
  category: "environment",
  urgency: "normal",
  description: "垃圾堆放 — rubbish dumped by the gate",
  location: { gridId },
  level: "grid",
  result: "当场清理 — cleared on the spot",
})

const report = pipeReport

const territoryLength = async (store: EventStore.Shape) =>
  (await Effect.runPromise(store.readStream(Territory.streamId(DISTRICT)))).length

describe("the guarded case handler's territory view", () => {
  let base: EventStore.Shape
  let store: ReturnType<typeof watched>
  let cases: ReturnType<typeof Case.makeGuardedHandler>
  const send = (command: Case.Command) => runOn(store.store, cases(command, contextOf(command.by)))
  const refusal = (command: Case.Command) =>
    runOn(store.store, Effect.flip(cases(command, contextOf(command.by))))

  beforeEach(async () => {
    base = makeMemoryEventStore()
    store = watched(base)
    await runOn(base, installTerritory)
    cases = Case.makeGuardedHandler(config, { territoryOf: () => DISTRICT })
  })

  it("sees a territory changed by another handler: a worker taken off the grid is refused, a newly assigned one accepted", async () => {
    await send(selfHandled("patrol-1", "worker-wang"))
    expect(await refusal(selfHandled("patrol-2", "worker-ma"))).toBeInstanceOf(Authorization.Forbidden)

    await changeTerritory(base, role("RevokeRole", "worker-wang", "gridWorker", "nanshan-g1"))
    await changeTerritory(base, role("GrantRole", "worker-ma", "gridWorker", "nanshan-g1"))

    expect(await refusal(selfHandled("patrol-3", "worker-wang"))).toMatchObject({
      _tag: "Forbidden",
      actor: "worker-wang",
      command: "RecordSelfHandledCase",
    })
    expect((await send(selfHandled("patrol-4", "worker-ma"))).state).toMatchObject({ status: "selfHandled" })
  })

  it("reads the whole territory once, then nothing while it stands still, then only what was appended", async () => {
    const installed = await territoryLength(base)
    await send(report("pipe-1"))
    expect(store.takeRead()).toBe(installed)

    await send({ _tag: "RegisterCase", caseId: "pipe-1", at: T1, by: "leader-li" })
    await send(report("pipe-2"))
    expect(store.takeRead()).toBe(0)

    await changeTerritory(base, role("GrantRole", "worker-ma", "gridWorker", "nanshan-g1"))
    await changeTerritory(base, role("GrantRole", "worker-ma", "volunteer", "nanshan"))
    await send(selfHandled("patrol-1", "worker-ma"))
    expect(store.takeRead()).toBe(2)
    await send(selfHandled("patrol-2", "worker-ma"))
    expect(store.takeRead()).toBe(0)
  })

  it("keeps what it held when a read fails: the next command reads the change again and is refused", async () => {
    await send(report("pipe-1"))
    store.takeRead()
    await changeTerritory(base, role("RevokeRole", "leader-li", "gridLeader", "nanshan-g1"))
    const register: Case.Command = { _tag: "RegisterCase", caseId: "pipe-1", at: T1, by: "leader-li" }

    store.spoilNextRead("unavailable")
    expect(await refusal(register)).toBeInstanceOf(EventStore.StoreUnavailable)
    store.spoilNextRead("corrupt")
    expect(await refusal(register)).toBeInstanceOf(EventStore.EventDecodeError)
    store.takeRead()

    expect(await refusal(register)).toBeInstanceOf(Authorization.Forbidden)
    expect(store.takeRead()).toBe(1)
  })

  it("keeps the territories of each store apart: one handler serving two stores sees each one's", async () => {
    const other = makeMemoryEventStore()
    await runOn(other, installTerritory)
    await send(report("pipe-1"))
    await changeTerritory(base, role("RevokeRole", "leader-li", "gridLeader", "nanshan-g1"))
    await send(report("pipe-2"))

    await runOn(other, cases(report("pipe-1"), contextOf("resident-7")))
    const registered = await runOn(
      other,
      cases({ _tag: "RegisterCase", caseId: "pipe-1", at: T1, by: "leader-li" }, contextOf("leader-li")),
    )
    expect(registered.state).toMatchObject({ status: "registered" })
    expect(await refusal({ _tag: "RegisterCase", caseId: "pipe-2", at: T1, by: "leader-li" })).toBeInstanceOf(
      Authorization.Forbidden,
    )
  })
})

describe("the resident and points handlers' territory views", () => {
  const territoryOf = () => DISTRICT
  const at = (minutes: number) => T1 + minutes * 60_000
  const register = registerResident
  const award = (awardId: string, by: string): Points.Command => ({
    _tag: "AwardPoints",
    residentId: "r1",
    at: at(1),
    by,
    awardId,
    points: 20,
    act: "helpingNeighbours",
    reason: "帮助邻居搬运物品",
    approvedBy: "head-zhao",
  })

  it("each reads the whole territory once, then only the tail, and sees a revoked role", async () => {
    const base = makeMemoryEventStore()
    const store = watched(base)
    await runOn(base, installTerritory)
    const keys = Layer.succeed(Privacy.KeyStore, Privacy.makeMemoryKeyStore())
    const run = <A, E>(program: Effect.Effect<A, E, CommandHandler.Services | Privacy.KeyStore>) =>
      runOn(store.store, Effect.provide(program, keys))
    const residents = Resident.makeGuardedHandler({ territoryOf })
    const points = Points.makeGuardedHandler({ catalogue: {} }, { territoryOf })
    const installed = await territoryLength(base)

    await run(residents(register("r1", "h1", "worker-wang"), contextOf("worker-wang")))
    expect(store.takeRead()).toBe(installed)
    await run(residents(register("r2", "h2", "worker-wang"), contextOf("worker-wang")))
    expect(store.takeRead()).toBe(0)
    await run(points(award("a-1", "worker-wang"), contextOf("worker-wang")))
    expect(store.takeRead()).toBe(installed)
    await run(points(award("a-2", "worker-wang"), contextOf("worker-wang")))
    expect(store.takeRead()).toBe(0)

    await changeTerritory(base, role("RevokeRole", "worker-wang", "gridWorker", "nanshan-g1"))
    expect(
      await run(Effect.flip(residents(register("r3", "h3", "worker-wang"), contextOf("worker-wang")))),
    ).toBeInstanceOf(Authorization.Forbidden)
    expect(store.takeRead()).toBe(1)
    expect(
      await run(Effect.flip(points(award("a-3", "worker-wang"), contextOf("worker-wang")))),
    ).toBeInstanceOf(Authorization.Forbidden)
    expect(store.takeRead()).toBe(1)
  })
})

describe("a territory view over a file another process writes to", () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "gridcase-territory-view-"))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it("sees a role revoked through another connection to the same SQLite file", async () => {
    const filename = join(dir, "district.db")
    await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const here = yield* makeSqliteEventStore({ filename })
          const elsewhere = yield* makeSqliteEventStore({ filename })
          yield* Effect.promise(() => runOn(elsewhere, installTerritory))
          const cases = Case.makeGuardedHandler(config, { territoryOf: () => DISTRICT })
          const send = (command: Case.Command) =>
            Effect.promise(() => runOn(here, cases(command, contextOf(command.by))))
          const refusal = (command: Case.Command) =>
            Effect.promise(() => runOn(here, Effect.flip(cases(command, contextOf(command.by)))))

          yield* send(report("pipe-1"))
          yield* Effect.promise(() =>
            changeTerritory(elsewhere, role("RevokeRole", "leader-li", "gridLeader", "nanshan-g1")),
          )
          expect(
            yield* refusal({ _tag: "RegisterCase", caseId: "pipe-1", at: T1, by: "leader-li" }),
          ).toBeInstanceOf(Authorization.Forbidden)
        }),
      ),
    )
  })
})

describe("makeTerritoryView", () => {
  it("hands back the empty territory, reading nothing, when no territory is named", async () => {
    const store = watched(makeMemoryEventStore())
    await runOn(store.store, installTerritory)
    store.takeRead()
    const view = makeTerritoryView()
    expect(await runOn(store.store, view(undefined))).toEqual({ exists: false })
    expect(store.takeRead()).toBe(0)
    expect((await runOn(store.store, view(DISTRICT))).exists).toBe(true)
    expect(store.takeRead()).toBeGreaterThan(0)
    expect((await runOn(store.store, view(DISTRICT))).exists).toBe(true)
    expect(store.takeRead()).toBe(0)
  })
})
