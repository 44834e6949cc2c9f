import type { EventStore } from "@gridcase/core"
import { Effect, Result } from "effect"
import { describe, expect, it } from "vitest"
import { newEvent, run } from "./fixtures.ts"
import { type EventStoreHarness, withStore } from "./harness.ts"

const WRITERS = 8
const EVENTS_PER_WRITER = 6
const ROUNDS = 5

const currentVersion = async (store: EventStore.Shape, streamId: string) =>
  (await run(store.readStream(streamId, { direction: "backwards", maxCount: 1 })))[0]?.revision ?? 0

/**
 * One writer of many (并发写入): appends its events one by one with an exact expected
 * version, re-reading the version after each conflict. Returns the versions it won at.
 */
const writeAll = async (
  store: EventStore.Shape,
  streamId: string,
  writer: number,
): Promise<Array<number>> => {
  const won: Array<number> = []
  let version = await currentVersion(store, streamId)
  for (let index = 0; index < EVENTS_PER_WRITER; ) {
    const event = newEvent("CaseNoted", { writer, index })
    const outcome = await run(Effect.result(store.append(streamId, [event], version)))
    if (Result.isSuccess(outcome)) {
      expect(outcome.success.nextExpectedVersion).toBe(version + 1)
      won.push(version)
      version = outcome.success.nextExpectedVersion
      index++
    } else {
      expect(outcome.failure).toMatchObject({ _tag: "WrongExpectedVersion" })
      version = await currentVersion(store, streamId)
    }
  }
  return won
}

/** Every round, all writers append at the same exact version: one wins, the others see its event. */
const oneWinnerPerRace = async (store: EventStore.Shape) => {
  for (let round = 0; round < ROUNDS; round++) {
    const outcomes = await Promise.all(
      Array.from({ length: WRITERS }, (_, writer) =>
        run(Effect.result(store.append("case-race", [newEvent("CaseNoted", { round, writer })], round))),
      ),
    )
    const winners = outcomes.filter(Result.isSuccess)
    expect(winners).toHaveLength(1)
    for (const outcome of outcomes.filter(Result.isFailure)) {
      expect(outcome.failure).toMatchObject({
        _tag: "WrongExpectedVersion",
        expected: round,
        actual: round + 1,
      })
    }
  }
  expect(await run(store.readStream("case-race"))).toHaveLength(ROUNDS)
}

/** Writers retrying after each conflict (`writeAll`) end with every event stored once, in each writer's order. */
const nothingLostOrReordered = async (store: EventStore.Shape) => {
  const won = await Promise.all(
    Array.from({ length: WRITERS }, (_, writer) => writeAll(store, "case-busy", writer)),
  )
  const total = WRITERS * EVENTS_PER_WRITER
  expect(won.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, version) => version))
  const stream = await run(store.readStream("case-busy"))
  expect(stream.map((event) => event.revision)).toEqual(Array.from({ length: total }, (_, i) => i + 1))
  for (let writer = 0; writer < WRITERS; writer++) {
    const own = stream.filter((event) => (event.data as { writer: number }).writer === writer)
    expect(own.map((event) => (event.data as { index: number }).index)).toEqual([0, 1, 2, 3, 4, 5])
    expect(own.map((event) => event.revision - 1)).toEqual(won[writer])
  }
}

/** Appenders naming no version all win, each with its events together and its result saying where. */
const everyOpenAppenderWins = async (store: EventStore.Shape) => {
  await run(store.append("case-open", [newEvent("CaseNoted", { writer: -1 })], "noStream"))
  const results = await Promise.all(
    Array.from({ length: WRITERS }, (_, writer) =>
      run(
        store.append(
          "case-open",
          [newEvent("CaseNoted", { writer, index: 0 }), newEvent("CaseNoted", { writer, index: 1 })],
          writer % 2 === 0 ? "any" : "exists",
        ),
      ),
    ),
  )
  const stream = await run(store.readStream("case-open"))
  expect(stream.map((event) => event.revision)).toEqual(
    Array.from({ length: 1 + 2 * WRITERS }, (_, i) => i + 1),
  )
  results.forEach((result, writer) => {
    const own = stream.filter((event) => (event.data as { writer: number }).writer === writer)
    expect(own.map((event) => event.revision)).toEqual([
      result.nextExpectedVersion - 1,
      result.nextExpectedVersion,
    ])
    expect(own.at(-1)!.position).toBe(result.lastPosition)
  })
}

export const describeConcurrencyContract = (harness: EventStoreHarness): void => {
  describe("concurrent appenders on one stream", () => {
    it("exactly one of the appenders racing for the same version wins", withStore(harness, oneWinnerPerRace))
    it(
      "loses, duplicates and reorders nothing, with one winner per version",
      withStore(harness, nothingLostOrReordered),
    )
    it(
      "every appender that does not name a version (any, exists) wins, each at its own revisions",
      withStore(harness, everyOpenAppenderWins),
    )
  })
}
