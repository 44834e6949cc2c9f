import type { EventStore } from "@gridcase/core"
import { Effect, Fiber, Stream } from "effect"
import { describe, expect, it } from "vitest"
import { describeConcurrencyContract } from "./concurrency.ts"
import { newEvent, newEvents, run, runFailure } from "./fixtures.ts"
import { type EventStoreHarness, withStore } from "./harness.ts"
import { describeModelContract } from "./model.ts"

const idsOf = (events: ReadonlyArray<EventStore.RecordedEvent>) =>
  events.map((event) => event.metadata.eventId)

/**
 * Starts a subscription in the background that collects `count` events; `caughtUp` resolves
 * once it has delivered the first `caughtUpAfter`, so later appends are live ones.
 */
const subscribeInBackground = (
  store: EventStore.Shape,
  count: number,
  options: EventStore.SubscribeOptions = {},
  caughtUpAfter = 0,
) => {
  let delivered = 0
  let markCaughtUp = () => {}
  const caughtUp = new Promise<void>((resolve) => {
    markCaughtUp = resolve
  })
  if (caughtUpAfter === 0) markCaughtUp()
  const fiber = Effect.runFork(
    store.subscribe(options).pipe(
      Stream.tap(() =>
        Effect.sync(() => {
          if (++delivered === caughtUpAfter) markCaughtUp()
        }),
      ),
      Stream.take(count),
      Stream.runCollect,
    ),
  )
  return { caughtUp, events: () => run(Fiber.join(fiber)) }
}

/** Registers one test that runs on a store of its own. */
type StoreTest = (title: string, body: (store: EventStore.Shape) => Promise<void>) => void

const describeExpectedVersion = (test: StoreTest) =>
  describe("expected version", () => {
    test("noStream succeeds on a new stream and fails once it exists", async (store) => {
      const first = await run(store.append("case-1", newEvents(2), "noStream"))
      expect(first.nextExpectedVersion).toBe(2)
      const error = await runFailure(store.append("case-1", newEvents(1), "noStream"))
      expect(error).toMatchObject({ _tag: "WrongExpectedVersion", streamId: "case-1", actual: 2 })
    })

    test("exists fails on a new stream and succeeds once it exists", async (store) => {
      const error = await runFailure(store.append("case-1", newEvents(1), "exists"))
      expect(error).toMatchObject({ _tag: "WrongExpectedVersion", expected: "exists", actual: 0 })
      await run(store.append("case-1", newEvents(1), "any"))
      expect((await run(store.append("case-1", newEvents(1), "exists"))).nextExpectedVersion).toBe(2)
    })

    test("an exact version must equal the stream's last revision; 0 means empty", async (store) => {
      expect((await run(store.append("case-1", newEvents(3), 0))).nextExpectedVersion).toBe(3)
      expect((await run(store.append("case-1", newEvents(1), 3))).nextExpectedVersion).toBe(4)
      const error = await runFailure(store.append("case-1", newEvents(1), 2))
      expect(error).toMatchObject({ _tag: "WrongExpectedVersion", expected: 2, actual: 4 })
    })

    test("any appends whatever the stream's state", async (store) => {
      await run(store.append("case-1", newEvents(1), "any"))
      expect((await run(store.append("case-1", newEvents(1), "any"))).nextExpectedVersion).toBe(2)
    })

    test("a conflicting append changes nothing", async (store) => {
      await run(store.append("case-1", newEvents(2), "noStream"))
      await runFailure(store.append("case-1", newEvents(3), 1))
      await runFailure(store.append("case-2", newEvents(3), "exists"))
      expect(await run(store.readStream("case-1"))).toHaveLength(2)
      expect(await run(store.readStream("case-2"))).toEqual([])
      expect(await run(store.readAll())).toHaveLength(2)
    })

    test("an empty append checks the version and writes nothing", async (store) => {
      const appended = await run(store.append("case-1", newEvents(2), "noStream"))
      expect(await run(store.append("case-1", [], 2))).toEqual(appended)
      expect(await runFailure(store.append("case-1", [], 1))).toMatchObject({
        _tag: "WrongExpectedVersion",
      })
      expect(await run(store.append("case-2", [], "noStream"))).toEqual({
        nextExpectedVersion: 0,
        lastPosition: 0,
      })
      expect(await run(store.readAll())).toHaveLength(2)
    })
  })

/** What a store hands back is what was appended, down to the shape of the object. */
const roundTripTests = (test: StoreTest) => {
  test("round-trips type, payload and every metadata field", async (store) => {
    const event = newEvent(
      "CaseReported",
      {
        title: "楼上漏水",
        photos: ["a.jpg", "b.jpg"],
        location: { lat: 20.04, lng: 110.35 },
        urgent: true,
      },
      {
        schemaVersion: 3,
        recordedAt: 1_717_171_717_171,
        commandId: "cmd-1",
        correlationId: "corr-1",
        causationId: "cause-1",
        actor: "网格员-007",
      },
    )
    await run(store.append("case-1", [event], "noStream"))
    const [read] = await run(store.readStream("case-1"))
    expect(read).toMatchObject({ streamId: "case-1", revision: 1, type: event.type })
    expect(read!.data).toEqual(event.data)
    expect(read!.metadata).toEqual(event.metadata)
    const [fromAll] = await run(store.readAll())
    expect(fromAll).toEqual(read)
  })

  test("hands back events that spread, serialise and clone like plain objects", async (store) => {
    const event = newEvent("CaseNoted", { n: 1 }, { correlationId: "corr-1", actor: "网格员-2" })
    await run(store.append("case-1", [event], "noStream"))
    const [read] = await run(store.readAll())
    const plain = { streamId: "case-1", revision: 1, position: read!.position, ...event }
    expect(Object.keys(read!).sort()).toEqual(Object.keys(plain).sort())
    expect({ ...read! }).toEqual(plain)
    expect(JSON.parse(JSON.stringify(read))).toEqual(plain)
    expect(structuredClone(read)).toEqual(plain)
  })
}

const describeStreamReads = (test: StoreTest) =>
  describe("append and read a stream", () => {
    test("numbers revisions from 1 and positions strictly upwards, across streams", async (store) => {
      const a = await run(store.append("case-a", newEvents(2), "noStream"))
      const b = await run(store.append("case-b", newEvents(1), "noStream"))
      expect(b.lastPosition).toBeGreaterThan(a.lastPosition)
      const all = await run(store.readAll())
      expect(all.map((event) => [event.streamId, event.revision])).toEqual([
        ["case-a", 1],
        ["case-a", 2],
        ["case-b", 1],
      ])
      expect(all[0]!.position).toBeGreaterThanOrEqual(1)
      expect(all[1]!.position).toBeGreaterThan(all[0]!.position)
      expect(all[1]!.position).toBe(a.lastPosition)
      expect(all[2]!.position).toBe(b.lastPosition)
    })

    test("reads forwards from a revision, at most maxCount", async (store) => {
      const events = newEvents(5)
      await run(store.append("case-1", events, "noStream"))
      const read = await run(store.readStream("case-1", { fromRevision: 2, maxCount: 3 }))
      expect(read.map((event) => event.revision)).toEqual([2, 3, 4])
      expect(idsOf(read)).toEqual(idsOf(await run(store.readStream("case-1"))).slice(1, 4))
      expect(await run(store.readStream("case-1", { fromRevision: 6 }))).toEqual([])
    })

    test("reads backwards from the end or from a revision", async (store) => {
      await run(store.append("case-1", newEvents(5), "noStream"))
      const fromEnd = await run(store.readStream("case-1", { direction: "backwards", maxCount: 2 }))
      expect(fromEnd.map((event) => event.revision)).toEqual([5, 4])
      const fromThree = await run(store.readStream("case-1", { direction: "backwards", fromRevision: 3 }))
      expect(fromThree.map((event) => event.revision)).toEqual([3, 2, 1])
    })

    test("a stream that was never written reads as empty", async (store) => {
      expect(await run(store.readStream("nobody"))).toEqual([])
      expect(await run(store.readStream("nobody", { direction: "backwards" }))).toEqual([])
    })

    roundTripTests(test)
  })

const describeIdempotentRetries = (test: StoreTest, harness: EventStoreHarness) =>
  describe("idempotent retries by event id", () => {
    test("a retried append returns the original result and writes nothing", async (store) => {
      const events = newEvents(3)
      const original = await run(store.append("case-1", events, "noStream"))
      await run(store.append("case-1", newEvents(1), "any"))
      expect(await run(store.append("case-1", events, "noStream"))).toEqual(original)
      expect(await run(store.readStream("case-1"))).toHaveLength(4)
    })

    test("re-using only some ids fails with DuplicateEventId and writes nothing", async (store) => {
      const events = newEvents(2)
      await run(store.append("case-1", events, "noStream"))
      const error = await runFailure(store.append("case-1", [events[1]!, newEvent("CaseNoted")], "any"))
      expect(error).toMatchObject({ _tag: "DuplicateEventId", eventId: events[1]!.metadata.eventId })
      expect(await run(store.readAll())).toHaveLength(2)
    })

    const perStreamIds = harness.uniqueEventIdsAcrossStreams === false
    it.skipIf(perStreamIds)(
      `an id stored in another stream is a DuplicateEventId${perStreamIds ? " (skipped: the store declares uniqueEventIdsAcrossStreams: false)" : ""}`,
      withStore(harness, async (store) => {
        const events = newEvents(1)
        await run(store.append("case-1", events, "noStream"))
        const error = await runFailure(store.append("case-2", events, "any"))
        expect(error).toMatchObject({ _tag: "DuplicateEventId", streamId: "case-2" })
        expect(await run(store.readStream("case-2"))).toEqual([])
      }),
    )

    test("the same id twice in one append is a DuplicateEventId", async (store) => {
      const event = newEvent("CaseNoted")
      const error = await runFailure(store.append("case-1", [event, event], "any"))
      expect(error).toMatchObject({ _tag: "DuplicateEventId" })
      expect(await run(store.readAll())).toEqual([])
    })
  })

const describeReadAll = (test: StoreTest) =>
  describe("read all", () => {
    test("pages after a checkpoint with maxCount, defaulting to 1,000 events", async (store) => {
      await run(store.append("case-1", newEvents(1_005), "noStream"))
      const firstPage = await run(store.readAll())
      expect(firstPage).toHaveLength(1_000)
      const rest = await run(store.readAll({ after: firstPage.at(-1)!.position }))
      expect(rest.map((event) => event.revision)).toEqual([1_001, 1_002, 1_003, 1_004, 1_005])
      const small = await run(store.readAll({ after: firstPage[1]!.position, maxCount: 2 }))
      expect(small.map((event) => event.revision)).toEqual([3, 4])
    })

    test("filters by event type and stream prefix, both combined with AND", async (store) => {
      await run(store.append("case-1", [newEvent("CaseReported"), newEvent("CaseNoted")], "noStream"))
      await run(store.append("visit-1", [newEvent("VisitRecorded"), newEvent("CaseReported")], "noStream"))
      await run(store.append("case-2", [newEvent("CaseReported")], "noStream"))
      const byType = await run(store.readAll({ types: ["CaseReported"] }))
      expect(byType.map((event) => event.streamId)).toEqual(["case-1", "visit-1", "case-2"])
      const byPrefix = await run(store.readAll({ streamPrefix: "case-" }))
      expect(byPrefix.map((event) => event.type)).toEqual(["CaseReported", "CaseNoted", "CaseReported"])
      const both = await run(store.readAll({ streamPrefix: "case-", types: ["CaseNoted", "VisitRecorded"] }))
      expect(both.map((event) => [event.streamId, event.type])).toEqual([["case-1", "CaseNoted"]])
      const paged = await run(
        store.readAll({ types: ["CaseReported"], after: byType[0]!.position, maxCount: 1 }),
      )
      expect(paged.map((event) => event.streamId)).toEqual(["visit-1"])
    })

    test("a stream prefix is literal, not a pattern", async (store) => {
      await run(store.append("a%b_1", newEvents(1), "noStream"))
      await run(store.append("axbx1", newEvents(1), "noStream"))
      const read = await run(store.readAll({ streamPrefix: "a%b_" }))
      expect(read.map((event) => event.streamId)).toEqual(["a%b_1"])
    })
  })

const describeSubscribe = (test: StoreTest) =>
  describe("subscribe", () => {
    test("catches up from a checkpoint, then follows live appends without gaps or repeats", async (store) => {
      await run(store.append("case-1", newEvents(3), "noStream"))
      const [first] = await run(store.readAll({ maxCount: 1 }))
      const subscription = subscribeInBackground(store, 6, { after: first!.position }, 2)
      await subscription.caughtUp
      await run(store.append("case-2", newEvents(2), "noStream"))
      await run(store.append("case-1", newEvents(2), 3))
      const seen = await subscription.events()
      const expected = (await run(store.readAll())).slice(1, 7)
      expect(seen).toEqual(expected)
    })

    test("applies type and stream-prefix filters to catch-up and live events", async (store) => {
      await run(store.append("case-1", [newEvent("CaseReported"), newEvent("CaseNoted")], "noStream"))
      const subscription = subscribeInBackground(
        store,
        3,
        { types: ["CaseReported"], streamPrefix: "case-" },
        1,
      )
      await subscription.caughtUp
      await run(store.append("visit-1", [newEvent("CaseReported")], "noStream"))
      await run(store.append("case-2", [newEvent("CaseNoted"), newEvent("CaseReported")], "noStream"))
      await run(store.append("case-3", [newEvent("CaseReported")], "noStream"))
      const seen = await subscription.events()
      expect(seen.map((event) => event.streamId)).toEqual(["case-1", "case-2", "case-3"])
    })

    test("delivers events appended while it is catching up exactly once", async (store) => {
      await run(store.append("case-0", newEvents(2_500), "noStream"))
      const subscription = subscribeInBackground(store, 2_600)
      for (let batch = 1; batch <= 10; batch++) {
        await run(store.append(`case-${batch}`, newEvents(10), "noStream"))
      }
      const seen = await subscription.events()
      const positions = seen.map((event) => event.position)
      expect(new Set(idsOf(seen)).size).toBe(2_600)
      expect(positions).toEqual([...positions].sort((a, b) => a - b))
    })
  })

/**
 * The event-store port's promises as a vitest suite (契约测试). Every adapter of this package
 * runs it; run it against your own store by calling it from a test file:
 *
 * ```ts
 * import { makeMemoryEventStore } from "@gridcase/adapters/memory"
 * import { describeEventStoreContract } from "@gridcase/adapters/testing"
 *
 * // In a vitest test file; your store's factory in place of the memory store's.
 * describeEventStoreContract("my store", {
 *   make: async () => makeMemoryEventStore(),
 *   teardown: async () => {},
 * })
 * ```
 */
export const describeEventStoreContract = (name: string, harness: EventStoreHarness): void => {
  const test: StoreTest = (title, body) => it(title, withStore(harness, body))

  describe(`${name}: event store contract`, () => {
    describeExpectedVersion(test)
    describeStreamReads(test)
    describeIdempotentRetries(test, harness)
    describeReadAll(test)
    describeSubscribe(test)
    describeModelContract(name, harness)
    describeConcurrencyContract(harness)
  })
}
