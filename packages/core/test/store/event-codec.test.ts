import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { EventStore } from "../../src/index.ts"

/** Version 2 of an event split the single `name` of version 1 into given and family names. */
const Greeted = Schema.TaggedStruct("Greeted", {
  given: Schema.String,
  family: Schema.String,
  times: Schema.Int,
})
const upcasters: EventStore.UpcasterRegistry = {
  Greeted: {
    current: 3,
    from: {
      1: ({ name, ...rest }) => {
        const [given = "", family = ""] = String(name).split(" ")
        return { ...rest, given, family }
      },
      2: (data) => ({ ...data, times: 1 }),
    },
  },
}
const codec = EventStore.makeEventCodec(Greeted, ["Greeted"], upcasters)

const recorded = (data: unknown, schemaVersion: number, type = "Greeted"): EventStore.RecordedEvent => ({
  streamId: "greetings-1",
  revision: 4,
  position: 42,
  type,
  data,
  metadata: { eventId: "e1", schemaVersion, recordedAt: 0 },
})

describe("event codec", () => {
  it("stamps the current schema version and drops the tag from the payload", () => {
    expect(codec.encode({ _tag: "Greeted", given: "Li", family: "Wei", times: 2 })).toEqual({
      type: "Greeted",
      data: { given: "Li", family: "Wei", times: 2 },
      schemaVersion: 3,
    })
  })

  it("upcasts an event written at version 1 through every step to the current shape", () => {
    const decoded = codec.decode(recorded({ name: "Li Wei" }, 1))
    expect(decoded).toEqual(Result.succeed({ _tag: "Greeted", given: "Li", family: "Wei", times: 1 }))
  })

  it("decodes a current event without touching it", () => {
    const decoded = codec.decode(recorded({ given: "Li", family: "Wei", times: 5 }, 3))
    expect(Result.getOrThrow(decoded)).toEqual({ _tag: "Greeted", given: "Li", family: "Wei", times: 5 })
  })

  it.each([
    ["an unknown type", recorded({}, 1, "Waved"), /unknown event type "Waved"/],
    ["a payload that is not an object", recorded("oops", 3), /not an object/],
    ["a version newer than the code", recorded({}, 4), /newer than this code/],
    ["a payload its schema rejects", recorded({ given: "Li", family: 7, times: 1 }, 3), /family/],
    ["an upcast payload its schema rejects", recorded({ given: "Li", family: 7 }, 2), /family/],
  ])("refuses %s with an error naming stream and position", (_, event, reason) => {
    const decoded = codec.decode(event)
    expect(Result.isFailure(decoded)).toBe(true)
    if (Result.isFailure(decoded)) {
      expect(decoded.failure).toMatchObject({
        _tag: "EventDecodeError",
        streamId: "greetings-1",
        position: 42,
      })
      expect(decoded.failure.reason).toMatch(reason)
      expect(decoded.failure.message).toContain("greetings-1@4")
    }
  })
})
