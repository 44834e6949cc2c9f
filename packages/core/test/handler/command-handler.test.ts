import { makeMemoryEventStore } from "@gridcase/adapters/memory"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { EventStore, Ids } from "../../src/index.ts"
import { ctx, makeAccountHandler, run, T0 } from "../support/handler-fixture.ts"
import {
  accountDecider,
  Deposited,
  deposit,
  InsufficientFunds,
  Opened,
  openAccount,
  withdraw,
} from "./bank-account.ts"
import { alwaysConflicting, interleaving } from "./test-stores.ts"

const handle = makeAccountHandler()
const open = openAccount()

describe("makeCommandHandler", () => {
  it("loads, decides and appends, stamping each event with the command's metadata", async () => {
    const store = makeMemoryEventStore()
    const [first, second] = await run(
      Effect.all([
        handle(open, ctx("c-1")),
        handle(deposit(30), ctx("c-2", { correlationId: "ticket-9", causationId: "c-1" })),
      ]),
      store,
      // Sequential event ids, so the test can name them.
      { ids: Ids.Ids.sequential },
    )
    expect(first).toEqual({
      streamId: "account-a",
      events: [Opened.make({ owner: "Li Na" })],
      state: { open: true, balance: 0 },
      nextExpectedVersion: 1,
      lastPosition: 1,
      duplicate: false,
    })
    expect(second.events).toEqual([Deposited.make({ amount: 30 })])
    expect(second.state).toEqual({ open: true, balance: 30 })
    expect(second.nextExpectedVersion).toBe(2)

    const stored = await Effect.runPromise(store.readStream("account-a"))
    expect(stored.map((event) => [event.type, event.data])).toEqual([
      ["Opened", { owner: "Li Na" }],
      ["Deposited", { amount: 30 }],
    ])
    expect(stored.map((event) => event.metadata)).toEqual([
      {
        eventId: "00000000-0000-7000-8000-000000000001",
        schemaVersion: 1,
        recordedAt: T0,
        commandId: "c-1",
        correlationId: "c-1",
        actor: "worker-17",
      },
      {
        eventId: "00000000-0000-7000-8000-000000000002",
        schemaVersion: 1,
        recordedAt: T0,
        commandId: "c-2",
        correlationId: "ticket-9",
        causationId: "c-1",
        actor: "worker-17",
      },
    ])
  })

  it("fails with the decider's typed error and appends nothing", async () => {
    const store = makeMemoryEventStore()
    const error = await run(
      Effect.andThen(handle(open, ctx("c-1")), Effect.flip(handle(withdraw(5), ctx("c-2")))),
      store,
    )
    expect(error).toEqual(new InsufficientFunds({ balance: 0, requested: 5 }))
    expect(await Effect.runPromise(store.readStream("account-a"))).toHaveLength(1)
  })

  it("appends nothing when the decider decides nothing", async () => {
    const store = makeMemoryEventStore()
    const result = await run(Effect.andThen(handle(open, ctx("c-1")), handle(deposit(0), ctx("c-2"))), store)
    expect(result).toMatchObject({ events: [], nextExpectedVersion: 1, lastPosition: 1, duplicate: false })
    expect(await Effect.runPromise(store.readStream("account-a"))).toHaveLength(1)
  })

  it("returns the first outcome for a retried command id, without appending again", async () => {
    const store = makeMemoryEventStore()
    const [, first, retried] = await run(
      Effect.all([
        handle(open, ctx("c-1")),
        handle(deposit(30), ctx("c-2")),
        // The retry arrives after another command moved the stream on.
        Effect.andThen(handle(deposit(5), ctx("c-3")), handle(deposit(30), ctx("c-2"))),
      ]),
      store,
    )
    expect(first.duplicate).toBe(false)
    expect(retried).toEqual({
      streamId: "account-a",
      events: first.events,
      state: { open: true, balance: 35 },
      nextExpectedVersion: 3,
      lastPosition: 3,
      duplicate: true,
    })
    expect(await Effect.runPromise(store.readStream("account-a"))).toHaveLength(3)
  })

  it("reloads and retries on a version conflict, so concurrent commands on one stream all succeed", async () => {
    const counted = interleaving(makeMemoryEventStore())
    const amounts = [1, 2, 3, 4, 5]
    const results = await run(
      Effect.andThen(
        handle(open, ctx("c-open")),
        Effect.all(
          amounts.map((amount) => handle(deposit(amount), ctx(`c-${amount}`))),
          { concurrency: "unbounded" },
        ),
      ),
      counted.store,
    )
    expect(counted.conflicts()).toBeGreaterThan(0)
    expect(results.map((result) => result.nextExpectedVersion).sort()).toEqual([2, 3, 4, 5, 6])
    const stored = await Effect.runPromise(counted.store.readStream("account-a"))
    expect(stored.map((event) => event.revision)).toEqual([1, 2, 3, 4, 5, 6])
    expect(results.find((result) => result.nextExpectedVersion === 6)?.state.balance).toBe(15)
  })

  it("gives up after maxAttempts conflicting tries and surfaces the conflict", async () => {
    for (const maxAttempts of [1, 2, 4]) {
      const counted = alwaysConflicting(makeMemoryEventStore())
      const bounded = makeAccountHandler({ maxAttempts })
      const error = await run(Effect.flip(bounded(open, ctx("c-1"))), counted.store)
      expect(error).toBeInstanceOf(EventStore.WrongExpectedVersion)
      // The try on the kept state (here the empty stream) does not count: only fresh reads do.
      expect(counted.appends()).toBe(maxAttempts + 1)
      const uncached = makeAccountHandler({ maxAttempts, cacheCapacity: 0 })
      const again = alwaysConflicting(makeMemoryEventStore())
      await run(Effect.flip(uncached(open, ctx("c-1"))), again.store)
      expect(again.appends()).toBe(maxAttempts)
    }
  })

  it("does not retry a store that is unavailable", async () => {
    let appends = 0
    const inner = makeMemoryEventStore()
    const broken: EventStore.Shape = {
      ...inner,
      append: () => {
        appends += 1
        return Effect.fail(new EventStore.StoreUnavailable({ message: "disk full" }))
      },
    }
    const error = await run(Effect.flip(handle(open, ctx("c-1"))), broken)
    expect(error).toBeInstanceOf(EventStore.StoreUnavailable)
    expect(appends).toBe(1)
  })

  it("fails with EventDecodeError on a stored event it cannot decode, appending nothing", async () => {
    const store = makeMemoryEventStore()
    const stranger = {
      type: "Teleported",
      data: {},
      metadata: { eventId: "e-x", schemaVersion: 1, recordedAt: T0 },
    }
    await Effect.runPromise(store.append("account-a", [stranger], "noStream"))
    const error = await run(Effect.flip(handle(deposit(1), ctx("c-1"))), store)
    expect(error).toBeInstanceOf(EventStore.EventDecodeError)
    expect(error).toMatchObject({ streamId: "account-a", revision: 1, type: "Teleported" })
    expect(await Effect.runPromise(store.readStream("account-a"))).toHaveLength(1)
  })

  it("loads an aggregate the same way through handler.load", async () => {
    const store = makeMemoryEventStore()
    const snapshot = await run(
      Effect.andThen(
        Effect.all([handle(open, ctx("c-1")), handle(deposit(7), ctx("c-2"))]),
        handle.load("account-a"),
      ),
      store,
    )
    expect(snapshot).toEqual({
      streamId: "account-a",
      state: { open: true, balance: 7 },
      version: 2,
      lastPosition: 2,
    })
    expect(await run(handle.load("account-nobody"), store)).toEqual({
      streamId: "account-nobody",
      state: accountDecider.initialState,
      version: 0,
      lastPosition: 0,
    })
  })

  it("rejects a maxAttempts that is not a positive integer", () => {
    for (const maxAttempts of [0, -1, 1.5, Number.NaN]) {
      expect(() => makeAccountHandler({ maxAttempts })).toThrow(RangeError)
    }
  })
})
