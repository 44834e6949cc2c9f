import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { CASE_EVENT_TYPES } from "../../src/case/events.ts"
import {
  CampaignEvent,
  CaseEvent,
  caseEventCodec,
  encodesAsItself,
  makeEventCodec,
  PointsEvent,
  ResidentEvent,
  TerritoryEvent,
} from "../../src/index.ts"
import { arbitraryCaseLifecycle } from "../../src/testing/arbitraries/case-lifecycle.ts"
import { acceptedEvents, runCommands } from "../../src/testing/run-commands.ts"
import { config, decider } from "../case/properties/setup.ts"

describe("encodesAsItself", () => {
  it.each([
    ["case", CaseEvent],
    ["territory", TerritoryEvent],
    ["resident", ResidentEvent],
    ["points", PointsEvent],
    ["door-knocking campaign", CampaignEvent],
  ])("holds for the %s events, so their codec skips parsing current payloads", (_, schema) => {
    expect(encodesAsItself(schema)).toBe(true)
  })

  it.each([
    ["a number stored as a string", Schema.Struct({ n: Schema.NumberFromString })],
    ["a date (a declaration)", Schema.Struct({ at: Schema.Date })],
    ["a transformation inside an array", Schema.Struct({ ns: Schema.Array(Schema.NumberFromString) })],
    ["a transformation in one union member", Schema.Union([Schema.String, Schema.NumberFromString])],
    ["a record keyed by a transformation", Schema.Record(Schema.NumberFromString, Schema.String)],
  ])("fails for %s", (_, schema) => {
    expect(encodesAsItself(schema)).toBe(false)
  })

  it("keeps validating current payloads of a schema that transforms", () => {
    const Moved = Schema.TaggedStruct("Moved", { metres: Schema.NumberFromString })
    const codec = makeEventCodec(Moved, ["Moved"])
    const stored = {
      streamId: "walks-1",
      revision: 1,
      position: 1,
      type: "Moved",
      data: { metres: "12" },
      metadata: { eventId: "e1", schemaVersion: 1, recordedAt: 0 },
    }
    expect(Result.getOrThrow(codec.decode(stored))).toEqual({ _tag: "Moved", metres: 12 })
  })
})

describe("trusted decoding of case events", () => {
  const validating = makeEventCodec(CaseEvent, CASE_EVENT_TYPES, {}, { validate: "always" })

  it("gives back exactly what full validation gives, for every event a case's life produces", () => {
    fc.assert(
      fc.property(arbitraryCaseLifecycle(config), (commands) => {
        acceptedEvents(runCommands(decider, commands)).forEach((event, index) => {
          const encoded = caseEventCodec.encode(event)
          const stored = {
            streamId: "case-1",
            revision: index + 1,
            position: index + 1,
            type: encoded.type,
            data: JSON.parse(JSON.stringify(encoded.data)),
            metadata: { eventId: `e${index}`, schemaVersion: encoded.schemaVersion, recordedAt: 0 },
          }
          const trusted = Result.getOrThrow(caseEventCodec.decode(stored))
          expect(trusted).toEqual(Result.getOrThrow(validating.decode(stored)))
          expect(trusted).toEqual(event)
        })
      }),
      { numRuns: 100 },
    )
  })
})
