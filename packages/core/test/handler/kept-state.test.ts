import { makeMemoryEventStore } from "@gridcase/adapters/memory"
import { Effect, Layer, Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { BusinessClock, CommandHandler, EventStore, Ids } from "../../src/index.ts"
import { type AccountCommand, accountCodec, accountDecider, accountStream } from "./bank-account.ts"

const T0 = Date.UTC(2026, 2, 2, 1, 30)

const makeHandler = (cacheCapacity?: number) =>
  CommandHandler.make({
    decider: accountDecider,
    codec: accountCodec,
    streamIdOf: accountStream,
    retryBaseDelay: "1 millis",
    ...(cacheCapacity === undefined ? {} : { cacheCapacity }),
  })

/** A store that counts the stream reads it serves. */
const counting = (inner: EventStore.Shape) => {
  let reads = 0
  const store: EventStore.Shape = {
    ...inner,
    readStream: (streamId, options) => {
      reads += 1
      return inner.readStream(streamId, options)
    },
  }
  const takeReads = () => {
    const taken = reads
    reads = 0
    return taken
  }
  return { store, takeReads }
}

const run = <A, E>(program: Effect.Effect<A, E, CommandHandler.Services>, store: EventStore.Shape) =>
  Effect.runPromise(
    Effect.provide(
      program,
      Layer.mergeAll(
        Layer.succeed(EventStore.EventStore, store),
        Ids.Ids.uuidV7,
        BusinessClock.makeFixed(T0).layer,
      ),
    ),
  )

const ctx = (commandId: string) => ({ commandId, actor: "worker-17" })
const open = (accountId = "a"): AccountCommand => ({ _tag: "Open", accountId, owner: "Li Na" })
const deposit = (amount: number, accountId = "a"): AccountCommand => ({ _tag: "Deposit", accountId, amount })
const withdraw = (amount: number, accountId = "a"): AccountCommand => ({
  _tag: "Withdraw",
  accountId,
  amount,
})

describe("the command handler's kept states (快照缓存)", () => {
  it("handles the commands of a stream it alone writes without reading the stream", async () => {
    const { store, takeReads } = counting(makeMemoryEventStore())
    const handle = makeHandler()
    const results = await run(
      Effect.all([
        handle(open(), ctx("c-1")),
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
    const ours = makeHandler()
    const theirs = makeHandler()
    await run(Effect.all([ours(open(), ctx("c-1")), ours(deposit(10), ctx("c-2"))]), store)
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
    const ours = makeHandler()
    const theirs = makeHandler()
    await run(ours(open(), ctx("c-1")), store)
    await run(theirs(deposit(5), ctx("c-2")), store)
    const refused = await run(Effect.flip(ours(withdraw(50), ctx("c-3"))), store)
    expect(refused).toMatchObject({ _tag: "InsufficientFunds", balance: 5, requested: 50 })
  })

  it("answers a retried command with its first outcome, whoever handled it first", async () => {
    const store = makeMemoryEventStore()
    const ours = makeHandler()
    const theirs = makeHandler()
    const first = await run(Effect.andThen(ours(open(), ctx("c-1")), ours(deposit(30), ctx("c-2"))), store)
    const retriedHere = await run(ours(deposit(30), ctx("c-2")), store)
    expect(retriedHere).toMatchObject({ duplicate: true, events: first.events, nextExpectedVersion: 2 })
    await run(theirs(deposit(7), ctx("c-3")), store)
    const retriedThere = await run(ours(deposit(7), ctx("c-3")), store)
    expect(retriedThere).toMatchObject({ duplicate: true, nextExpectedVersion: 3 })
    expect(await Effect.runPromise(store.readStream("account-a"))).toHaveLength(3)
  })

  it("keeps the streams of two stores apart, even under the same stream id and version", async () => {
    const handle = makeHandler()
    const rich = makeMemoryEventStore()
    const poor = makeMemoryEventStore()
    await run(Effect.andThen(handle(open(), ctx("c-1")), handle(deposit(100), ctx("c-2"))), rich)
    await run(Effect.andThen(handle(open(), ctx("c-1")), handle(deposit(5), ctx("c-2"))), poor)
    const refused = await run(Effect.flip(handle(withdraw(50), ctx("c-3"))), poor)
    expect(refused).toMatchObject({ _tag: "InsufficientFunds", balance: 5 })
    const paid = await run(handle(withdraw(50), ctx("c-3")), rich)
    expect(paid.state.balance).toBe(50)
  })

  it("holds at most its capacity of streams, and reads again a stream it let go", async () => {
    const { store, takeReads } = counting(makeMemoryEventStore())
    const handle = makeHandler(2)
    for (const account of ["a", "b", "c"]) await run(handle(open(account), ctx(`open-${account}`)), store)
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
        const outcomesOf = async (handlers: ReadonlyArray<ReturnType<typeof makeHandler>>) => {
          const store = makeMemoryEventStore()
          const outcomes: Array<unknown> = []
          for (const [index, step] of steps.entries()) {
            const command =
              step.command === "open"
                ? open(step.account)
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
        const kept = await outcomesOf([makeHandler(), makeHandler(), makeHandler(1)])
        const fresh = await outcomesOf([makeHandler(0)])
        expect(kept).toEqual(fresh)
      }),
      { numRuns: 150 },
    )
  })
})
