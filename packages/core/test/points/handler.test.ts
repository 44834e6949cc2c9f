import { makeMemoryEventStore } from "@gridcase/adapters/memory"
import { Effect, Layer, Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { BusinessClock, EventStore, Ids, Points } from "../../src/index.ts"

/**
 * The points handler's own choices: one stream per resident, and the options it passes on to the
 * command handler — how many tries a command gets when its stream moved, and the authorization
 * run before deciding. Found by `pnpm mutate points` (docs/mutation.md): no points test built a
 * handler with either option or looked at where a ledger is kept.
 */
const T0 = Date.UTC(2026, 2, 2, 1, 0)
const policy: Points.Policy = { catalogue: { soap: { name: "肥皂", cost: 5 } } }
const award = (residentId: string): Points.Command => ({
  _tag: "AwardPoints",
  residentId,
  at: T0,
  by: "collector-wang",
  awardId: "a-1",
  points: 20,
  act: "volunteering",
  reason: "志愿服务",
  approvedBy: "bank-president-liu",
})
const context = { commandId: "c-1", actor: "collector-wang" }

const run = <A, E>(
  program: Effect.Effect<A, E, EventStore.EventStore | Ids.Ids | BusinessClock.BusinessClock>,
  store: EventStore.Shape,
) =>
  Effect.runPromise(
    Effect.result(
      Effect.provide(
        program,
        Layer.mergeAll(
          Layer.succeed(EventStore.EventStore, store),
          Ids.Ids.sequential,
          BusinessClock.makeFixed(T0).layer,
        ),
      ),
    ),
  )

/** A store in which every append loses a race, counting the appends tried. */
const alwaysMovedStore = () => {
  const store = makeMemoryEventStore()
  let appends = 0
  const shape: EventStore.Shape = {
    ...store,
    append: (streamId, _events, expected) =>
      Effect.suspend(() => {
        appends += 1
        return Effect.fail(new EventStore.WrongExpectedVersion({ streamId, expected, actual: 1 }))
      }),
  }
  return { shape, appends: () => appends }
}

class NotOnDuty extends Schema.TaggedError<NotOnDuty>()("NotOnDuty", { actor: Schema.String }) {}

describe("the points handler", () => {
  it("keeps each resident's ledger in a stream of its own", async () => {
    const handle = Points.makeHandler(policy)
    const store = makeMemoryEventStore()
    const outcome = await run(
      Effect.gen(function* () {
        // The same award id for two residents: two ledgers, two awards.
        const zhao = yield* handle(award("resident-zhao"), context)
        const qian = yield* handle(award("resident-qian"), { ...context, commandId: "c-2" })
        const ledger = yield* handle.load(zhao.streamId)
        return { zhao, qian, ledger }
      }),
      store,
    )
    if (Result.isFailure(outcome)) throw outcome.failure
    const { zhao, qian, ledger } = outcome.success
    expect(zhao.streamId).not.toBe(qian.streamId)
    for (const [handled, residentId] of [
      [zhao, "resident-zhao"],
      [qian, "resident-qian"],
    ] as const) {
      expect(handled.streamId.startsWith(Points.STREAM_PREFIX)).toBe(true)
      expect(handled.streamId).toContain(residentId)
    }
    expect(ledger.state).toMatchObject({ residentId: "resident-zhao", balance: 20 })
  })

  it("gives a command as many tries on a moved stream as maxAttempts says, and refuses a count below one", async () => {
    const tried = async (maxAttempts: number) => {
      const { shape, appends } = alwaysMovedStore()
      const outcome = await run(
        Points.makeHandler(policy, { maxAttempts })(award("resident-zhao"), context),
        shape,
      )
      expect(Result.isFailure(outcome) && outcome.failure).toBeInstanceOf(EventStore.WrongExpectedVersion)
      return appends()
    }
    const [one, two, four] = [await tried(1), await tried(2), await tried(4)]
    expect([two - one, four - two]).toEqual([1, 2])
    expect(() => Points.makeHandler(policy, { maxAttempts: 0 })).toThrow(RangeError)
  })

  it("runs the authorization on the loaded ledger before deciding: a refusal appends nothing", async () => {
    const store = makeMemoryEventStore()
    const seen: Array<number> = []
    const handle = Points.makeHandler(policy, {
      authorize: (command, ledger, { actor }) => {
        seen.push(ledger.balance)
        return command._tag === "RedeemPoints" ? Effect.fail(new NotOnDuty({ actor })) : Effect.void
      },
    })
    const redeem: Points.Command = {
      _tag: "RedeemPoints",
      residentId: "resident-zhao",
      at: T0,
      by: "collector-wang",
      redemptionId: "r-1",
      rewardId: "soap",
      quantity: 1,
    }
    const outcome = await run(
      Effect.gen(function* () {
        yield* handle(award("resident-zhao"), context)
        const refused = yield* Effect.flip(handle(redeem, { ...context, commandId: "c-2" }))
        const ledger = yield* handle.load(Points.streamId("resident-zhao"))
        return { refused, ledger }
      }),
      store,
    )
    if (Result.isFailure(outcome)) throw outcome.failure
    expect(outcome.success.refused).toEqual(new NotOnDuty({ actor: "collector-wang" }))
    expect(outcome.success.ledger.state.balance).toBe(20)
    expect(outcome.success.ledger.version).toBe(1)
    // Asked on the empty ledger for the award, on the awarded one for the redemption.
    expect(seen[0]).toBe(0)
    expect(seen.at(-1)).toBe(20)
  })
})
