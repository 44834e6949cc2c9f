import { MemoryEventStore, makeMemoryEventStore } from "@gridcase/adapters/memory"
import { Effect, Layer } from "effect"
import { version } from "uuid"
import { describe, expect, it } from "vitest"
import {
  createAsyncHandler,
  EventStore,
  makeCommandHandler,
  makeFixedClock,
  WrongExpectedVersion,
} from "../../src/index.ts"
import {
  type AccountCommand,
  accountCodec,
  accountDecider,
  accountStream,
  InsufficientFunds,
  Opened,
} from "../handler/bank-account.ts"
import { alwaysConflicting } from "../handler/test-stores.ts"

const handler = makeCommandHandler({
  decider: accountDecider,
  codec: accountCodec,
  streamIdOf: accountStream,
})
const open: AccountCommand = { _tag: "Open", accountId: "a", owner: "Li Na" }
const withdraw: AccountCommand = { _tag: "Withdraw", accountId: "a", amount: 5 }

describe("createAsyncHandler", () => {
  it("sends commands and loads aggregates with await", async () => {
    const accounts = createAsyncHandler(handler, MemoryEventStore.layer)
    const handled = await accounts.send(open, { commandId: "c-1", actor: "worker-17" })
    expect(handled).toMatchObject({ events: [Opened.make({ owner: "Li Na" })], nextExpectedVersion: 1 })
    expect(await accounts.load("account-a")).toEqual({
      streamId: "account-a",
      state: { open: true, balance: 0 },
      version: 1,
      lastPosition: 1,
    })
    await accounts.dispose()
  })

  it("rejects with the typed error instance itself", async () => {
    const accounts = createAsyncHandler(handler, MemoryEventStore.layer)
    await accounts.send(open, { commandId: "c-1", actor: "worker-17" })
    const rejection = await accounts.send(withdraw, { commandId: "c-2", actor: "worker-17" }).catch((e) => e)
    expect(rejection).toBeInstanceOf(InsufficientFunds)
    expect(rejection._tag).toBe("InsufficientFunds")

    const conflicted = createAsyncHandler(
      makeCommandHandler({
        decider: accountDecider,
        codec: accountCodec,
        streamIdOf: accountStream,
        maxAttempts: 1,
      }),
      Layer.succeed(EventStore, alwaysConflicting(makeMemoryEventStore()).store),
    )
    const conflict = await conflicted.send(open, { commandId: "c-1", actor: "worker-17" }).catch((e) => e)
    expect(conflict).toBeInstanceOf(WrongExpectedVersion)
    expect(conflict._tag).toBe("WrongExpectedVersion")
    await Promise.all([accounts.dispose(), conflicted.dispose()])
  })

  it("stamps events from the system clock and UUID v7 unless the layer brings its own Clock", async () => {
    const store = makeMemoryEventStore()
    const storeLayer = Layer.succeed(EventStore, store)
    const byDefault = createAsyncHandler(handler, storeLayer)
    const before = Date.now()
    await byDefault.send(open, { commandId: "c-1", actor: "worker-17" })
    const fixed = makeFixedClock(Date.UTC(2026, 0, 5))
    const pinned = createAsyncHandler(handler, Layer.merge(storeLayer, fixed.layer))
    await pinned.send(
      { _tag: "Deposit", accountId: "a", amount: 3 },
      { commandId: "c-2", actor: "worker-17" },
    )

    const [first, second] = await Effect.runPromise(store.readStream("account-a"))
    expect(version(first!.metadata.eventId)).toBe(7)
    expect(first!.metadata.recordedAt).toBeGreaterThanOrEqual(before)
    expect(second!.metadata.recordedAt).toBe(fixed.now())
    await Promise.all([byDefault.dispose(), pinned.dispose()])
  })
})
