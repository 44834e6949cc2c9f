import { newEvent, newEvents } from "@gridcase/adapters/testing"
import type { EventStore } from "@gridcase/core"
import { Effect, Result } from "effect"
import fc from "fast-check"
import type pg from "pg"
import { describe, expect, it } from "vitest"
import { storeInFreshSchema, testPool } from "./support/postgres.ts"

const pool = testPool()

/** The pool, with the statements sent through `query` counted by the prepared statement's last name part. */
const countingPool = (inner: pg.Pool) => {
  const sent = new Map<string, number>()
  const query = (config: unknown, values?: unknown) => {
    const name = (config as { name?: string }).name?.split(":").at(-1) ?? "other"
    sent.set(name, (sent.get(name) ?? 0) + 1)
    return (inner.query as (config: unknown, values?: unknown) => unknown).call(inner, config, values)
  }
  const counted = new Proxy(inner, {
    get: (target, property) => {
      if (property === "query") return query
      const value = Reflect.get(target, property, target)
      return typeof value === "function" ? value.bind(target) : value
    },
  })
  return { pool: counted, sent: (name: string) => sent.get(name) ?? 0 }
}

const withStore = <A>(
  body: (store: EventStore.Shape, sent: (name: string) => number) => Effect.Effect<A, unknown>,
) => {
  const counted = countingPool(pool)
  return Effect.runPromise(
    Effect.scoped(Effect.flatMap(storeInFreshSchema(counted.pool), ({ store }) => body(store, counted.sent))),
  )
}

const appendAll = (
  store: EventStore.Shape,
  appends: ReadonlyArray<
    readonly [
      streamId: string,
      events: ReadonlyArray<EventStore.NewEvent>,
      expected: EventStore.ExpectedVersion,
    ]
  >,
) =>
  Effect.all(
    appends.map(([streamId, events, expected]) => Effect.result(store.append(streamId, events, expected))),
    { concurrency: "unbounded" },
  )

describe("postgres group commit", () => {
  it("sends concurrent appends to different streams together, each at its own revisions", () =>
    withStore((store, sent) =>
      Effect.gen(function* () {
        const results = yield* appendAll(
          store,
          Array.from({ length: 20 }, (_, index) => [`case-${index}`, newEvents(2), "noStream"] as const),
        )
        expect(results.every(Result.isSuccess)).toBe(true)
        expect(sent("insertMany")).toBeGreaterThan(0)
        expect(sent("insert") + sent("insertMany")).toBeLessThan(20)
        for (const [index, result] of results.entries()) {
          const stored = yield* store.readStream(`case-${index}`)
          expect(stored.map((event) => event.revision)).toEqual([1, 2])
          expect(Result.getOrThrow(result)).toEqual({
            nextExpectedVersion: 2,
            lastPosition: stored[1]!.position,
          })
        }
      }),
    ))

  it("fails only the append whose expected version does not hold, with the actual version", () =>
    withStore((store) =>
      Effect.gen(function* () {
        yield* store.append("case-late", newEvents(3), "noStream")
        const results = yield* appendAll(store, [
          ["case-a", newEvents(1), "noStream"],
          ["case-late", newEvents(1), 1],
          ["case-b", newEvents(1), "any"],
          ["case-late-2", newEvents(1), "exists"],
        ])
        expect(results.map((result) => result._tag)).toEqual(["Success", "Failure", "Success", "Failure"])
        expect(results[1]).toMatchObject({ failure: { _tag: "WrongExpectedVersion", actual: 3 } })
        expect(results[3]).toMatchObject({ failure: { _tag: "WrongExpectedVersion", actual: 0 } })
        expect(yield* store.readStream("case-late")).toHaveLength(3)
      }),
    ))

  it("settles a batch refused by a stored id one by one: the retry gets its first result, the rest go in", () =>
    withStore((store) =>
      Effect.gen(function* () {
        const first = newEvents(2)
        const original = yield* store.append("case-r", first, "noStream")
        const results = yield* appendAll(store, [
          ["case-x", newEvents(1), "noStream"],
          ["case-r", first, "noStream"],
          ["case-y", newEvents(1), "noStream"],
          ["case-z", [newEvent("CaseNoted", {}, { eventId: first[0]!.metadata.eventId })], "noStream"],
        ])
        expect(results[0]?._tag).toBe("Success")
        expect(results[1]).toEqual(Result.succeed(original))
        expect(results[2]?._tag).toBe("Success")
        expect(results[3]).toMatchObject({ failure: { _tag: "DuplicateEventId" } })
        expect(yield* store.readStream("case-r")).toHaveLength(2)
        expect(yield* store.readStream("case-z")).toHaveLength(0)
      }),
    ))

  it("keeps every stream gapless and every result true to what was stored, whatever the mix of concurrent appends", async () => {
    const arbitraryAppend = fc.record({
      stream: fc.constantFrom("s1", "s2", "s3", "s4"),
      count: fc.integer({ min: 1, max: 3 }),
      expected: fc.constantFrom<EventStore.ExpectedVersion>("any", "noStream", "exists", 0, 1, 2, 3),
    })
    await fc.assert(
      fc.asyncProperty(fc.array(arbitraryAppend, { minLength: 1, maxLength: 16 }), (appends) =>
        withStore((store) =>
          Effect.gen(function* () {
            const batches = appends.map(
              ({ stream, count, expected }) => [stream, newEvents(count), expected] as const,
            )
            const results = yield* appendAll(store, batches)
            const streams = new Map<
              string,
              ReadonlyArray<{ revision: number; position: number; eventId: string }>
            >()
            for (const stream of ["s1", "s2", "s3", "s4"]) {
              const stored = yield* store.readStream(stream)
              expect(stored.map((event) => event.revision)).toEqual(stored.map((_, index) => index + 1))
              streams.set(
                stream,
                stored.map((event) => ({
                  revision: event.revision,
                  position: event.position,
                  eventId: event.metadata.eventId,
                })),
              )
            }
            const storedIds = new Set([...streams.values()].flat().map((event) => event.eventId))
            batches.forEach(([stream, events], index) => {
              const result = results[index]!
              const ids = events.map((event) => event.metadata.eventId)
              if (Result.isSuccess(result)) {
                const stored = streams.get(stream)!
                const { nextExpectedVersion, lastPosition }: EventStore.AppendResult = result.success
                const mine = stored.slice(nextExpectedVersion - ids.length, nextExpectedVersion)
                expect(mine.map((event) => event.eventId)).toEqual(ids)
                expect(mine.at(-1)?.position).toBe(lastPosition)
              } else {
                expect(result.failure._tag).toBe("WrongExpectedVersion")
                for (const id of ids) expect(storedIds.has(id)).toBe(false)
              }
            })
          }),
        ),
      ),
      { numRuns: 40 },
    )
  })
})
