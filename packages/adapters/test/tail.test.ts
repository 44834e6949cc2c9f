import type { EventStore } from "@gridcase/core"
import { Effect, Fiber, Stream } from "effect"
import { describe, expect, it } from "vitest"
import { ChangeSignal } from "../src/shared/change-signal.ts"
import { DEFAULT_PAGE_SIZE, type TailPage, tailEvents } from "../src/shared/tail.ts"

const event = (position: number): EventStore.RecordedEvent => ({
  streamId: "case-1",
  revision: position,
  position,
  type: "CaseNoted",
  data: {},
  metadata: { eventId: `e${position}`, schemaVersion: 1, recordedAt: 0 },
})

/**
 * A store to tail that hands out `pages` in turn (then empty pages), each read with the
 * checkpoint moved on by 10 as a filtered read or a moved PostgreSQL horizon moves it, and
 * counts the reads.
 */
const pagedStore = (pages: ReadonlyArray<ReadonlyArray<EventStore.RecordedEvent>>) => {
  let reads = 0
  const readPage = (after: number) =>
    Effect.sync((): TailPage => {
      const events = pages[reads] ?? []
      reads++
      return { events, checkpoint: Math.max(after, events.at(-1)?.position ?? 0) + 10 }
    })
  return { readPage, reads: () => reads }
}

/** Lets the tail run until it waits (it has nothing to wait on but the signal). */
const settle = Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 50)))

describe("tailEvents", () => {
  it("waits for the next change after a short page, even when the read moved its checkpoint on", () =>
    Effect.runPromise(
      Effect.gen(function* () {
        const store = pagedStore([[event(1)]])
        const changes = new ChangeSignal()
        const seen: Array<number> = []
        const fiber = yield* tailEvents({ after: 0, readPage: store.readPage, changes }).pipe(
          Stream.runForEach((recorded) => Effect.sync(() => seen.push(recorded.position))),
          Effect.forkChild,
        )
        yield* settle
        // The short page held everything there was: reading again before a change finds nothing.
        expect(seen).toEqual([1])
        expect(store.reads()).toBe(1)
        changes.notify()
        yield* settle
        expect(store.reads()).toBe(2)
        changes.notify()
        yield* settle
        expect(store.reads()).toBe(3)
        yield* Fiber.interrupt(fiber)
      }),
    ))

  it("reads again soon, unasked, while committed events wait behind the horizon, then waits for a change", () =>
    Effect.runPromise(
      Effect.gen(function* () {
        // Read 1: nothing shown, an event committed behind the horizon; read 2: still behind;
        // read 3: the horizon moved and shows it. No change is announced and there is no poll:
        // the event's own NOTIFY came while it was still hidden.
        let reads = 0
        const readPage = (after: number) =>
          Effect.sync((): TailPage => {
            reads++
            return reads < 3
              ? { events: [], checkpoint: after, behind: true }
              : { events: reads === 3 ? [event(1)] : [], checkpoint: Math.max(after, 1) }
          })
        const seen: Array<number> = []
        const fiber = yield* tailEvents({ after: 0, readPage, changes: new ChangeSignal() }).pipe(
          Stream.runForEach((recorded) => Effect.sync(() => seen.push(recorded.position))),
          Effect.forkChild,
        )
        yield* settle
        expect(seen).toEqual([1])
        // Once nothing is behind, the tail waits for a change again: no fourth read.
        expect(reads).toBe(3)
        yield* settle
        expect(reads).toBe(3)
        yield* Fiber.interrupt(fiber)
      }),
    ))

  it("reads on at once after a full page, which may not have held everything", () =>
    Effect.runPromise(
      Effect.gen(function* () {
        const full = Array.from({ length: DEFAULT_PAGE_SIZE }, (_, index) => event(index + 1))
        const store = pagedStore([full, full.map((recorded) => event(recorded.position + DEFAULT_PAGE_SIZE))])
        const changes = new ChangeSignal()
        let seen = 0
        const fiber = yield* tailEvents({ after: 0, readPage: store.readPage, changes }).pipe(
          Stream.runForEach(() =>
            Effect.sync(() => {
              seen++
            }),
          ),
          Effect.forkChild,
        )
        yield* settle
        // Two full pages, then the empty page that shows the end: three reads without a signal.
        expect(seen).toBe(2 * DEFAULT_PAGE_SIZE)
        expect(store.reads()).toBe(3)
        yield* Fiber.interrupt(fiber)
      }),
    ))
})
