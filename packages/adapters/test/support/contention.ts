import type { EventStore } from "@gridcase/core"
import { expect } from "vitest"
import type { WriterProcess } from "./writer-process.ts"

/**
 * Checks the outcome of `writer.ts contend` processes on one stream: one winner per version,
 * and each writer's events stored once, in its own order, at the versions it won.
 */
export const expectFairContention = (
  writers: ReadonlyArray<WriterProcess>,
  stream: ReadonlyArray<EventStore.RecordedEvent>,
) => {
  const won = writers.map((writer) => JSON.parse(writer.lines[0]!) as Array<number>)
  const total = won.flat().length
  expect(won.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, version) => version))
  expect(stream.map((event) => event.revision)).toEqual(Array.from({ length: total }, (_, i) => i + 1))
  won.forEach((versions, writer) => {
    const own = stream.filter((event) => (event.data as { writer: number }).writer === writer)
    expect(own.map((event) => (event.data as { index: number }).index)).toEqual([...versions.keys()])
    expect(own.map((event) => event.revision - 1)).toEqual(versions)
  })
}
