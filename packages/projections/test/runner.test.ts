import { Case, EventStore } from "@gridcase/core"
import { Deferred, Effect, Exit, Layer, Schedule, Scope } from "effect"
import { describe, expect, it } from "vitest"
import { OpenCases, Projection, ProjectionRunner, ReadModelStore } from "../src/index.ts"
import { openProjector } from "../src/runner/projector.ts"
import {
  appendCaseEvents,
  command,
  eventsOf,
  freshStores,
  fullLoop,
  provideReadModels,
  readEverything,
  report,
} from "./support/cases.ts"

/** Counts registered cases per grid-less key "all": a second projection that never meets a bad report. */
const registrations = (version = 1) =>
  Projection.define<Case.Event, { readonly count: number }>({
    name: "registrations",
    version,
    codec: Case.eventCodec,
    eventTypes: ["CaseRegistered"],
    keyOf: () => "all",
    handle: (doc) => ({ count: (doc?.count ?? 0) + 1 }),
  })

const run = <A, E>(
  effect: Effect.Effect<A, E, EventStore.EventStore | ReadModelStore.ReadModelStore | Scope.Scope>,
  layer: Layer.Layer<EventStore.EventStore | ReadModelStore.ReadModelStore>,
) => Effect.runPromise(Effect.scoped(Effect.provide(effect, layer)))

/** Waits until a runner reports the projection in the given phase. */
const awaitPhase = (
  runner: ProjectionRunner.ProjectionRunner,
  projection: string,
  phase: ProjectionRunner.Status["phase"],
) =>
  Effect.repeat(runner.statusOf(projection), {
    until: (status) => status.phase === phase,
    schedule: Schedule.spaced("5 millis"),
  })

const twoCases = eventsOf([
  report("c1", 0),
  ...fullLoop("c1", 1),
  report("c2", 2),
  command("RegisterCase", "c2", 3, {}),
])

describe("the projection runner", () => {
  it("catches up from history, then follows live appends", async () => {
    const { events, readModels, layer } = freshStores()
    await Effect.runPromise(appendCaseEvents(events, twoCases))
    await run(
      Effect.gen(function* () {
        const runner = yield* ProjectionRunner.start({ projections: [OpenCases.projection], batchSize: 3 })
        yield* runner.awaitLive(OpenCases.projection.name)
        expect((yield* runner.statusOf(OpenCases.projection.name)).position).toBe(twoCases.length)
        expect((yield* provideReadModels(readModels)(OpenCases.inGrid("grid-a"))).total).toBe(1)

        yield* appendCaseEvents(events, eventsOf([report("c3", 5)]))
        yield* runner.awaitPosition(OpenCases.projection.name, twoCases.length + 1)
        const grid = yield* provideReadModels(readModels)(OpenCases.inGrid("grid-a"))
        expect(grid.total).toBe(2)
        expect((yield* runner.statusOf(OpenCases.projection.name)).phase).toBe("live")
      }),
      layer,
    )
  })

  it("reports progress at each commit while catching up, then the switch to live", async () => {
    const { events, layer } = freshStores()
    await Effect.runPromise(appendCaseEvents(events, twoCases))
    const reports: Array<ProjectionRunner.Status> = []
    await run(
      Effect.gen(function* () {
        const runner = yield* ProjectionRunner.start({
          projections: [OpenCases.projection],
          // Pages of 2 events, committed 4 at a time.
          batchSize: 2,
          commitEvery: 4,
          headPosition: Effect.succeed(twoCases.length),
          onProgress: (status) => Effect.sync(() => reports.push(status)),
        })
        yield* runner.awaitLive(OpenCases.projection.name)
      }),
      layer,
    )
    const positions = reports.map((status) => status.position)
    expect(positions).toEqual([0, 4, 8, 11])
    expect(reports.map((status) => status.phase)).toEqual(["catchingUp", "catchingUp", "catchingUp", "live"])
    expect(reports.every((status) => status.head === twoCases.length)).toBe(true)
    expect(reports.at(-1)?.processed).toBe(twoCases.length)
  })

  it("commits what it has folded when stopped while catching up", async () => {
    const { events, readModels } = freshStores()
    await Effect.runPromise(appendCaseEvents(events, twoCases))
    const thirdPage = Effect.runSync(Deferred.make<void>())
    let pages = 0
    // The third page never comes: the runner is stopped while it waits for it.
    const stalling = EventStore.EventStore.of({
      ...events,
      readAll: (options) =>
        ++pages === 3
          ? Effect.andThen(Deferred.succeed(thirdPage, undefined), Effect.never)
          : events.readAll(options),
    })
    await run(
      Effect.gen(function* () {
        const runner = yield* ProjectionRunner.start({
          projections: [OpenCases.projection],
          batchSize: 2,
          commitEvery: 100,
        })
        yield* Deferred.await(thirdPage)
        expect(yield* readModels.checkpoint(OpenCases.projection.name)).toMatchObject({ position: 0 })
        yield* runner.stop
        expect(yield* readModels.checkpoint(OpenCases.projection.name)).toMatchObject({ position: 4 })
        expect((yield* runner.statusOf(OpenCases.projection.name)).phase).toBe("stopped")
      }),
      Layer.mergeAll(
        Layer.succeed(EventStore.EventStore, stalling),
        Layer.succeed(ReadModelStore.ReadModelStore, readModels),
      ),
    )
  })

  it("stops a projection at an undecodable event, naming stream and position, and keeps the others running", async () => {
    const { events, readModels, layer } = freshStores()
    await Effect.runPromise(appendCaseEvents(events, eventsOf([report("c1", 0)])))
    const bad = { eventId: "bad-1", schemaVersion: 1, recordedAt: 0 }
    await Effect.runPromise(
      events.append(
        "case-broken",
        [{ type: "CaseReported", data: { nonsense: true }, metadata: bad }],
        "any",
      ),
    )
    await Effect.runPromise(
      appendCaseEvents(events, eventsOf([report("c2", 1), command("RegisterCase", "c2", 2, {})])),
    )
    await run(
      Effect.gen(function* () {
        const runner = yield* ProjectionRunner.start({ projections: [OpenCases.projection, registrations()] })
        const error = yield* Effect.flip(runner.awaitPosition(OpenCases.projection.name, 4))
        expect(error).toBeInstanceOf(EventStore.EventDecodeError)
        expect(error).toMatchObject({ streamId: "case-broken", position: 2 })
        const status = yield* runner.statusOf(OpenCases.projection.name)
        expect(status).toMatchObject({ phase: "failed", position: 1 })
        // The event before the bad one is in; nothing after it is.
        expect((yield* provideReadModels(readModels)(OpenCases.inGrid("grid-a"))).total).toBe(1)

        yield* runner.awaitPosition("registrations", 4)
        yield* appendCaseEvents(events, eventsOf([report("c3", 3), command("RegisterCase", "c3", 4, {})]))
        yield* runner.awaitPosition("registrations", 6)
        expect(yield* readModels.get("registrations", "all")).toEqual({ count: 2 })
      }),
      layer,
    )
  })

  it("stops a projection whose handler throws at that event, without skipping it", async () => {
    const { events, readModels, layer } = freshStores()
    await Effect.runPromise(appendCaseEvents(events, twoCases))
    const brittle = Projection.define<Case.Event, number>({
      name: "brittle",
      version: 1,
      codec: Case.eventCodec,
      keyOf: (event) => event.caseId,
      handle: (doc, event) => {
        if (event._tag === "CaseAcknowledged") throw new Error("cannot take an acknowledgement")
        return (doc ?? 0) + 1
      },
    })
    await run(
      Effect.gen(function* () {
        const runner = yield* ProjectionRunner.start({ projections: [brittle] })
        const error = yield* Effect.flip(runner.awaitPosition("brittle", twoCases.length))
        expect(error).toBeInstanceOf(Projection.ProjectionHandlerFailed)
        expect(error).toMatchObject({ streamId: "case-c1", position: 4, type: "CaseAcknowledged" })
        expect((yield* readModels.checkpoint("brittle"))?.position).toBe(3)
        expect(yield* readModels.get("brittle", "c1")).toBe(3)
      }),
      layer,
    )
  })

  it("stops a projection visibly when its run dies of a defect", async () => {
    const { events, layer } = freshStores()
    await Effect.runPromise(appendCaseEvents(events, twoCases))
    await run(
      Effect.gen(function* () {
        const runner = yield* ProjectionRunner.start({
          projections: [registrations()],
          onProgress: () => Effect.die(new Error("the dashboard went away")),
        })
        const error = yield* Effect.flip(runner.awaitLive("registrations"))
        expect(error).toBeInstanceOf(Projection.ProjectionCrashed)
        expect(error.message).toContain("the dashboard went away")
        expect((yield* runner.statusOf("registrations")).phase).toBe("failed")
      }),
      layer,
    )
  })

  it("ignores a redelivered batch", async () => {
    const { events, readModels } = freshStores()
    await Effect.runPromise(
      Effect.gen(function* () {
        yield* appendCaseEvents(events, twoCases)
        const all = yield* readEverything(events)
        const projector = yield* openProjector(registrations(), readModels)
        expect((yield* projector.handle(all)).processed).toBe(all.length)
        const again = yield* projector.handle(all.slice(2))
        expect(again.processed).toBe(0)
        expect(yield* readModels.get("registrations", "all")).toEqual({ count: 2 })
      }),
    )
  })

  it("folds a page redelivered while staged once, and commits staged pages together", async () => {
    const { events, readModels } = freshStores()
    await Effect.runPromise(
      Effect.gen(function* () {
        yield* appendCaseEvents(events, twoCases)
        const all = yield* readEverything(events)
        const projector = yield* openProjector(registrations(), readModels)
        yield* projector.stage(all.slice(0, 6))
        yield* projector.stage(all.slice(3))
        expect(projector.staged()).toBe(all.length)
        expect(projector.reached()).toBe(all.length)
        expect(yield* readModels.checkpoint("registrations")).toMatchObject({ position: 0 })
        const outcome = yield* projector.commit
        expect(outcome).toMatchObject({ processed: all.length, checkpoint: { position: all.length } })
        expect(yield* readModels.get("registrations", "all")).toEqual({ count: 2 })
      }),
    )
  })

  it("never lets a stale process move a checkpoint back", async () => {
    const { events, readModels } = freshStores()
    await Effect.runPromise(
      Effect.gen(function* () {
        yield* appendCaseEvents(events, twoCases)
        const all = yield* readEverything(events)
        const fresh = yield* openProjector(registrations(), readModels)
        const stale = yield* openProjector(registrations(), readModels)
        yield* fresh.handle(all)
        const conflict = yield* Effect.flip(stale.handle(all.slice(0, 3)))
        expect(conflict).toBeInstanceOf(Projection.CheckpointConflict)
        expect(conflict).toMatchObject({ expected: { position: 0 }, actual: { position: all.length } })
        expect((yield* readModels.checkpoint("registrations"))?.position).toBe(all.length)
        expect(yield* readModels.get("registrations", "all")).toEqual({ count: 2 })
      }),
    )
  })

  it("rebuilds one projection from zero while the others keep running", async () => {
    const { events, readModels, layer } = freshStores()
    await Effect.runPromise(appendCaseEvents(events, twoCases))
    await run(
      Effect.gen(function* () {
        const runner = yield* ProjectionRunner.start({ projections: [OpenCases.projection, registrations()] })
        yield* runner.awaitPosition("registrations", twoCases.length)
        yield* runner.awaitPosition(OpenCases.projection.name, twoCases.length)
        const before = yield* readModels.checkpoint(OpenCases.projection.name)

        yield* runner.rebuild("registrations")
        yield* runner.awaitPosition("registrations", twoCases.length)
        expect(yield* readModels.get("registrations", "all")).toEqual({ count: 2 })
        expect((yield* readModels.checkpoint("registrations"))?.generation).toBe(2)
        expect(yield* readModels.checkpoint(OpenCases.projection.name)).toEqual(before)
        expect((yield* runner.statusOf(OpenCases.projection.name)).phase).toBe("live")
      }),
      layer,
    )
  })

  it("rebuilds a projection whose version changed", async () => {
    const { events, readModels } = freshStores()
    await Effect.runPromise(
      Effect.gen(function* () {
        yield* appendCaseEvents(events, twoCases)
        const all = yield* readEverything(events)
        yield* (yield* openProjector(registrations(1), readModels)).handle(all)
        const upgraded = yield* openProjector(registrations(2), readModels)
        expect(upgraded.checkpoint()).toEqual({ position: 0, generation: 2, version: 2 })
        expect(yield* readModels.get("registrations", "all")).toBeUndefined()
      }),
    )
  })

  it("stops gracefully and resumes from its checkpoint", async () => {
    const { events, readModels, layer } = freshStores()
    await Effect.runPromise(appendCaseEvents(events, twoCases))
    await run(
      Effect.gen(function* () {
        const runner = yield* ProjectionRunner.start({ projections: [registrations()] })
        yield* runner.awaitPosition("registrations", twoCases.length)
        yield* runner.stop
        expect((yield* runner.statusOf("registrations")).phase).toBe("stopped")
      }),
      layer,
    )
    await Effect.runPromise(
      appendCaseEvents(events, eventsOf([report("c3", 5), command("RegisterCase", "c3", 6, {})])),
    )
    await run(
      Effect.gen(function* () {
        const runner = yield* ProjectionRunner.start({ projections: [registrations()] })
        yield* runner.awaitPosition("registrations", twoCases.length + 2)
        const status = yield* runner.statusOf("registrations")
        expect(status.processed).toBe(1)
        expect(yield* readModels.get("registrations", "all")).toEqual({ count: 3 })
      }),
      layer,
    )
  })

  it("shares projections among runner processes by lease, and fails over when one stops", async () => {
    const { events, readModels, layer } = freshStores()
    await Effect.runPromise(appendCaseEvents(events, twoCases))
    const leases = ProjectionRunner.makeMemoryLeases()
    const options = { projections: [registrations()], leases, standbyRetry: "5 millis" } as const
    await run(
      Effect.gen(function* () {
        const first = yield* Scope.make()
        const active = yield* Scope.provide(ProjectionRunner.start(options), first)
        yield* active.awaitLive("registrations")
        const standby = yield* ProjectionRunner.start(options)
        yield* awaitPhase(standby, "registrations", "standby")

        yield* Scope.close(first, Exit.void)
        yield* standby.awaitLive("registrations")
        yield* appendCaseEvents(events, eventsOf([report("c3", 5), command("RegisterCase", "c3", 6, {})]))
        yield* standby.awaitPosition("registrations", twoCases.length + 2)
        expect(yield* readModels.get("registrations", "all")).toEqual({ count: 3 })
      }),
      layer,
    )
  })

  it("refuses projection definitions that cannot run", async () => {
    expect(() => registrations(0)).toThrow(Projection.InvalidProjectionDefinition)
    expect(() =>
      Projection.define<Case.Event, number>({
        name: "",
        version: 1,
        codec: Case.eventCodec,
        eventTypes: ["NoSuchEvent" as Case.Event["_tag"]],
        keyOf: () => "x",
        handle: () => 1,
      }),
    ).toThrow(/name must not be empty; the codec does not know event type "NoSuchEvent"/)
    const { layer } = freshStores()
    const exit = await Effect.runPromise(
      Effect.scoped(
        Effect.provide(
          Effect.exit(ProjectionRunner.start({ projections: [registrations(), registrations()] })),
          layer,
        ),
      ),
    )
    expect(Exit.isFailure(exit)).toBe(true)
    const sizes = await Effect.runPromise(
      Effect.scoped(
        Effect.provide(
          Effect.flip(
            ProjectionRunner.start({ projections: [registrations()], batchSize: 0, commitEvery: 1.5 }),
          ),
          layer,
        ),
      ),
    )
    expect(sizes.problems).toEqual([
      "batchSize must be a positive integer, got 0",
      "commitEvery must be a positive integer, got 1.5",
    ])
  })
})
