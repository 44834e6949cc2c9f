import { randomUUID } from "node:crypto"
import { EventStore } from "@gridcase/core"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { LogRecordedEvent } from "../../src/eventstoredb/esdb-client.ts"
import { fromLogEvent, isUuid, toEventData } from "../../src/eventstoredb/event-data.ts"

const metadata: fc.Arbitrary<EventStore.EventMetadata> = fc.record(
  {
    eventId: fc.uuid().map((id) => id.toUpperCase()),
    schemaVersion: fc.integer({ min: 1, max: 20 }),
    recordedAt: fc.nat(),
    commandId: fc.string(),
    correlationId: fc.string(),
    causationId: fc.string(),
    actor: fc.string({ unit: "grapheme" }),
  },
  { requiredKeys: ["eventId", "schemaVersion", "recordedAt"] },
)

const newEvent: fc.Arbitrary<EventStore.NewEvent> = fc.record({
  type: fc.string({ minLength: 1 }),
  data: fc.oneof(fc.jsonValue(), fc.constant(undefined)),
  metadata,
})

/** What the server hands back for an event it stored at `revision` and log offset `offset`. */
const storedAndRead = (event: EventStore.NewEvent, revision: bigint, offset: bigint): LogRecordedEvent => {
  const sent = toEventData(event)
  return {
    streamId: "t1-case-7",
    id: sent.id.toLowerCase(),
    revision,
    type: sent.type,
    isJson: true,
    data: JSON.parse(JSON.stringify(sent.data)),
    metadata: JSON.parse(JSON.stringify(sent.metadata)),
    position: { commit: offset, prepare: offset },
  }
}

describe("events to and from the server", () => {
  it("round-trip type, data and every metadata field verbatim, with the port's numbering", () => {
    fc.assert(
      fc.property(
        newEvent,
        fc.bigInt({ min: 0n, max: 1n << 40n }),
        fc.bigInt({ min: 1n, max: 1n << 50n }),
        (event, revision, offset) => {
          const read = fromLogEvent(storedAndRead(event, revision, offset), "case-7")
          expect(read).toEqual({
            streamId: "case-7",
            revision: Number(revision) + 1,
            position: Number(offset) + 1,
            type: event.type,
            data: JSON.parse(JSON.stringify(event.data ?? null)),
            metadata: event.metadata,
          })
        },
      ),
    )
  })

  it("also write correlation and causation ids under the server's own keys", () => {
    fc.assert(
      fc.property(newEvent, (event) => {
        const sent = toEventData(event)
        expect(sent.id).toBe(event.metadata.eventId)
        expect(sent.contentType).toBe("application/json")
        expect(sent.metadata.$correlationId).toBe(event.metadata.correlationId)
        expect(sent.metadata.$causationId).toBe(event.metadata.causationId)
        expect("$correlationId" in sent.metadata).toBe(event.metadata.correlationId !== undefined)
      }),
    )
  })

  it("an event not written by this encoding is a StoreUnavailable naming it", () => {
    const good = storedAndRead(
      { type: "CaseNoted", data: {}, metadata: { eventId: randomUUID(), schemaVersion: 1, recordedAt: 0 } },
      2n,
      5_000n,
    )
    const cases: Array<[Partial<LogRecordedEvent>, RegExp]> = [
      [{ isJson: false }, /content type is not application\/json/],
      [{ metadata: new Uint8Array([1, 2]) }, /metadata is not a JSON object/],
      [{ metadata: ["a"] }, /metadata is not a JSON object/],
      [{ metadata: undefined }, /metadata is not a JSON object/],
      [{ position: undefined }, /reported no log position/],
      [{ position: { commit: 0n, prepare: 0n } }, /reported no log position/],
    ]
    for (const [change, reason] of cases) {
      let thrown: unknown
      try {
        fromLogEvent({ ...good, ...change }, "case-7")
      } catch (error) {
        thrown = error
      }
      expect(thrown).toBeInstanceOf(EventStore.StoreUnavailable)
      expect((thrown as EventStore.StoreUnavailable).message).toMatch(reason)
      expect((thrown as EventStore.StoreUnavailable).cause).toMatchObject({
        _tag: "EventDecodeError",
        streamId: "case-7",
        revision: 3,
      })
    }
  })

  it("event ids are UUIDs, in either case", () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        expect(isUuid(id) && isUuid(id.toUpperCase())).toBe(true)
      }),
    )
    for (const notUuid of ["", "case-1", "00000000-0000-7000-8000-00000000000g", `${randomUUID()}x`]) {
      expect(isUuid(notUuid)).toBe(false)
    }
  })
})
