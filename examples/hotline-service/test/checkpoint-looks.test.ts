import { Effect, Fiber } from "effect"
import { describe, expect, it } from "vitest"
import { makeCheckpointLooks, sharedCheckpointReaches } from "../src/office/checkpoint-looks.ts"
import type { CheckpointNews } from "../src/office/checkpoint-news.ts"

/** The shared checkpoints as a test sets them, each read counted and answered when the test lets it. */
const sharedCheckpoints = () => {
  const positions = new Map<string, number>()
  const held: Array<() => void> = []
  const state = { reads: 0, holding: false }
  const read = Effect.promise(async () => {
    state.reads += 1
    // What the read sees is fixed when it begins, as a statement's snapshot is.
    const seen = new Map(positions)
    if (state.holding) await new Promise<void>((resolve) => held.push(resolve))
    return seen as ReadonlyMap<string, number>
  })
  const release = () => {
    for (const resolve of held.splice(0)) resolve()
  }
  return { positions, state, read, release }
}

/** News heard in this process only: `announce` wakes every `next` taken before it. */
const localNews = (): CheckpointNews => {
  let wake: () => void = () => {}
  let heard = new Promise<void>((resolve) => {
    wake = resolve
  })
  return {
    next: () => heard,
    announce: () => {
      const woken = wake
      heard = new Promise<void>((resolve) => {
        wake = resolve
      })
      woken()
    },
    close: () => {},
  }
}

/** Lets every fiber and promise that can move do so. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20))

describe("looks at the shared checkpoints", () => {
  it("answers every request waiting on an announcement with one read of every checkpoint", async () => {
    const shared = sharedCheckpoints()
    const news = localNews()
    const looks = makeCheckpointLooks(shared.read)
    const waits = Array.from({ length: 8 }, (_, at) =>
      Effect.runFork(sharedCheckpointReaches(looks, news, at % 2 === 0 ? "a" : "b", 5, false)),
    )
    await settle()
    // Eight first looks, asked at once: one read.
    expect(shared.state.reads).toBe(1)
    shared.positions.set("a", 5)
    shared.positions.set("b", 6)
    news.announce()
    await Promise.all(waits.map((wait) => Effect.runPromise(Fiber.join(wait))))
    // Eight waits woken by one announcement, over two projections: one read more.
    expect(shared.state.reads).toBe(2)
  })

  it("never answers a look with a read that began before it was asked", async () => {
    const shared = sharedCheckpoints()
    const looks = makeCheckpointLooks(shared.read)
    shared.state.holding = true
    const early = Effect.runPromise(looks.look)
    await settle()
    expect(shared.state.reads).toBe(1)
    // The holder commits while the first read is out; a look asked now must see it.
    shared.positions.set("a", 9)
    const late = Effect.runPromise(looks.look)
    const later = Effect.runPromise(looks.look)
    shared.state.holding = false
    shared.release()
    expect((await early).get("a")).toBeUndefined()
    expect((await late).get("a")).toBe(9)
    expect((await later).get("a")).toBe(9)
    // The two late looks shared the read begun after the first ended.
    expect(shared.state.reads).toBe(2)
  })

  it("fails the looks a failed read answers, and reads afresh for the next", async () => {
    let fail = true
    let reads = 0
    const looks = makeCheckpointLooks(
      Effect.suspend(() => {
        reads += 1
        return fail ? Effect.fail("read models gone") : Effect.succeed(new Map([["a", 3]]))
      }),
    )
    expect(await Effect.runPromise(Effect.flip(looks.look))).toBe("read models gone")
    fail = false
    expect((await Effect.runPromise(looks.look)).get("a")).toBe(3)
    expect(reads).toBe(2)
  })
})
