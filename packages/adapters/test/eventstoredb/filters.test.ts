import { EventStore } from "@gridcase/core"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { LogServerFilter } from "../../src/eventstoredb/esdb-client.ts"
import { escapeRegex, exactTypesRegex, planFilter } from "../../src/eventstoredb/filters.ts"

/** How the server applies a filter (its regexes are .NET's; the escaped subset reads the same in JavaScript). */
const serverPasses = (filter: LogServerFilter, streamName: string, type: string) => {
  const subject = filter.filterOn === "streamName" ? streamName : type
  return "prefixes" in filter
    ? filter.prefixes.some((prefix) => subject.startsWith(prefix))
    : new RegExp(filter.regex).test(subject)
}

/** Short strings over characters that matter: regex syntax, `$`, `-`, letters. */
const text = fc.string({
  unit: fc.constantFrom("a", "b", "-", "$", ".", "*", "(", "|", "^", "\\", "[", " "),
  maxLength: 5,
})
const filter: fc.Arbitrary<EventStore.EventFilter> = fc.record(
  { types: fc.array(text, { maxLength: 3 }), streamPrefix: text },
  { requiredKeys: [] },
)
const namespace = text.filter((candidate) => !candidate.startsWith("$"))

const recorded = (streamId: string, type: string): EventStore.RecordedEvent => ({
  streamId,
  type,
  revision: 1,
  position: 1,
  data: null,
  metadata: { eventId: "e", schemaVersion: 1, recordedAt: 0 },
})

describe("filters on $all", () => {
  it("a literal regex matches exactly its text", () => {
    fc.assert(
      fc.property(text, text, (literal, other) => {
        expect(new RegExp(`^${escapeRegex(literal)}$`).test(other)).toBe(literal === other)
      }),
    )
  })

  it("the type regex matches exactly the listed types", () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 4 }), text, (types, type) => {
        expect(new RegExp(exactTypesRegex(types)).test(type)).toBe(types.includes(type))
      }),
    )
  })

  it("the server lets through every event the filter accepts", () => {
    fc.assert(
      fc.property(namespace, filter, text, text, (space, wanted, stream, type) => {
        const plan = planFilter(space, wanted)
        if (plan.matches(space + stream, type))
          expect(serverPasses(plan.server, space + stream, type)).toBe(true)
      }),
    )
  })

  it("within a namespace, accepts what core's matchesFilter accepts, less the server's own ($) events", () => {
    fc.assert(
      fc.property(namespace, filter, text, text, (space, wanted, stream, type) => {
        const system = (space + stream).startsWith("$") || type.startsWith("$")
        expect(planFilter(space, wanted).matches(space + stream, type)).toBe(
          !system && EventStore.matchesFilter(wanted, recorded(stream, type)),
        )
      }),
    )
  })

  it("never accepts a stream outside the namespace", () => {
    fc.assert(
      fc.property(namespace, filter, text, text, (space, wanted, stream, type) => {
        fc.pre(!stream.startsWith(space))
        expect(planFilter(space, wanted).matches(stream, type)).toBe(false)
      }),
    )
  })

  it("sends the stream prefix to the server when there is one, else the type list, else drops system types", () => {
    expect(planFilter("t1-", { types: ["CaseReported"] }).server).toEqual({
      filterOn: "streamName",
      checkpointInterval: 1,
      prefixes: ["t1-"],
    })
    expect(planFilter("", { streamPrefix: "case-" }).server).toMatchObject({ prefixes: ["case-"] })
    expect(planFilter("", { types: ["Case.Noted", "Visit"] }).server).toEqual({
      filterOn: "eventType",
      checkpointInterval: 1,
      regex: "^(?:Case\\.Noted|Visit)$",
    })
    const everything = planFilter("", {}).server
    expect(everything).toEqual({ filterOn: "eventType", checkpointInterval: 1, regex: "^(?!\\$)" })
    expect(serverPasses(everything, "$ce-case", "$>")).toBe(false)
    expect(serverPasses(everything, "case-1", "CaseNoted")).toBe(true)
  })
})
