import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { caseEventCodec, caseStreamId } from "../../../src/case/codec.ts"
import type { CaseEvent } from "../../../src/case/events.ts"
import { fold } from "../../../src/shared/decider.ts"
import type { RecordedEvent } from "../../../src/store/recorded-event.ts"
import { arbitraryCaseLifecycle } from "../../../src/testing/arbitraries/case-lifecycle.ts"
import { runCommands } from "../../../src/testing/run-commands.ts"
import { config, decider, RUNS } from "./setup.ts"

/** A decision as plain data: errors compared by tag and fields, not by identity. */
const plain = (decision: Result.Result<ReadonlyArray<CaseEvent>, { readonly _tag: string }>) =>
  Result.isSuccess(decision)
    ? { events: decision.success }
    : { error: { ...decision.failure, _tag: decision.failure._tag } }

/** What a store would hand back: each event encoded by the codec, through JSON, as the nth of its stream. */
const stored = (events: ReadonlyArray<CaseEvent>): ReadonlyArray<RecordedEvent> =>
  events.map((event, index) => {
    const encoded = caseEventCodec.encode(event)
    return {
      streamId: caseStreamId(event.caseId),
      revision: index + 1,
      position: index + 1,
      type: encoded.type,
      data: JSON.parse(JSON.stringify(encoded.data)),
      metadata: { eventId: `event-${index + 1}`, schemaVersion: encoded.schemaVersion, recordedAt: event.at },
    }
  })

const loaded = (records: ReadonlyArray<RecordedEvent>): ReadonlyArray<CaseEvent> =>
  records.map((record) => Result.getOrThrow(caseEventCodec.decode(record)))

describe("case decider properties", () => {
  it("decide is deterministic: the same command on the same state gives the same answer", () => {
    fc.assert(
      fc.property(arbitraryCaseLifecycle(config), (commands) => {
        for (const step of runCommands(decider, commands)) {
          // Fresh copies: nothing may depend on object identity or on hidden state.
          const again = decider.decide(structuredClone(step.command), structuredClone(step.before))
          expect(plain(again)).toStrictEqual(plain(step.decision))
        }
      }),
      RUNS,
    )
  })

  it("replaying the stored events through evolve reproduces the state decide saw, at every step", () => {
    fc.assert(
      fc.property(arbitraryCaseLifecycle(config), (commands) => {
        const history: Array<CaseEvent> = []
        for (const step of runCommands(decider, commands)) {
          expect(fold(decider, loaded(stored(history)))).toStrictEqual(step.before)
          if (Result.isSuccess(step.decision)) history.push(...step.decision.success)
        }
        expect(fold(decider, loaded(stored(history)))).toStrictEqual(
          runCommands(decider, commands).at(-1)?.after,
        )
      }),
      RUNS,
    )
  })
})
