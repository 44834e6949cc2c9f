import { makeMemoryEventStore } from "@gridcase/adapters/memory"
import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { BusinessClock, EventStore, Ids, Points } from "../../src/index.ts"

const T0 = Date.UTC(2026, 2, 2, 1, 0)
const residentId = "resident-sun"

/**
 * The in-memory store with a pause after reading a stream and before appending, as a real
 * database's round trips would make: without it every command would run to completion before
 * the next starts and nothing would race. It counts the appends that lost a race.
 */
const racingStore = () => {
  const store = makeMemoryEventStore()
  let conflicts = 0
  const shape: EventStore.Shape = {
    ...store,
    readStream: (streamId, options) => Effect.tap(store.readStream(streamId, options), () => Effect.yieldNow),
    append: (streamId, events, expected) =>
      Effect.tapError(Effect.andThen(Effect.yieldNow, store.append(streamId, events, expected)), (error) =>
        Effect.sync(() => {
          if (error._tag === "WrongExpectedVersion") conflicts += 1
        }),
      ),
  }
  return { store, shape, conflicts: () => conflicts }
}

describe("concurrent redemptions on one ledger", () => {
  it("20 redemptions racing for a balance that covers 5: exactly 5 succeed, 15 fail as InsufficientPoints, balance 0", async () => {
    const { shape, conflicts } = racingStore()
    // Each lost race means a competitor's redemption was stored, and only 5 can be: 6 tries
    // are enough for every command to reach a decision on a settled balance.
    const handle = Points.makeHandler(
      { catalogue: { "cooking-oil": { name: "食用油 5L", cost: 20 } } },
      { maxAttempts: 6 },
    )
    const layer = Layer.mergeAll(
      Layer.succeed(EventStore.EventStore, shape),
      Ids.Ids.sequential,
      BusinessClock.makeFixed(T0).layer,
    )
    const award: Points.Command = {
      _tag: "AwardPoints",
      residentId,
      at: T0,
      by: "collector-wang",
      awardId: "award-1",
      points: 100,
      act: "volunteering",
      reason: "社区志愿服务 100 小时",
      approvedBy: "bank-president-liu",
    }
    const redeem = (n: number): Points.Command => ({
      _tag: "RedeemPoints",
      residentId,
      at: T0 + 60_000,
      by: "collector-wang",
      redemptionId: `redemption-${n}`,
      rewardId: "cooking-oil",
      quantity: 1,
    })
    const program = Effect.gen(function* () {
      yield* handle(award, { commandId: "c-award", actor: "collector-wang" })
      const outcomes = yield* Effect.all(
        Array.from({ length: 20 }, (_, n) =>
          Effect.result(handle(redeem(n), { commandId: `c-redeem-${n}`, actor: "collector-wang" })),
        ),
        { concurrency: "unbounded" },
      )
      const ledger = yield* handle.load(Points.streamId(residentId))
      return { outcomes, ledger }
    })
    const { outcomes, ledger } = await Effect.runPromise(Effect.provide(program, layer))

    const succeeded = outcomes.filter((outcome) => outcome._tag === "Success")
    const failed = outcomes.flatMap((outcome) => (outcome._tag === "Failure" ? [outcome.failure] : []))
    expect(succeeded).toHaveLength(5)
    expect(failed).toHaveLength(15)
    for (const error of failed) expect(error).toBeInstanceOf(Points.InsufficientPoints)
    expect(ledger.state.balance).toBe(0)
    expect(ledger.state.redemptions.size).toBe(5)
    expect(ledger.version).toBe(6)
    // The race was real: appends collided and were decided again.
    expect(conflicts()).toBeGreaterThan(0)
  })
})
