import { Effect, Layer } from "effect"
import { groupHead, type IndexEntry } from "../../projection/projection.ts"
import { checkpointConflict, checkpointHolds, freshCheckpoint } from "../checkpoint-checks.ts"
import {
  type Checkpoint,
  type CommitRequest,
  type DocumentWrite,
  entriesLeaving,
  type GroupStats,
  type IndexMember,
  type MemberQuery,
  ReadModelStore,
  type ReadModelStoreShape,
  type StoredDocument,
} from "../read-model-store.ts"

interface Group {
  readonly members: Map<string, number>
  sum: number
}

interface Index {
  readonly groups: Map<string, Group>
  /** Groups by their first part, so `groups(…, head)` does not scan the whole index. */
  readonly byHead: Map<string, Set<string>>
}

interface Slot {
  checkpoint: Checkpoint
  readonly docs: Map<string, unknown>
  readonly entriesOf: Map<string, ReadonlyArray<IndexEntry>>
  readonly indexes: Map<string, Index>
}

const emptySlot = (checkpoint: Checkpoint): Slot => ({
  checkpoint,
  docs: new Map(),
  entriesOf: new Map(),
  indexes: new Map(),
})

const indexOf = (slot: Slot, name: string): Index => {
  let index = slot.indexes.get(name)
  if (index === undefined) {
    index = { groups: new Map(), byHead: new Map() }
    slot.indexes.set(name, index)
  }
  return index
}

const removeEntry = (slot: Slot, key: string, entry: IndexEntry): void => {
  const index = slot.indexes.get(entry.index)
  const group = index?.groups.get(entry.group)
  if (index === undefined || group === undefined) return
  group.members.delete(key)
  group.sum -= entry.value
  if (group.members.size === 0) {
    index.groups.delete(entry.group)
    const head = groupHead(entry.group)
    const heads = index.byHead.get(head)
    heads?.delete(entry.group)
    if (heads?.size === 0) index.byHead.delete(head)
  }
}

const addEntry = (slot: Slot, key: string, entry: IndexEntry): void => {
  const index = indexOf(slot, entry.index)
  let group = index.groups.get(entry.group)
  if (group === undefined) {
    group = { members: new Map(), sum: 0 }
    index.groups.set(entry.group, group)
    const head = groupHead(entry.group)
    let heads = index.byHead.get(head)
    if (heads === undefined) {
      heads = new Set()
      index.byHead.set(head, heads)
    }
    heads.add(entry.group)
  }
  group.members.set(key, entry.value)
  group.sum += entry.value
}

const noEntries: ReadonlyArray<IndexEntry> = []

const statsOf = (name: string, group: Group | undefined): GroupStats => ({
  group: name,
  count: group?.members.size ?? 0,
  sum: group?.sum ?? 0,
})

const byValueThenKey = (a: IndexMember, b: IndexMember): number =>
  a.value - b.value || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)

/** The group names a member query covers. */
const groupsCovered = (index: Index, query: MemberQuery): Iterable<string> => {
  if (query.group !== undefined) return [query.group]
  if (query.groups !== undefined) return new Set(query.groups)
  if (query.head !== undefined) return index.byHead.get(query.head) ?? []
  return index.groups.keys()
}

/** A write of a batch: only the index entries that changed move (most events leave a document in the same groups). */
const applyWrite = (slot: Slot, write: DocumentWrite): void => {
  const before = slot.entriesOf.get(write.key) ?? noEntries
  const after = write.doc === undefined ? noEntries : write.entries
  for (const entry of entriesLeaving(before, after)) removeEntry(slot, write.key, entry)
  for (const entry of entriesLeaving(after, before)) addEntry(slot, write.key, entry)
  if (write.doc === undefined) {
    slot.docs.delete(write.key)
    slot.entriesOf.delete(write.key)
  } else {
    slot.docs.set(write.key, write.doc)
    slot.entriesOf.set(write.key, after)
  }
}

/** The slot a request moves, or why it may not: a conflict, or (a caller's bug) a position below the checkpoint. */
const slotToMove = (slots: Map<string, Slot>, request: CommitRequest) => {
  const slot = slots.get(request.projection)
  if (slot === undefined || !checkpointHolds(request.expected, slot.checkpoint)) {
    return Effect.fail(checkpointConflict(request.projection, request.expected, slot?.checkpoint))
  }
  if (request.position < slot.checkpoint.position) {
    return Effect.die(
      new RangeError(
        `projection ${request.projection}: commit position ${request.position} is below its checkpoint ${slot.checkpoint.position}`,
      ),
    )
  }
  return Effect.succeed(slot)
}

/** Checks every checkpoint, then applies every batch synchronously: atomic by construction. */
const commitAll = (slots: Map<string, Slot>, requests: ReadonlyArray<CommitRequest>) =>
  Effect.flatMap(
    Effect.forEach(requests, (request) => slotToMove(slots, request)),
    (moved) =>
      Effect.sync(() =>
        moved.map((slot, at) => {
          const request = requests[at]!
          for (const write of request.writes) applyWrite(slot, write)
          slot.checkpoint = { ...slot.checkpoint, position: request.position }
          return slot.checkpoint
        }),
      ),
  )

const reset = (
  slots: Map<string, Slot>,
  projection: string,
  version: number,
  expected: Checkpoint | undefined,
) =>
  Effect.suspend(() => {
    const slot = slots.get(projection)
    if (!checkpointHolds(expected, slot?.checkpoint)) {
      return Effect.fail(checkpointConflict(projection, expected, slot?.checkpoint))
    }
    const fresh = emptySlot(freshCheckpoint(slot?.checkpoint, version))
    slots.set(projection, fresh)
    return Effect.succeed(fresh.checkpoint)
  })

const load = (slot: Slot | undefined, keys: ReadonlyArray<string>) => {
  const found = new Map<string, StoredDocument>()
  if (slot === undefined) return found
  for (const key of keys) {
    const doc = slot.docs.get(key)
    if (doc !== undefined) found.set(key, { doc, entries: slot.entriesOf.get(key) ?? noEntries })
  }
  return found
}

const groups = (index: Index | undefined, head: string | undefined): ReadonlyArray<GroupStats> => {
  if (index === undefined) return []
  const names = head === undefined ? [...index.groups.keys()] : [...(index.byHead.get(head) ?? [])]
  return names.sort().map((name) => statsOf(name, index.groups.get(name)))
}

const members = (index: Index | undefined, query: MemberQuery): ReadonlyArray<IndexMember> => {
  if (index === undefined) return []
  const found: Array<IndexMember> = []
  const below = query.below ?? Number.POSITIVE_INFINITY
  for (const name of groupsCovered(index, query)) {
    const group = index.groups.get(name)
    if (group === undefined) continue
    for (const [key, value] of group.members) {
      if (value < below) found.push({ key, group: name, value })
    }
  }
  found.sort(byValueThenKey)
  return query.limit === undefined ? found : found.slice(0, Math.max(0, query.limit))
}

/**
 * Read models held in process memory (内存读模型): for tests, demos and single-process
 * deployments whose read models are rebuilt at start-up. Each projection's documents, index
 * entries and checkpoint live in one slot; a commit checks the checkpoint and then applies the
 * whole batch synchronously, so it is atomic by construction. Documents are stored by
 * reference: handlers return new documents rather than mutating old ones.
 */
export const makeMemoryReadModelStore = (): ReadModelStoreShape => {
  const slots = new Map<string, Slot>()
  return {
    checkpoint: (projection) => Effect.sync(() => slots.get(projection)?.checkpoint),
    checkpoints: (projections) =>
      Effect.sync(() => projections.map((projection) => slots.get(projection)?.checkpoint)),
    reset: (projection, version, expected) => reset(slots, projection, version, expected),
    load: (projection, keys) => Effect.sync(() => load(slots.get(projection), keys)),
    loadAll: (requests) =>
      Effect.sync(() => requests.map((request) => load(slots.get(request.projection), request.keys))),
    commit: (request) => Effect.map(commitAll(slots, [request]), (moved) => moved[0]!),
    commitAll: (requests) => commitAll(slots, requests),
    get: (projection, key) => Effect.sync(() => slots.get(projection)?.docs.get(key)),
    stats: (projection, index, group) =>
      Effect.sync(() => statsOf(group, slots.get(projection)?.indexes.get(index)?.groups.get(group))),
    groups: (projection, indexName, head) =>
      Effect.sync(() => groups(slots.get(projection)?.indexes.get(indexName), head)),
    members: (projection, indexName, query = {}) =>
      Effect.sync(() => members(slots.get(projection)?.indexes.get(indexName), query)),
  }
}

/** The in-memory read-model store: `MemoryReadModelStore.layer`, or `makeMemoryReadModelStore()` for the object. */
export const MemoryReadModelStore = {
  /** Provides `ReadModelStore` with a fresh, empty memory store each time the layer is built. */
  layer: Layer.sync(ReadModelStore)(makeMemoryReadModelStore),
} as const
