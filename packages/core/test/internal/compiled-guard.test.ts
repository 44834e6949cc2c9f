import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { CASE_EVENT_TYPES } from "../../src/case/events.ts"
import { Campaign, Case, Points, Resident, Territory } from "../../src/index.ts"
import { compileGuard } from "../../src/internal/compiled-guard.ts"
import { arbitraryCaseLifecycle } from "../../src/testing/arbitraries/case-lifecycle.ts"
import { acceptedEvents, runCommands } from "../../src/testing/run-commands.ts"
import { config, decider } from "../case/properties/setup.ts"

/** Every event of some generated case lives, as plain stored JSON with its tag. */
const arbitraryStoredCaseEvents = arbitraryCaseLifecycle(config).map((commands) =>
  acceptedEvents(runCommands(decider, commands)).map(
    (event) => JSON.parse(JSON.stringify(event)) as Record<string, unknown>,
  ),
)

/** One way to spoil a value: drop a key, replace a value, or reach into a nested object. */
type Spoil = { readonly path: ReadonlyArray<number>; readonly drop: boolean; readonly value: unknown }

const arbitrarySpoil: fc.Arbitrary<Spoil> = fc.record({
  path: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
  drop: fc.boolean(),
  value: fc.oneof(
    fc.anything(),
    fc.constantFrom("", "grid", -1, 0, 1.5, 2 ** 53, null, [], {}, "CaseReported", "urgent", "grid"),
  ),
})

/** Applies a spoil: at each step the path's number picks one of the object's keys. */
const spoil = (value: unknown, { path, drop, value: replacement }: Spoil): unknown => {
  if (typeof value !== "object" || value === null) return replacement
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as never) : { ...value }
  const keys = Object.keys(copy)
  if (keys.length === 0) return replacement
  const key = keys[path[0]! % keys.length]!
  if (path.length === 1) {
    if (drop) delete copy[key]
    else copy[key] = replacement
  } else copy[key] = spoil(copy[key], { path: path.slice(1), drop, value: replacement })
  return copy
}

describe("compileGuard", () => {
  it.each([
    ["case", Case.Event],
    ["territory", Territory.Event],
    ["resident", Resident.Event],
    ["points", Points.Event],
    ["door-knocking campaign", Campaign.Event],
  ])("compiles the %s events, so their codec rarely needs Schema's parser", (_, schema) => {
    expect(compileGuard(schema)).toBeTypeOf("function")
  })

  it.each([
    ["a number stored as a string", Schema.Struct({ n: Schema.NumberFromString })],
    ["a date (a declaration)", Schema.Struct({ at: Schema.Date })],
    ["a transformation inside an array", Schema.Struct({ ns: Schema.Array(Schema.NumberFromString) })],
    ["a transformation in one union member", Schema.Union([Schema.String, Schema.NumberFromString])],
    ["a record keyed by a transformation", Schema.Record(Schema.NumberFromString, Schema.String)],
    ["a tuple with an optional element", Schema.Tuple([Schema.String, Schema.optionalKey(Schema.Number)])],
  ])("leaves %s to Schema", (_, schema) => {
    expect(compileGuard(schema)).toBeUndefined()
  })

  it("agrees with Schema on every event of a case's life and on every spoilt copy of one", () => {
    const guard = compileGuard(Case.Event)!
    const is = Schema.is(Case.Event)
    fc.assert(
      fc.property(arbitraryStoredCaseEvents, fc.array(arbitrarySpoil, { maxLength: 3 }), (events, spoils) => {
        for (const event of events) {
          expect(guard(event)).toBe(true)
          const spoilt = spoils.reduce<unknown>(spoil, event)
          expect(guard(spoilt), JSON.stringify(spoilt)).toBe(is(spoilt))
        }
      }),
      { numRuns: 200 },
    )
  })

  it("checks optional keys only when present, and requires the others even when they may be undefined", () => {
    const guard = compileGuard(
      Schema.Struct({
        note: Schema.optional(Schema.NonEmptyString),
        count: Schema.optionalKey(Schema.Int),
        maybe: Schema.UndefinedOr(Schema.String),
        tags: Schema.Record(Schema.String, Schema.Boolean).pipe(Schema.optionalKey),
      }),
    )!
    expect(guard({ maybe: undefined })).toBe(true)
    expect(guard({ maybe: "x", note: undefined, count: 3, tags: { a: true } })).toBe(true)
    expect(guard({})).toBe(false)
    expect(guard({ maybe: "x", note: "" })).toBe(false)
    expect(guard({ maybe: "x", count: undefined })).toBe(false)
    expect(guard({ maybe: "x", count: 1.5 })).toBe(false)
    expect(guard({ maybe: "x", tags: { a: "yes" } })).toBe(false)
  })

  it("checks tuples element by element and the rest by its type", () => {
    const guard = compileGuard(
      Schema.TupleWithRest(Schema.Tuple([Schema.String, Schema.Int]), [Schema.Boolean]),
    )!
    expect(guard(["a", 1])).toBe(true)
    expect(guard(["a", 1, true, false])).toBe(true)
    expect(guard(["a"])).toBe(false)
    expect(guard(["a", 1.5])).toBe(false)
    expect(guard(["a", 1, "no"])).toBe(false)
    expect(compileGuard(Schema.Tuple([Schema.String]))!(["a", "b"])).toBe(false)
  })
})

describe("decoding case events", () => {
  it("gives back exactly the events that were encoded, for every event a case's life produces", () => {
    fc.assert(
      fc.property(arbitraryCaseLifecycle(config), (commands) => {
        acceptedEvents(runCommands(decider, commands)).forEach((event, index) => {
          const encoded = Case.eventCodec.encode(event)
          const stored = {
            streamId: "case-1",
            revision: index + 1,
            position: index + 1,
            type: encoded.type,
            data: JSON.parse(JSON.stringify(encoded.data)),
            metadata: { eventId: `e${index}`, schemaVersion: encoded.schemaVersion, recordedAt: 0 },
          }
          expect(Result.getOrThrow(Case.eventCodec.decode(stored))).toEqual(event)
          expect(CASE_EVENT_TYPES).toContain(stored.type)
        })
      }),
      { numRuns: 100 },
    )
  })
})
