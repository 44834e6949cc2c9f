import { makeMemoryEventStore } from "@gridcase/adapters/memory"
import { Effect, Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { counting, ctx, makeAccountHandler, run } from "../support/handler-fixture.ts"
import { deposit, openAccount, withdraw } from "./bank-account.ts"

describe("the command handler's kept states (快照缓存)", () => {
  it("handles the commands of a stream it alone writes without reading the stream", async () => {
    const { store, takeReads } = counting(makeMemoryEventStore())
    const handle = makeAccountHandler()
    const results = await run(
      Effect.all([
        handle(openAccount(), ctx("c-1")),
        handle(deposit(30), ctx("c-2")),
        handle(withdraw(10), ctx("c-3")),
      ]),
      store,
    )
    expect(takeReads()).toBe(0)
    expect(results.map((result) => result.nextExpectedVersion)).toEqual([1, 2, 3])
    expect(results[2]!.state).toEqual({ open: true, balance: 20 })
    expect(await Effect.runPromise(store.readStream("account-a"))).toHaveLength(3)
  })

  it("reads the stream again when another writer moved it, and decides on what it reads", async () => {
    const { store, takeReads } = counting(makeMemoryEventStore())
    const ours = makeAccountHandler()
    const theirs = makeAccountHandler()
    await run(Effect.all([ours(openAccount(), ctx("c-1")), ours(deposit(10), ctx("c-2"))]), store)
    await run(theirs(deposit(100), ctx("c-3")), store)
    takeReads()
    // On what ours kept (balance 10) this withdrawal would be refused; the stream says 110.
    const withdrawn = await run(ours(withdraw(50), ctx("c-4")), store)
    expect(withdrawn.state).toEqual({ open: true, balance: 60 })
    expect(withdrawn.nextExpectedVersion).toBe(4)
    expect(takeReads()).toBe(1)
  })

  it("refuses only on a fresh read: a rejection on a stale state is checked first", async () => {
    const store = makeMemoryEventStore()
    const ours = makeAccountHandler()
    const theirs = makeAccountHandler()
    await run(ours(openAccount(), ctx("c-1")), store)
    await run(theirs(deposit(5), ctx("c-2")), store)
    const refused = await run(Effect.flip(ours(withdraw(50), ctx("c-3"))), store)
    expect(refused).toMatchObject({ _tag: "InsufficientFunds", balance: 5, requested: 50 })
  })

  it("answers a retried command with its first outcome, whoever handled it first", async () => {
    const store = makeMemoryEventStore()
    const ours = makeAccountHandler()
    const theirs = makeAccountHandler()
    const first = await run(
      Effect.andThen(ours(openAccount(), ctx("c-1")), ours(deposit(30), ctx("c-2"))),
      store,
    )
    const retriedHere = await run(ours(deposit(30), ctx("c-2")), store)
    expect(retriedHere).toMatchObject({ duplicate: true, events: first.events, nextExpectedVersion: 2 })
    await run(theirs(deposit(7), ctx("c-3")), store)
    const retriedThere = await run(ours(deposit(7), ctx("c-3")), store)
    expect(retriedThere).toMatchObject({ duplicate: true, nextExpectedVersion: 3 })
    expect(await Effect.runPromise(store.readStream("account-a"))).toHaveLength(3)
  })

  it("keeps the streams of two stores apart, even under the same stream id and version", async () => {
    const handle = makeAccountHandler()
    const rich = makeMemoryEventStore()
    const poor = makeMemoryEventStore()
    await run(Effect.andThen(handle(openAccount(), ctx("c-1")), handle(deposit(100), ctx("c-2"))), rich)
    await run(Effect.andThen(handle(openAccount(), ctx("c-1")), handle(deposit(5), ctx("c-2"))), poor)
    const refused = await run(Effect.flip(handle(withdraw(50), ctx("c-3"))), poor)
    expect(refused).toMatchObject({ _tag: "InsufficientFunds", balance: 5 })
    const paid = await run(handle(withdraw(50), ctx("c-3")), rich)
    expect(paid.state.balance).toBe(50)
  })

  it("holds at most its capacity of streams, and reads again a stream it let go", async () => {
    const { store, takeReads } = counting(makeMemoryEventStore())
    const handle = makeAccountHandler({ cacheCapacity: 2 })
    for (const account of ["a", "b", "c"])
      await run(handle(openAccount(account), ctx(`open-${account}`)), store)
    takeReads()
    await run(Effect.all([handle(deposit(1, "b"), ctx("d-b")), handle(deposit(1, "c"), ctx("d-c"))]), store)
    expect(takeReads()).toBe(0)
    // "a" went out first: the try on the empty stream conflicts and the stream is read.
    await run(handle(deposit(1, "a"), ctx("d-a")), store)
    expect(takeReads()).toBe(1)
  })

  it("decides exactly as a handler that reads every stream, whichever of several handlers sends each command", async () => {
    const arbitraryStep = fc.record({
      handler: fc.nat({ max: 2 }),
      account: fc.constantFrom("a", "b"),
      command: fc.oneof(
        fc.constant<"open">("open"),
        fc.integer({ min: 0, max: 40 }).map((amount) => ({ deposit: amount })),
        fc.integer({ min: 1, max: 60 }).map((amount) => ({ withdraw: amount })),
      ),
      retry: fc.boolean(),
    })
    await fc.assert(
      fc.asyncProperty(fc.array(arbitraryStep, { maxLength: 30 }), async (steps) => {
        const outcomesOf = async (handlers: ReadonlyArray<ReturnType<typeof makeAccountHandler>>) => {
          const store = makeMemoryEventStore()
          const outcomes: Array<unknown> = []
          for (const [index, step] of steps.entries()) {
            const command =
              step.command === "open"
                ? openAccount(step.account)
                : "deposit" in step.command
                  ? deposit(step.command.deposit, step.account)
                  : withdraw(step.command.withdraw, step.account)
            // A retry re-sends the previous step's command id with this step's handler.
            const commandId = step.retry && index > 0 ? `c-${index - 1}` : `c-${index}`
            const handle = handlers[step.handler % handlers.length]!
            const outcome = await run(Effect.result(handle(command, ctx(commandId))), store)
            outcomes.push(
              Result.isSuccess(outcome)
                ? {
                    events: outcome.success.events,
                    state: outcome.success.state,
                    version: outcome.success.nextExpectedVersion,
                  }
                : { refused: outcome.failure },
            )
          }
          const streams = await Effect.runPromise(
            Effect.all(["account-a", "account-b"].map((streamId) => store.readStream(streamId))),
          )
          return {
            outcomes,
            streams: streams.map((events) => events.map(({ type, data }) => ({ type, data }))),
          }
        }
        const kept = await outcomesOf([
          makeAccountHandler(),
          makeAccountHandler(),
          makeAccountHandler({ cacheCapacity: 1 }),
        ])
        const fresh = await outcomesOf([makeAccountHandler({ cacheCapacity: 0 })])
        expect(kept).toEqual(fresh)
      }),
      { numRuns: 150 },
    )
  })
})
