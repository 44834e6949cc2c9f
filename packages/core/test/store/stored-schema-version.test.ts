import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { EventStore } from "../../src/index.ts"

const Greeted = Schema.TaggedStruct("Greeted", { given: Schema.String })
const codec = EventStore.makeEventCodec(Greeted, ["Greeted"], {
  Greeted: { current: 2, from: { 1: ({ name, ...rest }) => ({ ...rest, given: name }) } },
})

const address = { streamId: "greetings-1", revision: 1, position: 7, type: "Greeted" } as const

/** An event as a lazy store hands it over: the version on the prototype, the metadata behind a getter. */
const storedWith = (version: number, metadata: () => EventStore.EventMetadata): EventStore.RecordedEvent => {
  const event = Object.create({ [EventStore.storedSchemaVersion]: version }) as Record<string, unknown>
  Object.assign(event, address, { data: { given: "Li" } })
  Object.defineProperty(event, "metadata", { get: metadata, enumerable: true })
  return event as unknown as EventStore.RecordedEvent
}

const unreadable = (): EventStore.EventMetadata => {
  throw new Error("the metadata was parsed")
}

describe("schemaVersionOf", () => {
  it("reads a plain event's metadata", () => {
    fc.assert(
      fc.property(fc.integer(), (version) => {
        const event = {
          ...address,
          data: {},
          metadata: { eventId: "e", schemaVersion: version, recordedAt: 0 },
        }
        expect(EventStore.schemaVersionOf(event)).toBe(version)
      }),
    )
  })

  it("takes the store's copy without reading the metadata", () => {
    fc.assert(
      fc.property(fc.integer(), (version) => {
        expect(EventStore.schemaVersionOf(storedWith(version, unreadable))).toBe(version)
      }),
    )
  })

  it("falls back to the metadata for a copy of a stored event, which has no prototype of its own", () => {
    const metadata = { eventId: "e", schemaVersion: 1, recordedAt: 0 }
    const copy = { ...storedWith(1, () => metadata) }
    expect(EventStore.storedSchemaVersion in copy).toBe(false)
    expect(EventStore.schemaVersionOf(copy)).toBe(1)
  })
})

describe("event codec with a store's schema version", () => {
  it("decodes a current event without parsing its metadata", () => {
    expect(codec.decode(storedWith(2, unreadable))).toEqual(Result.succeed({ _tag: "Greeted", given: "Li" }))
  })

  it("upcasts by the store's version", () => {
    const event = storedWith(1, unreadable)
    Object.defineProperty(event, "data", { value: { name: "Wei" } })
    expect(codec.decode(event)).toEqual(Result.succeed({ _tag: "Greeted", given: "Wei" }))
  })
})
