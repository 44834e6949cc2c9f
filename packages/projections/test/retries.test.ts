import { Case, EventStore } from "@gridcase/core"
import { Duration, Effect, Layer, Schedule, type Scope } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Projection, ProjectionRunner, ReadModelStore } from "../src/index.ts"
import { openProjector } from "../src/runner/projector.ts"
import { makeBackoff, retrySchedule } from "../src/runner/retry.ts"
import {
  appendCaseEvents,
  command,
  eventsOf,
  freshStores,
  fullLoop,
  readEverything,
  report,
} from "./support/cases.ts"
import { type Faults, flakyEventStore, flakyReadModelStore, noFaults } from "./support/faults.ts"

/** Events per case, counted once each: an event folded twice or skipped shows in the counts. */
const tally = Projection.define<Case.Event, number>({
  name: "tally",
  version: 1,
  codec: Case.eventCodec,
  keyOf: (event) => event.caseId,
  handle: (doc) => (doc ?? 0) + 1,
})

const twoCases = eventsOf([
  report("c1", 0),
  ...fullLoop("c1", 1),
  report("c2", 2),
  command("RegisterCase", "c2", 3, {}),
])
/** What `tally` holds once it has folded `twoCases`. */
const TALLIED = { c1: 9, c2: 2 }

const FAST = { baseDelay: "1 millis", maxDelay: "4 millis" } as const

/**
 * Runs `body` against a runner of `tally` over memory stores holding `twoCases`, behind
 * wrappers that fail as `faults` says; hands it the runner, the statuses reported through
 * `onProgress`, and the unwrapped stores.
 */
const withRunner = <A, E>(
  faults: Faults,
  options: Omit<ProjectionRunner.Options, "projections" | "onProgress">,
  body: (
    runner: ProjectionRunner.ProjectionRunner,
    reported: ReadonlyArray<ProjectionRunner.Status>,
    stores: ReturnType<typeof freshStores>,
  ) => Effect.Effect<A, E, Scope.Scope>,
  wrapEvents: (events: EventStore.Shape) => EventStore.Shape = (events) => events,
) => {
  const stores = freshStores()
  const reported: Array<ProjectionRunner.Status> = []
  const layer = Layer.mergeAll(
    Layer.succeed(
      EventStore.EventStore,
      EventStore.EventStore.of(wrapEvents(flakyEventStore(stores.events, faults))),
    ),
    Layer.succeed(
      ReadModelStore.ReadModelStore,
      ReadModelStore.ReadModelStore.of(flakyReadModelStore(stores.readModels, faults)),
    ),
  )
  return Effect.runPromise(
    Effect.gen(function* () {
      yield* appendCaseEvents(stores.events, twoCases)
      const runner = yield* ProjectionRunner.start({
        projections: [tally],
        onProgress: (status) => Effect.sync(() => reported.push(status)),
        ...options,
      })
      return yield* body(runner, reported, stores)
    }).pipe(Effect.provide(layer), Effect.scoped),
  )
}

/** Waits until the projection's status satisfies `until`, polling it. */
const awaitStatus = (
  runner: ProjectionRunner.ProjectionRunner,
  until: (status: ProjectionRunner.Status) => boolean,
) => Effect.repeat(runner.statusOf(tally.name), { until, schedule: Schedule.spaced("1 millis") })

const tallied = (stores: ReturnType<typeof freshStores>) =>
  Effect.map(stores.readModels.load(tally.name, ["c1", "c2"]), (docs) =>
    Object.fromEntries([...docs].map(([key, stored]) => [key, stored.doc])),
  )

describe("the runner's retries", () => {
  it("says it is retrying while the event store is gone, with the count and the last error, then carries on", async () => {
    const faults = noFaults()
    faults.eventReads = Number.POSITIVE_INFINITY
    await withRunner(faults, { retry: FAST }, (runner, reported, stores) =>
      Effect.gen(function* () {
        const retrying = yield* awaitStatus(runner, (status) => status.attempts >= 3)
        expect(retrying.phase).toBe("retrying")
        expect(retrying.error).toBeInstanceOf(EventStore.StoreUnavailable)
        expect(retrying.error?.message).toMatch(/^fault \d+: the event store is unreachable$/)
        expect(reported.filter((status) => status.phase === "retrying").map((s) => s.attempts)).toEqual(
          expect.arrayContaining([1, 2, 3]),
        )

        faults.eventReads = 0
        yield* runner.awaitLive(tally.name)
        expect(yield* runner.statusOf(tally.name)).toMatchObject({
          phase: "live",
          position: twoCases.length,
          attempts: 0,
          error: undefined,
        })
        expect(yield* tallied(stores)).toEqual(TALLIED)
      }),
    )
  })

  it("drops the staged pages of a failed try and reads them again from the durable checkpoint", async () => {
    // Where each page was read from; the third read fails, with two pages staged and none committed.
    const afters: Array<number | undefined> = []
    const thirdReadFails = (events: EventStore.Shape): EventStore.Shape => ({
      ...events,
      readAll: (options) => {
        afters.push(options?.after)
        return afters.length === 3
          ? Effect.fail(new EventStore.StoreUnavailable({ message: "connection reset" }))
          : events.readAll(options)
      },
    })
    await withRunner(
      noFaults(),
      { retry: FAST, batchSize: 2, commitEvery: 100 },
      (runner, reported, stores) =>
        Effect.gen(function* () {
          yield* runner.awaitLive(tally.name)
          expect(afters.slice(0, 4)).toEqual([0, 2, 4, 0])
          expect(reported.find((status) => status.phase === "retrying")).toMatchObject({
            position: 0,
            attempts: 1,
          })
          expect(yield* tallied(stores)).toEqual(TALLIED)
          expect((yield* runner.statusOf(tally.name)).processed).toBe(twoCases.length)
        }),
      thirdReadFails,
    )
  })

  it("takes a commit whose reply was lost as landed when the store holds it, folding nothing twice", async () => {
    const faults = noFaults()
    // The first write is the projection's reset at its first start, the second its first batch.
    faults.lostReplies = 2
    await withRunner(faults, { retry: FAST }, (runner, reported, stores) =>
      Effect.gen(function* () {
        yield* runner.awaitLive(tally.name)
        expect(faults.lostReplies).toBe(0)
        expect(reported.filter((status) => status.phase === "retrying").map((s) => s.attempts)).toEqual([
          1, 2,
        ])
        expect(yield* stores.readModels.checkpoint(tally.name)).toMatchObject({
          generation: 1,
          position: twoCases.length,
        })
        expect(yield* tallied(stores)).toEqual(TALLIED)
      }),
    )
  })

  it("rides out a read-model store that refuses writes and reads, live as well as catching up", async () => {
    const faults = noFaults()
    faults.lostWrites = 2
    await withRunner(faults, { retry: FAST }, (runner, _reported, stores) =>
      Effect.gen(function* () {
        yield* runner.awaitLive(tally.name)
        faults.modelReads = 1
        faults.lostWrites = 1
        faults.lostReplies = 1
        yield* appendCaseEvents(
          stores.events,
          eventsOf([report("c3", 5), command("RegisterCase", "c3", 6, {})]),
        )
        yield* runner.awaitPosition(tally.name, twoCases.length + 2)
        expect(yield* stores.readModels.get(tally.name, "c3")).toBe(2)
        expect(yield* tallied(stores)).toEqual(TALLIED)
      }),
    )
  })

  it("fails at once, naming stream and position, on an error retrying cannot cure", async () => {
    const faults = noFaults()
    await withRunner(faults, { retry: FAST }, (runner, reported, stores) =>
      Effect.gen(function* () {
        yield* runner.awaitLive(tally.name)
        yield* stores.events.append(
          "case-broken",
          [
            {
              type: "CaseReported",
              data: { nonsense: true },
              metadata: { eventId: "bad-1", schemaVersion: 1, recordedAt: 0 },
            },
          ],
          "any",
        )
        const error = yield* Effect.flip(runner.awaitPosition(tally.name, twoCases.length + 1))
        expect(error).toBeInstanceOf(EventStore.EventDecodeError)
        expect(error).toMatchObject({ streamId: "case-broken", position: twoCases.length + 1 })
        expect(yield* runner.statusOf(tally.name)).toMatchObject({
          phase: "failed",
          position: twoCases.length,
          attempts: 0,
        })
        expect(reported.some((status) => status.phase === "retrying")).toBe(false)
      }),
    )
  })

  it("fails with CheckpointConflict when another process moved the checkpoint while it retried", async () => {
    const faults = noFaults()
    await withRunner(faults, { retry: FAST }, (runner, _reported, stores) =>
      Effect.gen(function* () {
        yield* runner.awaitLive(tally.name)
        faults.eventReads = Number.POSITIVE_INFINITY
        yield* appendCaseEvents(stores.events, eventsOf([report("c3", 5)]))
        yield* awaitStatus(runner, (status) => status.phase === "retrying")
        // Another process, sharing the store without leases, folds the new event.
        const other = yield* openProjector(tally, stores.readModels)
        yield* other.handle(yield* readEverything(stores.events))

        const error = yield* Effect.flip(runner.awaitLive(tally.name))
        expect(error).toBeInstanceOf(Projection.CheckpointConflict)
        expect(error).toMatchObject({
          expected: { position: twoCases.length },
          actual: { position: twoCases.length + 1 },
        })
        expect((yield* runner.statusOf(tally.name)).phase).toBe("failed")
        expect(yield* stores.readModels.get(tally.name, "c3")).toBe(1)
      }),
    )
  })

  it("fails with the last error once maxAttempts tries in a row have failed", async () => {
    const faults = noFaults()
    faults.modelReads = Number.POSITIVE_INFINITY
    await withRunner(faults, { retry: { ...FAST, maxAttempts: 3 } }, (runner, reported) =>
      Effect.gen(function* () {
        const error = yield* Effect.flip(runner.awaitLive(tally.name))
        expect(error).toBeInstanceOf(ReadModelStore.ReadModelStoreUnavailable)
        expect(error.message).toBe("fault 3: the read-model store is unreachable")
        expect(yield* runner.statusOf(tally.name)).toMatchObject({ phase: "failed", attempts: 3, error })
        expect(reported.filter((status) => status.phase === "retrying").map((s) => s.attempts)).toEqual([
          1, 2,
        ])
        expect(faults.fired).toBe(3)
      }),
    )
  })

  it("never retries with maxAttempts 1, as before retries existed", async () => {
    const faults = noFaults()
    faults.eventReads = 1
    await withRunner(faults, { retry: { maxAttempts: 1 } }, (runner, reported) =>
      Effect.gen(function* () {
        const error = yield* Effect.flip(runner.awaitLive(tally.name))
        expect(error).toBeInstanceOf(EventStore.StoreUnavailable)
        expect(yield* runner.statusOf(tally.name)).toMatchObject({ phase: "failed", attempts: 1 })
        expect(reported.some((status) => status.phase === "retrying")).toBe(false)
      }),
    )
  })

  it("counts tries in a row: a try that gets through starts the count over", async () => {
    const faults = noFaults()
    faults.eventReads = 2
    await withRunner(faults, { retry: { ...FAST, maxAttempts: 3 } }, (runner, _reported, stores) =>
      Effect.gen(function* () {
        yield* runner.awaitLive(tally.name)
        expect((yield* runner.statusOf(tally.name)).attempts).toBe(0)
        // Two more failures in a row: within maxAttempts again, since the count started over.
        faults.eventReads = 2
        yield* appendCaseEvents(stores.events, eventsOf([report("c3", 5)]))
        yield* runner.awaitPosition(tally.name, twoCases.length + 1)
        expect((yield* runner.statusOf(tally.name)).phase).not.toBe("failed")
      }),
    )
  })

  it("gives a lease back when its store fails, and takes it again once the store is back", async () => {
    const faults = noFaults()
    const leases = ProjectionRunner.makeMemoryLeases()
    let refusals = 2
    await withRunner(
      faults,
      {
        retry: FAST,
        standbyRetry: "1 millis",
        leases: {
          tryAcquire: (projection) =>
            refusals-- > 0
              ? Effect.fail(
                  new ReadModelStore.ReadModelStoreUnavailable({ message: "lease connection lost" }),
                )
              : leases.tryAcquire(projection),
        },
      },
      (runner, reported, stores) =>
        Effect.gen(function* () {
          yield* runner.awaitLive(tally.name)
          expect(reported.filter((status) => status.phase === "retrying").map((s) => s.attempts)).toEqual([
            1, 2,
          ])
          expect(yield* tallied(stores)).toEqual(TALLIED)
        }),
    )
  })

  it("refuses retry policies that cannot run, listing every problem", async () => {
    const { layer } = freshStores()
    const refusal = await Effect.runPromise(
      Effect.flip(
        ProjectionRunner.start({
          projections: [tally],
          retry: { baseDelay: "2 seconds", maxDelay: "1 second", maxAttempts: 0 },
        }),
      ).pipe(Effect.provide(layer), Effect.scoped),
    )
    expect(refusal.problems).toEqual([
      "retry.maxDelay (1s) must not be below retry.baseDelay (2s)",
      'retry.maxAttempts must be a positive integer or "forever", got 0',
    ])
    expect(retrySchedule({ baseDelay: -5 })).toEqual({
      problems: ["retry.baseDelay must be a positive duration, got -5"],
    })
    expect(retrySchedule({ maxDelay: Duration.infinity })).toMatchObject({
      problems: [expect.stringMatching(/^retry\.maxDelay must be a positive duration/)],
    })
  })
})

describe("the retry backoff", () => {
  it("waits from baseDelay doubling, jittered by a fifth either way, never above maxDelay, maxAttempts − 1 times", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 15 }),
        async (base, extra, maxAttempts) => {
          const max = base + extra
          const planned = retrySchedule({ baseDelay: base, maxDelay: max, maxAttempts })
          if (!("schedule" in planned)) throw new Error(planned.problems.join("; "))
          const delays = await Effect.runPromise(
            Effect.gen(function* () {
              const backoff = yield* makeBackoff(planned.schedule)
              const taken: Array<number | undefined> = []
              for (let i = 0; i < maxAttempts; i++) {
                const delay = yield* backoff.next
                taken.push(delay === undefined ? undefined : Duration.toMillis(delay))
              }
              yield* backoff.reset
              const afterReset = yield* backoff.next
              return {
                taken,
                afterReset: afterReset === undefined ? undefined : Duration.toMillis(afterReset),
              }
            }),
          )
          // maxAttempts tries wait maxAttempts − 1 times; the next failure is the last.
          expect(delays.taken.at(-1)).toBeUndefined()
          delays.taken.slice(0, -1).forEach((delay, index) => {
            const planned = base * 2 ** index
            expect(delay).toBeGreaterThanOrEqual(Math.min(planned * 0.8, max))
            expect(delay).toBeLessThanOrEqual(Math.min(planned * 1.2, max))
          })
          if (maxAttempts > 1) {
            expect(delays.afterReset).toBeGreaterThanOrEqual(Math.min(base * 0.8, max))
            expect(delays.afterReset).toBeLessThanOrEqual(Math.min(base * 1.2, max))
          }
        },
      ),
    )
  })
})
