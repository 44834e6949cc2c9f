import { makeMemoryEventStore } from "@gridcase/adapters/memory"
import { Effect } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { CommandHandler, EventStore } from "../../src/index.ts"
import { counting, makeAccountHandler, run, T0 } from "../support/handler-fixture.ts"
import { type AccountEvent, accountCodec } from "./bank-account.ts"

let eventIds = 0
/** Appends events as another writer would (another process): nothing of it reaches the handler. */
const appendElsewhere = (store: EventStore.Shape, events: ReadonlyArray<AccountEvent>) =>
  Effect.runPromise(
    store.append(
      "account-a",
      events.map((event) => {
        const encoded = accountCodec.encode(event)
        return {
          type: encoded.type,
          data: encoded.data,
          metadata: {
            eventId: `elsewhere-${eventIds++}`,
            schemaVersion: encoded.schemaVersion,
            recordedAt: T0,
            commandId: `elsewhere-${eventIds}`,
            correlationId: `elsewhere-${eventIds}`,
            actor: "someone-else",
          },
        }
      }),
      "any",
    ),
  )

/** A store counting its stream reads, whose answers `hold` keeps back until `release`. */
const gatedStore = () => {
  const inner = makeMemoryEventStore()
  let reads = 0
  let gate: Promise<void> | undefined
  let open = () => {}
  const store: EventStore.Shape = {
    ...inner,
    readStream: (streamId, options) =>
      Effect.tap(inner.readStream(streamId, options), () => {
        reads += 1
        const held = gate
        return held === undefined ? Effect.void : Effect.promise(() => held)
      }),
  }
  return {
    store,
    reads: () => reads,
    hold: () => {
      gate = new Promise((resolve) => {
        open = resolve
      })
    },
    release: () => {
      gate = undefined
      open()
    },
  }
}

/** The balance the events leave, folded by hand: the oracle. */
const balanceOf = (events: ReadonlyArray<AccountEvent>) =>
  events.reduce(
    (balance, event) =>
      event._tag === "Deposited"
        ? balance + event.amount
        : event._tag === "Withdrawn"
          ? balance - event.amount
          : balance,
    0,
  )

describe("handler.load keeps what it folded", () => {
  it("reads only the events appended since its last load, and shows another writer's appends", async () => {
    const { store, takeEventsRead } = counting(makeMemoryEventStore())
    const handler = makeAccountHandler()
    await appendElsewhere(store, [
      { _tag: "Opened", owner: "Li Na" },
      { _tag: "Deposited", amount: 5 },
    ])
    expect((await run(handler.load("account-a"), store)).state.balance).toBe(5)
    expect(takeEventsRead()).toBe(2)
    expect((await run(handler.load("account-a"), store)).version).toBe(2)
    expect(takeEventsRead()).toBe(0)
    await appendElsewhere(store, [{ _tag: "Withdrawn", amount: 3 }])
    const loaded = await run(handler.load("account-a"), store)
    expect(takeEventsRead()).toBe(1)
    expect(loaded).toMatchObject({ version: 3, state: { open: true, balance: 2 } })
  })

  it("reads the whole stream every time when the handler keeps nothing (cacheCapacity 0)", async () => {
    const { store, takeEventsRead } = counting(makeMemoryEventStore())
    const handler = makeAccountHandler({ cacheCapacity: 0 })
    await appendElsewhere(store, [
      { _tag: "Opened", owner: "Li Na" },
      { _tag: "Deposited", amount: 5 },
    ])
    await run(handler.load("account-a"), store)
    await run(handler.load("account-a"), store)
    expect(takeEventsRead()).toBe(4)
  })

  it("keeps a separate state per store: the same stream id in two stores is two streams", async () => {
    const first = makeMemoryEventStore()
    const second = makeMemoryEventStore()
    const handler = makeAccountHandler()
    await appendElsewhere(first, [
      { _tag: "Opened", owner: "Li Na" },
      { _tag: "Deposited", amount: 5 },
    ])
    await appendElsewhere(second, [{ _tag: "Opened", owner: "Wang Fang" }])
    expect((await run(handler.load("account-a"), first)).state.balance).toBe(5)
    expect((await run(handler.load("account-a"), second)).state).toEqual({ open: true, balance: 0 })
  })

  it("always equals a fold of the whole stream, however appends and loads interleave", async () => {
    const step = fc.oneof(
      fc.record({ load: fc.constant(true as const) }),
      fc.record({ deposits: fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 4 }) }),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 12 }), async (steps) => {
        const store = makeMemoryEventStore()
        const handler = makeAccountHandler()
        const written: Array<AccountEvent> = [{ _tag: "Opened", owner: "Li Na" }]
        await appendElsewhere(store, written)
        for (const one of steps) {
          if ("deposits" in one) {
            const events = one.deposits.map((amount): AccountEvent => ({ _tag: "Deposited", amount }))
            await appendElsewhere(store, events)
            written.push(...events)
          } else {
            const loaded = await run(handler.load("account-a"), store)
            expect(loaded.version).toBe(written.length)
            expect(loaded.state.balance).toBe(balanceOf(written))
          }
        }
        const last = await run(handler.load("account-a"), store)
        expect(last.state.balance).toBe(balanceOf(written))
      }),
    )
  })

  it("shares one read among the calls made while a read is out, each answered by a read begun after it called", async () => {
    const gated = gatedStore()
    const { store } = gated
    const handler = makeAccountHandler()
    await appendElsewhere(store, [
      { _tag: "Opened", owner: "Li Na" },
      { _tag: "Deposited", amount: 5 },
    ])
    gated.hold()
    const first = run(handler.load("account-a"), store)
    await new Promise((resolve) => setTimeout(resolve, 10))
    // Stored after the first read went out, before the others call: they must see it.
    await appendElsewhere(store, [{ _tag: "Deposited", amount: 2 }])
    const others = [1, 2, 3].map(() => run(handler.load("account-a"), store))
    await new Promise((resolve) => setTimeout(resolve, 10))
    gated.release()
    expect((await first).state.balance).toBe(5)
    expect((await Promise.all(others)).map((loaded) => loaded.state.balance)).toEqual([7, 7, 7])
    expect(gated.reads()).toBe(2)
    // Nothing out any more: the next call reads on its own, at once.
    expect((await run(handler.load("account-a"), store)).state.balance).toBe(7)
    expect(gated.reads()).toBe(3)
  })

  it("answers a call with readsSince from any read begun after that moment, kept or out, and reads for a later one", async () => {
    const gated = gatedStore()
    const { store } = gated
    const handler = makeAccountHandler()
    await appendElsewhere(store, [
      { _tag: "Opened", owner: "Li Na" },
      { _tag: "Deposited", amount: 5 },
    ])
    const arrived = performance.now()
    expect((await run(handler.load("account-a", arrived), store)).state.balance).toBe(5)
    expect(gated.reads()).toBe(1)
    // Stored after that read began: a request that arrived before it may be answered without it.
    await appendElsewhere(store, [{ _tag: "Deposited", amount: 2 }])
    expect((await run(handler.load("account-a", arrived), store)).state.balance).toBe(5)
    expect(gated.reads()).toBe(1)
    // A request that arrived after it must see it; a call without readsSince always reads.
    expect((await run(handler.load("account-a", performance.now()), store)).state.balance).toBe(7)
    expect(gated.reads()).toBe(2)
    expect((await run(handler.load("account-a"), store)).state.balance).toBe(7)
    expect(gated.reads()).toBe(3)
    // A read out that began after the request arrived answers it too; one that began before does not.
    const second = performance.now()
    gated.hold()
    const out = run(handler.load("account-a", second), store)
    await new Promise((resolve) => setTimeout(resolve, 10))
    await appendElsewhere(store, [{ _tag: "Deposited", amount: 1 }])
    const sharing = run(handler.load("account-a", second), store)
    const after = run(handler.load("account-a", performance.now()), store)
    await new Promise((resolve) => setTimeout(resolve, 10))
    gated.release()
    expect([(await out).state.balance, (await sharing).state.balance, (await after).state.balance]).toEqual([
      7, 7, 8,
    ])
    expect(gated.reads()).toBe(5)
  })

  it("ignores a readsSince it cannot trust — in the future, not a number, or older than a request lives — and reads", async () => {
    const { store, reads } = gatedStore()
    const handler = makeAccountHandler()
    await appendElsewhere(store, [{ _tag: "Opened", owner: "Li Na" }])
    await run(handler.load("account-a", performance.now()), store)
    let balance = 0
    // Each value below would let the state kept a moment ago answer, were it taken at its word.
    for (const readsSince of [
      Number.NaN,
      Number.NEGATIVE_INFINITY,
      performance.now() + 60_000,
      performance.now() - CommandHandler.READS_SINCE_MAX_AGE - 1_000,
    ]) {
      balance += 1
      await appendElsewhere(store, [{ _tag: "Deposited", amount: 1 }])
      const before = reads()
      expect(
        (await run(handler.load("account-a", readsSince), store)).state.balance,
        String(readsSince),
      ).toBe(balance)
      expect(reads() - before, String(readsSince)).toBe(1)
    }
  })

  it("fails every call a failed read answers, those sharing it by readsSince too, and reads afresh for the next", async () => {
    const gated = gatedStore()
    let failing = false
    const store: EventStore.Shape = {
      ...gated.store,
      readStream: (streamId, options) =>
        Effect.flatMap(gated.store.readStream(streamId, options), (events) =>
          failing
            ? Effect.fail(new EventStore.StoreUnavailable({ message: "connection lost" }))
            : Effect.succeed(events),
        ),
    }
    const handler = makeAccountHandler()
    await appendElsewhere(gated.store, [
      { _tag: "Opened", owner: "Li Na" },
      { _tag: "Deposited", amount: 3 },
    ])
    const arrived = performance.now()
    failing = true
    gated.hold()
    const first = run(Effect.flip(handler.load("account-a", arrived)), store)
    await new Promise((resolve) => setTimeout(resolve, 10))
    const sharing = run(Effect.flip(handler.load("account-a", arrived)), store)
    gated.release()
    expect([(await first)._tag, (await sharing)._tag]).toEqual(["StoreUnavailable", "StoreUnavailable"])
    expect(gated.reads()).toBe(1)
    failing = false
    expect((await run(handler.load("account-a", arrived), store)).state.balance).toBe(3)
  })
})
