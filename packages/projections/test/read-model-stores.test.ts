import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, type Scope } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { Projection, ReadModelStore } from "../src/index.ts"
import { makeSqliteReadModelStore } from "../src/stores/sqlite/index.ts"
import { readModelsInFreshSchema, testPool } from "./support/postgres.ts"

const directory = mkdtempSync(join(tmpdir(), "gridcase-read-models-"))
afterAll(() => rmSync(directory, { recursive: true, force: true }))

const pool = testPool()

const STORES: ReadonlyArray<readonly [string, Effect.Effect<ReadModelStore.Shape, unknown, Scope.Scope>]> = [
  ["memory", Effect.sync(ReadModelStore.makeMemory)],
  ["sqlite", makeSqliteReadModelStore({ filename: ":memory:" })],
  ["postgres", readModelsInFreshSchema(pool)],
]

const entry = (index: string, group: string, value = 1): Projection.IndexEntry => ({ index, group, value })
const write = (
  key: string,
  doc: unknown,
  entries: ReadonlyArray<Projection.IndexEntry>,
  previous: ReadonlyArray<Projection.IndexEntry> = [],
): ReadModelStore.DocumentWrite => ({ key, doc, entries, previous })

describe.each(STORES)("the %s read-model store", (_, make) => {
  const run = (body: (store: ReadModelStore.Shape) => Effect.Effect<void, unknown>) =>
    Effect.runPromise(Effect.scoped(Effect.flatMap(make, body)))

  it("starts a projection with a reset and moves its checkpoint by compare-and-set only", () =>
    run((store) =>
      Effect.gen(function* () {
        expect(yield* store.checkpoint("p")).toBeUndefined()
        const never = { position: 0, generation: 0, version: 1 }
        expect(
          yield* Effect.flip(store.commit({ projection: "p", expected: never, position: 1, writes: [] })),
        ).toBeInstanceOf(Projection.CheckpointConflict)
        const started = yield* store.reset("p", 1, undefined)
        expect(started).toEqual({ position: 0, generation: 1, version: 1 })
        const moved = yield* store.commit({ projection: "p", expected: started, position: 5, writes: [] })
        expect(moved).toEqual({ position: 5, generation: 1, version: 1 })
        const stale = yield* Effect.flip(
          store.commit({ projection: "p", expected: started, position: 9, writes: [] }),
        )
        expect(stale).toMatchObject({ _tag: "CheckpointConflict", actual: { position: 5, generation: 1 } })
        expect(yield* Effect.flip(store.reset("p", 2, started))).toBeInstanceOf(Projection.CheckpointConflict)
        expect(yield* store.reset("p", 2, moved)).toEqual({ position: 0, generation: 2, version: 2 })
        expect(yield* store.checkpoint("p")).toEqual({ position: 0, generation: 2, version: 2 })
      }),
    ))

  it("reads several projections' checkpoints at once, in the order asked, undefined for the never started", () =>
    run((store) =>
      Effect.gen(function* () {
        const a = yield* store.reset("a", 1, undefined)
        const b = yield* store.commit({
          projection: "b",
          expected: yield* store.reset("b", 3, undefined),
          position: 7,
          writes: [],
        })
        expect(yield* store.checkpoints(["b", "never", "a", "b"])).toEqual([b, undefined, a, b])
        expect(b).toEqual({ position: 7, generation: 1, version: 3 })
        expect(yield* store.checkpoints([])).toEqual([])
      }),
    ))

  it("keeps documents with their index entries, and answers group and member queries", () =>
    run((store) =>
      Effect.gen(function* () {
        const started = yield* store.reset("p", 1, undefined)
        yield* store.commit({
          projection: "p",
          expected: started,
          position: 3,
          writes: [
            write("c1", { n: 1 }, [
              entry("grid", "g1"),
              entry("due", "all", 30),
              entry("lvl", Projection.groupKey("g1", "grid")),
            ]),
            write("c2", { n: 2 }, [
              entry("grid", "g1"),
              entry("due", "all", 10),
              entry("lvl", Projection.groupKey("g1", "street")),
            ]),
            write("c3", { n: 3 }, [
              entry("grid", "g10"),
              entry("due", "all", 10),
              entry("lvl", Projection.groupKey("g10", "grid")),
            ]),
          ],
        })
        expect(yield* store.get("p", "c2")).toEqual({ n: 2 })
        expect(yield* store.get("p", "nope")).toBeUndefined()
        const loaded = yield* store.load("p", ["c1", "nope"])
        expect([...loaded]).toEqual([
          [
            "c1",
            {
              doc: { n: 1 },
              entries: [
                entry("grid", "g1"),
                entry("due", "all", 30),
                entry("lvl", Projection.groupKey("g1", "grid")),
              ],
            },
          ],
        ])
        expect(yield* store.stats("p", "grid", "g1")).toEqual({ group: "g1", count: 2, sum: 2 })
        expect(yield* store.stats("p", "grid", "g2")).toEqual({ group: "g2", count: 0, sum: 0 })
        expect(yield* store.groups("p", "grid")).toEqual([
          { group: "g1", count: 2, sum: 2 },
          { group: "g10", count: 1, sum: 1 },
        ])
        // The groups under head "g1" are g1's, never g10's.
        expect((yield* store.groups("p", "lvl", "g1")).map((group) => group.group)).toEqual([
          Projection.groupKey("g1", "grid"),
          Projection.groupKey("g1", "street"),
        ])
        expect(yield* store.members("p", "due")).toEqual([
          { key: "c2", group: "all", value: 10 },
          { key: "c3", group: "all", value: 10 },
          { key: "c1", group: "all", value: 30 },
        ])
        expect((yield* store.members("p", "due", { below: 30, limit: 1 })).map((m) => m.key)).toEqual(["c2"])
        expect((yield* store.members("p", "lvl", { head: "g1" })).map((m) => m.key)).toEqual(["c1", "c2"])
        expect(
          (yield* store.members("p", "lvl", { group: Projection.groupKey("g10", "grid") })).map((m) => m.key),
        ).toEqual(["c3"])
        // Several groups in one call; a group named twice counts once.
        expect(
          (yield* store.members("p", "grid", { groups: ["g10", "g1", "g10", "g9"] })).map((m) => m.key),
        ).toEqual(["c1", "c2", "c3"])
        expect(
          (yield* store.members("p", "due", { groups: ["all"], below: 30, limit: 1 })).map((m) => m.key),
        ).toEqual(["c2"])
        expect(yield* store.members("p", "grid", { groups: [] })).toEqual([])
        expect(yield* store.members("p", "unknown-index")).toEqual([])
      }),
    ))

  it("moves a document between groups, and deleting it takes it out of every group", () =>
    run((store) =>
      Effect.gen(function* () {
        const started = yield* store.reset("p", 1, undefined)
        const before = [entry("grid", "g1")]
        const first = yield* store.commit({
          projection: "p",
          expected: started,
          position: 1,
          writes: [write("c1", 1, before)],
        })
        const after = [entry("grid", "g2"), entry("due", "all", 7)]
        const second = yield* store.commit({
          projection: "p",
          expected: first,
          position: 2,
          writes: [write("c1", 2, after, before)],
        })
        expect(yield* store.groups("p", "grid")).toEqual([{ group: "g2", count: 1, sum: 1 }])
        yield* store.commit({
          projection: "p",
          expected: second,
          position: 3,
          writes: [write("c1", undefined, [], after)],
        })
        expect(yield* store.groups("p", "grid")).toEqual([])
        expect(yield* store.members("p", "due")).toEqual([])
        expect(yield* store.get("p", "c1")).toBeUndefined()
      }),
    ))

  it("writes a commit of many documents whole: each one's rows in, out and moved, none lost", () =>
    run((store) =>
      Effect.gen(function* () {
        // 75 documents of two entries each in one commit, then 40 of them moved and 35 deleted
        // in the next: what a store that splits a commit into several statements must not lose.
        const keys = Array.from({ length: 75 }, (_, n) => `c${String(n).padStart(2, "0")}`)
        const before = (n: number) => [entry("grid", `g${n % 3}`), entry("due", "all", n)]
        const started = yield* store.reset("p", 1, undefined)
        const first = yield* store.commit({
          projection: "p",
          expected: started,
          position: 1,
          writes: keys.map((key, n) => write(key, { n }, before(n))),
        })
        expect(yield* store.groups("p", "grid")).toEqual([
          { group: "g0", count: 25, sum: 25 },
          { group: "g1", count: 25, sum: 25 },
          { group: "g2", count: 25, sum: 25 },
        ])
        // The first 40 move to grid g9 and a later due time; the other 35 are deleted.
        yield* store.commit({
          projection: "p",
          expected: first,
          position: 2,
          writes: keys.map((key, n) =>
            n < 40
              ? write(key, { n, moved: true }, [entry("grid", "g9"), entry("due", "all", 100 + n)], before(n))
              : write(key, undefined, [], before(n)),
          ),
        })
        expect(yield* store.groups("p", "grid")).toEqual([{ group: "g9", count: 40, sum: 40 }])
        expect(yield* store.members("p", "due")).toEqual(
          keys.slice(0, 40).map((key, n) => ({ key, group: "all", value: 100 + n })),
        )
        expect(yield* store.get("p", "c39")).toEqual({ n: 39, moved: true })
        expect(yield* store.get("p", "c40")).toBeUndefined()
        const loaded = yield* store.load("p", keys)
        expect([...loaded.keys()].sort()).toEqual(keys.slice(0, 40))
        expect(loaded.get("c00")?.entries).toEqual([entry("grid", "g9"), entry("due", "all", 100)])
      }),
    ))

  it("changes an entry's value in the group it stays in, the document counted there once", () =>
    run((store) =>
      Effect.gen(function* () {
        const started = yield* store.reset("p", 1, undefined)
        const before = [entry("due", "all", 7), entry("grid", "g1")]
        const first = yield* store.commit({
          projection: "p",
          expected: started,
          position: 1,
          writes: [write("c1", 1, before)],
        })
        yield* store.commit({
          projection: "p",
          expected: first,
          position: 2,
          writes: [write("c1", 2, [entry("due", "all", 3), entry("grid", "g1")], before)],
        })
        expect(yield* store.stats("p", "due", "all")).toEqual({ group: "all", count: 1, sum: 3 })
        expect(yield* store.members("p", "due")).toEqual([{ key: "c1", group: "all", value: 3 }])
        expect(yield* store.stats("p", "grid", "g1")).toMatchObject({ count: 1 })
      }),
    ))

  it("writes nothing when the checkpoint moved, and a reset drops every document", () =>
    run((store) =>
      Effect.gen(function* () {
        const started = yield* store.reset("p", 1, undefined)
        const moved = yield* store.commit({
          projection: "p",
          expected: started,
          position: 1,
          writes: [write("c1", 1, [entry("grid", "g1")])],
        })
        yield* Effect.flip(
          store.commit({
            projection: "p",
            expected: started,
            position: 2,
            writes: [write("c2", 2, [entry("grid", "g1")])],
          }),
        )
        expect(yield* store.stats("p", "grid", "g1")).toMatchObject({ count: 1 })
        expect(yield* store.get("p", "c2")).toBeUndefined()
        yield* store.reset("p", 1, moved)
        expect(yield* store.get("p", "c1")).toBeUndefined()
        expect(yield* store.groups("p", "grid")).toEqual([])
      }),
    ))
  it("loads several projections' documents in one call, each request its own projection's and keys only", () =>
    run((store) =>
      Effect.gen(function* () {
        const a = yield* store.reset("a", 1, undefined)
        const b = yield* store.reset("b", 1, undefined)
        yield* store.reset("c", 1, undefined)
        // "shared" is a key of both a and b, with a different document in each.
        yield* store.commitAll([
          {
            projection: "a",
            expected: a,
            position: 2,
            writes: [write("shared", { in: "a" }, [entry("grid", "g1")]), write("only-a", { in: "a" }, [])],
          },
          { projection: "b", expected: b, position: 2, writes: [write("shared", { in: "b" }, [])] },
        ])
        const loaded = yield* store.loadAll([
          { projection: "b", keys: ["shared", "only-a"] },
          { projection: "c", keys: ["shared"] },
          { projection: "a", keys: ["shared", "nope"] },
          { projection: "a", keys: ["only-a"] },
          { projection: "never-started", keys: ["shared"] },
          { projection: "a", keys: [] },
        ])
        expect(loaded.map((found) => [...found])).toEqual([
          [["shared", { doc: { in: "b" }, entries: [] }]],
          [],
          [["shared", { doc: { in: "a" }, entries: [entry("grid", "g1")] }]],
          [["only-a", { doc: { in: "a" }, entries: [] }]],
          [],
          [],
        ])
        expect(yield* store.loadAll([])).toEqual([])
      }),
    ))

  it("commits several projections' batches all or none: one projection's stale checkpoint writes nobody's rows", () =>
    run((store) =>
      Effect.gen(function* () {
        const a = yield* store.reset("a", 1, undefined)
        const b = yield* store.reset("b", 1, undefined)
        const batchOf = (projection: string, expected: ReadModelStore.Checkpoint, position: number) => ({
          projection,
          expected,
          position,
          writes: [write(`${projection}-${position}`, { position }, [entry("grid", "g1")])],
        })
        const both = yield* store.commitAll([batchOf("b", b, 3), batchOf("a", a, 3)])
        expect(both.map((checkpoint) => [checkpoint.position, checkpoint.generation])).toEqual([
          [3, b.generation],
          [3, a.generation],
        ])
        // "a" comes first and is written; "b" still expects position 0 and fails the whole commit.
        const conflict = yield* Effect.flip(store.commitAll([batchOf("a", both[1]!, 5), batchOf("b", b, 5)]))
        expect(conflict).toMatchObject({ _tag: "CheckpointConflict", projection: "b" })
        for (const projection of ["a", "b"]) {
          expect(yield* store.checkpoint(projection)).toMatchObject({ position: 3 })
          expect(yield* store.get(projection, `${projection}-5`)).toBeUndefined()
          expect(yield* store.stats(projection, "grid", "g1")).toMatchObject({ count: 1 })
        }
      }),
    ))

  it("lands one of several commits racing from the same checkpoints; the others write nothing", () =>
    run((store) =>
      Effect.gen(function* () {
        const a = yield* store.reset("a", 1, undefined)
        const b = yield* store.reset("b", 1, undefined)
        // Half the racers list their projections the other way round: the store's lock order, not
        // the callers', must keep them from waiting on each other in a circle.
        const racer = (n: number) =>
          Effect.result(
            store.commitAll(
              (n % 2 === 0
                ? [
                    { projection: "a", expected: a },
                    { projection: "b", expected: b },
                  ]
                : [
                    { projection: "b", expected: b },
                    { projection: "a", expected: a },
                  ]
              ).map(({ projection, expected }) => ({
                projection,
                expected,
                position: n,
                writes: [write(`racer-${n}`, { n }, [entry("grid", "g1", n)])],
              })),
            ),
          )
        const outcomes = yield* Effect.all([1, 2, 3, 4, 5, 6].map(racer), { concurrency: "unbounded" })
        const landed = outcomes.flatMap((outcome, index) => (outcome._tag === "Success" ? [index + 1] : []))
        expect(landed).toHaveLength(1)
        for (const outcome of outcomes)
          if (outcome._tag === "Failure")
            expect(outcome.failure).toMatchObject({ _tag: "CheckpointConflict" })
        for (const projection of ["a", "b"]) {
          expect(yield* store.checkpoint(projection)).toMatchObject({ position: landed[0] })
          expect(yield* store.members(projection, "grid")).toEqual([
            { key: `racer-${landed[0]}`, group: "g1", value: landed[0] },
          ])
        }
      }),
    ))

  it("commits writes at the position it expects, and the next such commit sees them", () =>
    run((store) =>
      Effect.gen(function* () {
        const start = yield* store.reset("a", 1, undefined)
        const inPlace = (
          expected: ReadModelStore.Checkpoint,
          writes: ReadonlyArray<ReadModelStore.DocumentWrite>,
        ) => store.commitAll([{ projection: "a", expected, position: expected.position, writes }])
        const [first] = yield* inPlace(start, [write("x", { v: 1 }, [entry("grid", "g1")])])
        expect(first).toMatchObject({ position: start.position })
        // Moved from g1 to g2 in place: the entry the last commit added goes, none is left behind.
        yield* inPlace(first!, [write("x", { v: 2 }, [entry("grid", "g2")], [entry("grid", "g1")])])
        expect(yield* store.members("a", "grid")).toEqual([{ key: "x", group: "g2", value: 1 }])
        expect(yield* store.get("a", "x")).toEqual({ v: 2 })
      }),
    ))
})

describe("the sqlite read-model store on a file", () => {
  it("rolls a shared commit back whole when one projection's rows fail midway", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const store = yield* makeSqliteReadModelStore({ filename: ":memory:" })
          const a = yield* store.reset("a", 1, undefined)
          const b = yield* store.reset("b", 1, undefined)
          const failed = yield* Effect.flip(
            store.commitAll([
              {
                projection: "a",
                expected: a,
                position: 2,
                writes: [write("c1", { n: 1 }, [entry("grid", "g1")])],
              },
              { projection: "b", expected: b, position: 2, writes: [write("c1", { n: 1n }, [])] },
            ]),
          )
          expect(failed._tag).toBe("ReadModelStoreUnavailable")
          expect(yield* store.checkpoint("a")).toEqual(a)
          expect(yield* store.get("a", "c1")).toBeUndefined()
          expect(yield* store.groups("a", "grid")).toEqual([])
        }),
      ),
    ))

  it("rolls a commit that fails midway back whole", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const store = yield* makeSqliteReadModelStore({ filename: ":memory:" })
          const started = yield* store.reset("p", 1, undefined)
          const unwritable = write("c2", { n: 1n }, [])
          const failed = yield* Effect.flip(
            store.commit({
              projection: "p",
              expected: started,
              position: 2,
              writes: [write("c1", { n: 1 }, [entry("grid", "g1")]), unwritable],
            }),
          )
          expect(failed._tag).toBe("ReadModelStoreUnavailable")
          expect(yield* store.checkpoint("p")).toEqual(started)
          expect(yield* store.get("p", "c1")).toBeUndefined()
          expect(yield* store.groups("p", "grid")).toEqual([])
        }),
      ),
    ))

  it("keeps read models and checkpoints across processes, and refuses a stale one's commit", async () => {
    const filename = join(directory, "read-models.db")
    const open = makeSqliteReadModelStore({ filename })
    await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const store = yield* open
          const started = yield* store.reset("p", 1, undefined)
          yield* store.commit({
            projection: "p",
            expected: started,
            position: 4,
            writes: [write("c1", { n: 1 }, [])],
          })
        }),
      ),
    )
    await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const [first, second] = [yield* open, yield* open]
          const read = yield* first.checkpoint("p")
          expect(read).toEqual({ position: 4, generation: 1, version: 1 })
          expect(yield* first.get("p", "c1")).toEqual({ n: 1 })
          yield* second.commit({ projection: "p", expected: read!, position: 6, writes: [] })
          const conflict = yield* Effect.flip(
            first.commit({ projection: "p", expected: read!, position: 5, writes: [] }),
          )
          expect(conflict).toMatchObject({ _tag: "CheckpointConflict", actual: { position: 6 } })
        }),
      ),
    )
  })
})
