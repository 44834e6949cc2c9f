import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { ReadModelStore } from "../src/index.ts"
import { makeDocumentCache } from "../src/runner/document-cache.ts"

/** A store that counts which keys it was asked to load. */
const counting = () => {
  const inner = ReadModelStore.makeMemory()
  const loaded: Array<string> = []
  const store: ReadModelStore.Shape = {
    ...inner,
    load: (projection, keys) => {
      loaded.push(...keys)
      return inner.load(projection, keys)
    },
  }
  return { inner, store, loaded }
}

const write = (key: string, doc: unknown) => ({ key, doc, entries: [], previous: [] })

describe("the document cache of a projector", () => {
  it("serves what the projector committed, and loads the rest", () =>
    Effect.runPromise(
      Effect.gen(function* () {
        const { inner, store, loaded } = counting()
        const started = yield* inner.reset("p", 1, undefined)
        const moved = yield* inner.commit({
          projection: "p",
          expected: started,
          position: 1,
          writes: [write("a", 1)],
        })
        const cache = makeDocumentCache(store, "p", 2)
        const writes = [write("b", 2), write("c", 3)]
        yield* inner.commit({ projection: "p", expected: moved, position: 2, writes })
        cache.committed(writes)
        const found = yield* cache.store.load("p", ["a", "b", "c", "d"])
        expect([...found].map(([key, stored]) => [key, stored.doc])).toEqual([
          ["b", 2],
          ["c", 3],
          ["a", 1],
        ])
        expect(loaded).toEqual(["a", "d"])
      }),
    ))

  it("forgets a deleted document, evicts the least recently used, and empties when told a commit failed", () =>
    Effect.runPromise(
      Effect.gen(function* () {
        const { inner, store, loaded } = counting()
        let checkpoint = yield* inner.reset("p", 1, undefined)
        const cache = makeDocumentCache(store, "p", 2)
        const cached = cache.store
        const commit = (position: number, writes: ReturnType<typeof write>[]) =>
          Effect.tap(inner.commit({ projection: "p", expected: checkpoint, position, writes }), (moved) =>
            Effect.sync(() => {
              checkpoint = moved
              cache.committed(writes)
            }),
          )
        yield* commit(1, [write("a", 1), write("b", 2)])
        yield* cached.load("p", ["a"]) // a is now more recent than b
        yield* commit(2, [write("c", 3)]) // evicts b
        yield* cached.load("p", ["a", "b", "c"])
        expect(loaded).toEqual(["b"])
        yield* commit(3, [write("a", undefined)])
        expect([...(yield* cached.load("p", ["a"]))]).toEqual([])
        expect(loaded).toEqual(["b", "a"])
        cache.clear()
        yield* cached.load("p", ["c"])
        expect(loaded).toEqual(["b", "a", "c"])
      }),
    ))
})
