import { inspect } from "node:util"
import { EventStore } from "@gridcase/core"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { StoredEvent } from "../src/shared/stored-event.ts"

/** Metadata as stores keep it: the required fields, any of the optional ones, and fields nobody declared. */
const metadata: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.record(
      {
        eventId: fc.uuid(),
        schemaVersion: fc.integer({ min: 1, max: 1_000 }),
        recordedAt: fc.nat(),
        commandId: fc.uuid(),
        correlationId: fc.uuid(),
        causationId: fc.uuid(),
        actor: fc.string(),
      },
      { requiredKeys: ["eventId", "schemaVersion", "recordedAt"] },
    ),
    fc.dictionary(
      fc.string().filter((key) => !["eventId", "schemaVersion", "recordedAt"].includes(key)),
      fc.jsonValue(),
      { maxKeys: 3 },
    ),
  )
  .map(([known, extra]) => ({ ...extra, ...known }))

const address = { streamId: "case-1", revision: 3, position: 9, type: "CaseNoted" } as const

/** What the stores returned before: everything parsed at once, in a plain object. */
const eager = (data: unknown, json: string) => ({
  ...address,
  data,
  metadata: JSON.parse(json) as EventStore.EventMetadata,
})

const lazy = (data: unknown, json: string, schemaVersion: number) =>
  new StoredEvent(
    address.streamId,
    address.revision,
    address.position,
    address.type,
    data,
    json,
    schemaVersion,
  )

describe("StoredEvent: metadata parsed on first read", () => {
  it("holds the same values as parsing at once, by every way of looking at an object", () => {
    fc.assert(
      fc.property(fc.jsonValue(), metadata, (data, stored) => {
        const json = JSON.stringify(stored)
        const expected = eager(data, json)
        const event = lazy(data, json, expected.metadata.schemaVersion)
        expect(event).toEqual(expected)
        expect(event.metadata).toEqual(expected.metadata)
        expect({ ...event }).toEqual(expected)
        expect(Object.keys(event)).toEqual(Object.keys(expected))
        expect(JSON.stringify(event)).toBe(JSON.stringify(expected))
        expect(structuredClone(event)).toEqual(expected)
        expect(EventStore.schemaVersionOf(event)).toBe(expected.metadata.schemaVersion)
      }),
    )
  })

  it("parses once and keeps the result", () => {
    const event = lazy({}, JSON.stringify({ eventId: "e", schemaVersion: 1, recordedAt: 0 }), 1)
    expect(event.metadata).toBe(event.metadata)
  })

  it("takes an assigned metadata, as a plain object would", () => {
    const event = lazy({}, "{not json", 1)
    const replaced = { eventId: "e2", schemaVersion: 1, recordedAt: 5 }
    ;(event as { metadata: EventStore.EventMetadata }).metadata = replaced
    expect(event.metadata).toBe(replaced)
  })

  it.each([
    ["{not json", /invalid JSON/],
    ["[1, 2]", /metadata is not a JSON object/],
    ["null", /metadata is not a JSON object/],
  ])("throws StoreUnavailable naming the row when metadata %s is read, and only then", (json, reason) => {
    const event = lazy({ a: 1 }, json, 2)
    expect(EventStore.schemaVersionOf(event)).toBe(2)
    for (let attempt = 0; attempt < 2; attempt++) {
      let thrown: unknown
      try {
        void event.metadata
      } catch (error) {
        thrown = error
      }
      expect(thrown).toBeInstanceOf(EventStore.StoreUnavailable)
      expect((thrown as EventStore.StoreUnavailable).message).toMatch(/case-1@3 \(position 9\)/)
      expect((thrown as EventStore.StoreUnavailable).cause).toMatchObject({
        _tag: "EventDecodeError",
        streamId: "case-1",
        revision: 3,
        position: 9,
        type: "CaseNoted",
        reason: expect.stringMatching(reason),
      })
    }
  })

  it("shows its metadata to util.inspect, and the failure for a corrupt one instead of throwing", () => {
    const event = lazy({ a: 1 }, JSON.stringify({ eventId: "e-77", schemaVersion: 1, recordedAt: 0 }), 1)
    expect(inspect(event)).toContain("eventId: 'e-77'")
    expect(inspect(lazy({}, "{not json", 1))).toMatch(/metadata: ["']<corrupt stored event: .*invalid JSON/)
  })
})
