import { Case, EventStore } from "@gridcase/core"
import { Effect, Fiber, Layer, Schedule } from "effect"
import { describe, expect, it } from "vitest"
import { Projection, ProjectionRunner, ReadModelStore } from "../src/index.ts"
import { makeSqliteReadModelStore } from "../src/stores/sqlite/index.ts"
import { appendCaseEvents, command, eventsOf, freshStores, readEverything, report } from "./support/cases.ts"

/** Counts the registered cases under one key: a small projection that can be named apart. */
const registrations = (name: string, document: (count: number) => unknown = (count) => ({ count })) =>
  Projection.define<Case.Event, unknown>({
    name,
    version: 1,
    codec: Case.eventCodec,
    eventTypes: ["CaseRegistered"],
    keyOf: () => "all",
    handle: (doc) => document(((doc as { count?: number } | undefined)?.count ?? 0) + 1),
  })

/** The case's event count under its own key: a projection whose every new case is a document to load. */
const perCase = (name: string) =>
  Projection.define<Case.Event, unknown>({
    name,
    version: 1,
    codec: Case.eventCodec,
    keyOf: (event) => event.caseId,
    handle: (doc) => ({ events: ((doc as { events?: number } | undefined)?.events ?? 0) + 1 }),
  })

const registered = (id: string, hours: number) =>
  eventsOf([report(id, hours), command("RegisterCase", id, hours + 1, {})])

const lastPosition = (events: EventStore.Shape) =>
  Effect.map(readEverything(events), (all) => all.at(-1)?.position ?? 0)

const storesLayer = (events: EventStore.Shape, readModels: ReadModelStore.Shape) =>
  Layer.mergeAll(
    Layer.succeed(EventStore.EventStore, events),
    Layer.succeed(ReadModelStore.ReadModelStore, readModels),
  )

describe("the runner's shared feed", () => {
  it("brings a projection that caught up while the feed moved on up to the feed before it joins", async () => {
    const { events, readModels } = freshStores()
    await Effect.runPromise(appendCaseEvents(events, [...registered("c1", 0), ...registered("c2", 2)]))
    let runner: ProjectionRunner.ProjectionRunner | undefined
    let armed = false
    // The rebuilt projection's last catch-up page comes back empty; before the runner hears
    // so, another case is registered and the feed hands it to the live projection.
    const racing = EventStore.EventStore.of({
      ...events,
      readAll: (options) =>
        Effect.tap(events.readAll(options), (page) => {
          if (!armed || page.length > 0) return Effect.void
          armed = false
          return Effect.gen(function* () {
            yield* appendCaseEvents(events, registered("c3", 4))
            yield* runner!.awaitPosition("live", yield* lastPosition(events))
          }).pipe(Effect.orDie)
        }),
    })
    await Effect.runPromise(
      Effect.gen(function* () {
        runner = yield* ProjectionRunner.start({
          projections: [registrations("live"), registrations("rebuilt")],
        })
        yield* runner.awaitLive("rebuilt")
        armed = true
        yield* runner.rebuild("rebuilt")
        const head = yield* Effect.suspend(() => lastPosition(events)).pipe(
          Effect.repeat({ until: () => !armed, schedule: Schedule.spaced("5 millis") }),
        )
        yield* runner.awaitPosition("rebuilt", head).pipe(Effect.timeout("10 seconds"))
        expect(yield* readModels.get("rebuilt", "all")).toEqual({ count: 3 })
        expect(yield* readModels.get("live", "all")).toEqual({ count: 3 })
      }).pipe(Effect.provide(storesLayer(racing, readModels)), Effect.scoped),
    )
  })

  it("loads the documents every live projection lacks in one call per batch, never one per projection", async () => {
    const { events, readModels } = freshStores()
    await Effect.runPromise(appendCaseEvents(events, registered("c1", 0)))
    const loads: Array<string> = []
    const loadAlls: Array<ReadonlyArray<ReadModelStore.LoadRequest>> = []
    const counting = ReadModelStore.ReadModelStore.of({
      ...readModels,
      load: (projection, keys) =>
        Effect.andThen(
          Effect.sync(() => loads.push(projection)),
          readModels.load(projection, keys),
        ),
      loadAll: (requests) =>
        Effect.andThen(
          Effect.sync(() => loadAlls.push(requests)),
          readModels.loadAll(requests),
        ),
    })
    const names = ["first", "second", "third"]
    await Effect.runPromise(
      Effect.gen(function* () {
        const runner = yield* ProjectionRunner.start({ projections: names.map(perCase) })
        yield* Effect.forEach(names, runner.awaitLive, { discard: true })
        loads.length = 0
        loadAlls.length = 0
        yield* appendCaseEvents(events, eventsOf([report("c2", 1)]))
        const head = yield* lastPosition(events)
        yield* Effect.forEach(names, (name) => runner.awaitPosition(name, head), { discard: true })
        expect(loads).toEqual([])
        expect(loadAlls).toEqual([names.map((projection) => ({ projection, keys: ["c2"] }))])
        for (const name of names) expect(yield* readModels.get(name, "c2")).toEqual({ events: 1 })
        // The next event of the case finds every document in the projectors' caches: no load at all.
        yield* appendCaseEvents(
          events,
          eventsOf([report("c2", 1), command("RegisterCase", "c2", 2, {})]).slice(1),
        )
        const next = yield* lastPosition(events)
        yield* Effect.forEach(names, (name) => runner.awaitPosition(name, next), { discard: true })
        expect([loads, loadAlls.length]).toEqual([[], 1])
        for (const name of names) expect(yield* readModels.get(name, "c2")).toEqual({ events: 2 })
      }).pipe(Effect.provide(storesLayer(events, counting)), Effect.scoped),
    )
  })

  it("awaitFeed ends once every projection following the feed has committed the position, one wait for all", async () => {
    const { events, readModels } = freshStores()
    await Effect.runPromise(appendCaseEvents(events, registered("c1", 0)))
    // Commits take a while, so a wait that ended before them would find the positions short.
    const slow = ReadModelStore.ReadModelStore.of({
      ...readModels,
      commitAll: (requests) => Effect.andThen(Effect.sleep("30 millis"), readModels.commitAll(requests)),
    })
    const names = ["first", "second", "third"]
    await Effect.runPromise(
      Effect.gen(function* () {
        const runner = yield* ProjectionRunner.start({ projections: names.map(perCase) })
        yield* Effect.forEach(names, runner.awaitLive, { discard: true })
        for (const hours of [1, 2, 3]) {
          yield* appendCaseEvents(events, eventsOf([report(`c${hours + 1}`, hours)]))
          const head = yield* lastPosition(events)
          yield* runner.awaitFeed(head).pipe(Effect.timeout("5 seconds"))
          expect((yield* runner.status).map((status) => status.position >= head)).toEqual([true, true, true])
        }
        // A wait for a position never written ends when the feed stops reading (nothing follows it).
        const waiting = yield* Effect.forkChild(runner.awaitFeed(Number.MAX_SAFE_INTEGER))
        yield* Effect.yieldNow
        yield* runner.stop
        yield* Fiber.join(waiting).pipe(Effect.timeout("1 second"))
        yield* runner.awaitFeed(Number.MAX_SAFE_INTEGER).pipe(Effect.timeout("1 second"))
      }).pipe(Effect.provide(storesLayer(events, slow)), Effect.scoped),
    )
  })

  it("rolls a shared commit back whole when one projection's rows cannot be written: no checkpoint passes its rows, and the others go on without it", async () => {
    const { events } = freshStores()
    await Effect.runPromise(appendCaseEvents(events, registered("c1", 0)))
    // The second registration gives a document SQLite cannot store (JSON has no bigint).
    const poisoned = registrations("poisoned", (count) => (count >= 2 ? { count: BigInt(count) } : { count }))
    await Effect.runPromise(
      Effect.gen(function* () {
        const readModels = yield* makeSqliteReadModelStore({ filename: ":memory:" })
        const runner = yield* ProjectionRunner.start({
          projections: [registrations("healthy"), poisoned, registrations("also-healthy")],
          retry: { baseDelay: "2 millis", maxDelay: "10 millis" },
        }).pipe(Effect.provide(storesLayer(events, readModels)))
        yield* Effect.forEach(["healthy", "poisoned", "also-healthy"], runner.awaitLive, { discard: true })
        const before = yield* lastPosition(events)
        yield* appendCaseEvents(events, [
          ...registered("c2", 10),
          ...eventsOf([report("c4", 11)]),
          ...registered("c3", 12),
        ])
        const head = yield* lastPosition(events)
        yield* runner.awaitPosition("healthy", head)
        yield* runner.awaitPosition("also-healthy", head)
        expect(yield* readModels.get("healthy", "all")).toEqual({ count: 3 })
        expect(yield* readModels.get("also-healthy", "all")).toEqual({ count: 3 })
        const stuck = yield* runner.statusOf("poisoned")
        expect(stuck.phase).toBe("retrying")
        expect(stuck.error?._tag).toBe("ReadModelStoreUnavailable")
        // Its checkpoint stays short of the registration it cannot write, its document with it.
        const checkpoint = yield* readModels.checkpoint("poisoned")
        const all = yield* readEverything(events)
        const secondRegistration = all.filter((event) => event.type === "CaseRegistered")[1]!.position
        expect(checkpoint!.position).toBeGreaterThanOrEqual(before)
        expect(checkpoint!.position).toBeLessThan(secondRegistration)
        expect(yield* readModels.get("poisoned", "all")).toEqual({ count: 1 })
      }).pipe(Effect.scoped),
    )
  })
})
