import { Resident } from "@gridcase/core"
import { Effect } from "effect"
import { defineProjection, type IndexEntry } from "../projection/projection.ts"
import { ReadModelStore } from "../stores/read-model-store.ts"
import { type AreaScope, householdsWithin } from "./area-scope.ts"

/** The residents read model's name: its documents and checkpoint are kept under it. */
export const RESIDENTS = "residents"

/** The index entries of the residents read model, by which its queries find residents. */
export const ResidentsIndex = {
  /** Every registered resident, by the household they live in now. */
  household: "household",
  /** Residents with a care plan, running or ended (重点帮扶对象), by household: whom compliance counts. */
  caredFor: "caredFor",
} as const

/**
 * A resident as the read models keep them: core's resident state without the sealed personal
 * details. Read models are copies that an erasure cannot reach, so personal data never
 * enters them; the resident's opaque id is all a query returns.
 */
export type ResidentRecord = Omit<Resident.RegisteredResident, "person">

const residentEntries = (r: ResidentRecord): ReadonlyArray<IndexEntry> => {
  const entries: Array<IndexEntry> = [{ index: ResidentsIndex.household, group: r.householdId, value: 1 }]
  if (r.carePlans.length > 0) entries.push({ index: ResidentsIndex.caredFor, group: r.householdId, value: 1 })
  return entries
}

/**
 * Residents (居民) folded with core's `evolveResident`: their household, special-care tags,
 * care plans and visits. Care-visit compliance reads it, and scoped queries (a grid's points
 * leaderboard) find a scope's residents through its household index. Erased residents stay,
 * as an id without details, because their care history and points are not personal data.
 */
export const residentsProjection = defineProjection<Resident.Event, ResidentRecord>({
  name: RESIDENTS,
  version: 1,
  codec: Resident.eventCodec,
  streamPrefix: Resident.STREAM_PREFIX,
  keyOf: (event) => event.residentId,
  handle: (doc, event) => {
    const next = Resident.evolve(doc ?? Resident.initialState, event)
    if (!next.exists) return undefined
    const { person: _sealed, ...record } = next
    return record
  },
  indexes: residentEntries,
})

/**
 * The ids of the residents living in a scope now (those of one index of the residents read
 * model), sorted; every resident of the index when `within` is undefined.
 */
export const residentIdsIn = (
  index: (typeof ResidentsIndex)[keyof typeof ResidentsIndex],
  within?: AreaScope,
) =>
  Effect.gen(function* () {
    const store = yield* ReadModelStore
    const members = yield* store.members(
      RESIDENTS,
      index,
      within === undefined ? {} : { groups: householdsWithin(within) },
    )
    return members.map((member) => member.key).sort()
  })

/**
 * The residents living now in any of these scopes (a grid worker's grid, a leader's
 * community…), sorted by id; every resident when `within` is undefined. Read through the
 * household index, never a stream; personal details are not in the read model at all.
 */
export const residentRecordsIn = (within?: ReadonlyArray<AreaScope>) =>
  Effect.gen(function* () {
    const store = yield* ReadModelStore
    const households = within === undefined ? undefined : [...new Set(within.flatMap(householdsWithin))]
    if (households !== undefined && households.length === 0) return []
    const members = yield* store.members(
      RESIDENTS,
      ResidentsIndex.household,
      households === undefined ? {} : { groups: households },
    )
    const loaded = yield* store.load(
      RESIDENTS,
      members.map((member) => member.key),
    )
    return [...loaded.values()]
      .map((stored) => stored.doc as ResidentRecord)
      .sort((a, b) => a.residentId.localeCompare(b.residentId))
  })
