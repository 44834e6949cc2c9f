import { makeMemoryEventStore } from "@gridcase/adapters/memory"
import { Effect, Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type CommandHandler, Decider } from "../../src/index.ts"
import { makeAccountHandler, run } from "../support/handler-fixture.ts"
import {
  type AccountCommand,
  type AccountEvent,
  type AccountState,
  accountCodec,
  accountDecider,
} from "./bank-account.ts"

const handle = makeAccountHandler()

const accountId = fc.constantFrom("a", "b")
const command: fc.Arbitrary<AccountCommand> = fc.oneof(
  fc.record({ _tag: fc.constant("Open" as const), accountId, owner: fc.constantFrom("Li Na", "Wang Wei") }),
  fc.record({ _tag: fc.constant("Deposit" as const), accountId, amount: fc.nat(50) }),
  fc.record({ _tag: fc.constant("Withdraw" as const), accountId, amount: fc.nat(60) }),
)
/** Command ids come from a small pool, so some commands are retries of earlier ones. */
const sent = fc.record({
  command,
  context: fc.record({ commandId: fc.nat(15).map((n) => `c-${n}`), actor: fc.constant("w") }),
})

describe("command handler properties", () => {
  it("replaying a stream through evolve gives the state the handler returned, at the version it returned", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(sent, { maxLength: 30 }), async (commands) => {
        const store = makeMemoryEventStore()
        const latest = await run(
          Effect.gen(function* () {
            const last = new Map<string, CommandHandler.HandledCommand<AccountEvent, AccountState>>()
            for (const { command, context } of commands) {
              const outcome = yield* Effect.result(handle(command, context satisfies CommandHandler.Context))
              if (Result.isSuccess(outcome)) last.set(outcome.success.streamId, outcome.success)
            }
            return last
          }),
          store,
        )
        for (const [streamId, outcome] of latest) {
          const recorded = await Effect.runPromise(store.readStream(streamId))
          const replayed = Decider.fold(
            accountDecider,
            recorded.map((event) => Result.getOrThrow(accountCodec.decode(event))),
          )
          expect(replayed).toEqual(outcome.state)
          expect(recorded.length).toBe(outcome.nextExpectedVersion)
        }
      }),
    )
  })
})
