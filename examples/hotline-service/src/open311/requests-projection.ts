import { Case, type Instant } from "@gridcase/core"
import { Projection, ReadModelStore } from "@gridcase/projections"
import { Effect } from "effect"
import { type RequestUpdate, updateOf } from "./request-status.ts"

export const SERVICE_REQUESTS = "open311-service-requests"

/** Every case, as the public intake shows it: what GeoReport v2 and FixMyStreet clients read. */
export interface ServiceRequestDoc {
  readonly case: Case.OpenedCase
  /** The reporter's own words: the case state keeps no description, the report event does. */
  readonly description: string
  readonly mediaUrl: string | undefined
  /** When the problem was reported (the report's business time): `requested_datetime`. */
  readonly requestedAt: Instant.Instant
  /** The public steps of the case, oldest first (`servicerequestupdates`). */
  readonly updates: ReadonlyArray<RequestUpdate>
}

const ALL = "all"

export const ServiceRequestsIndex = {
  /** Every request by `requested_datetime`: the default listing and its date window. */
  requested: "requested",
  /** Requests of one service code by `requested_datetime`. */
  requestedByService: "requestedByService",
  /** Every request by its latest public update: where the updates feed starts looking. */
  updated: "updated",
} as const

const entriesOf = (doc: ServiceRequestDoc): ReadonlyArray<Projection.IndexEntry> => [
  { index: ServiceRequestsIndex.requested, group: ALL, value: doc.requestedAt },
  { index: ServiceRequestsIndex.requestedByService, group: doc.case.category, value: doc.requestedAt },
  { index: ServiceRequestsIndex.updated, group: ALL, value: doc.updates.at(-1)?.at ?? doc.requestedAt },
]

/**
 * The public intake's read model (受理公开): one document per case with the case state (folded
 * with core's `evolveCase`), the report's description and media, and its public updates.
 * Kept for every case, closed ones included: Open311 clients look closed requests up too.
 */
export const serviceRequestsProjection = Projection.define<Case.Event, ServiceRequestDoc>({
  name: SERVICE_REQUESTS,
  version: 1,
  codec: Case.eventCodec,
  streamPrefix: Case.STREAM_PREFIX,
  keyOf: (event) => event.caseId,
  handle: (doc, event, recorded) => {
    const after = Case.evolve(doc?.case ?? Case.initialState, event)
    if (!after.exists) return doc
    const update = updateOf(event, after, recorded.metadata.eventId)
    const updates = update === undefined ? (doc?.updates ?? []) : [...(doc?.updates ?? []), update]
    // A case's first event is its report (a self-handled case is reported, then marked handled).
    if (doc === undefined) {
      return {
        case: after,
        description: event._tag === "CaseReported" ? event.description : "",
        mediaUrl: event._tag === "CaseReported" ? event.mediaUrls?.[0] : undefined,
        requestedAt: event.at,
        updates,
      }
    }
    return { ...doc, case: after, updates }
  },
  indexes: entriesOf,
})

/** One request by its id (the case id), or undefined. */
export const serviceRequest = (id: string) =>
  Effect.gen(function* () {
    const store = yield* ReadModelStore.ReadModelStore
    return (yield* store.get(SERVICE_REQUESTS, id)) as ServiceRequestDoc | undefined
  })

export interface RequestWindow {
  /** Inclusive bounds on `requested_datetime`. */
  readonly from: Instant.Instant
  readonly to: Instant.Instant
  /** Only these service codes (categories); all when empty. */
  readonly serviceCodes: ReadonlyArray<string>
  readonly keep: (doc: ServiceRequestDoc) => boolean
  readonly limit: number
}

/** Requests reported within a window, newest first, at most `limit`. */
export const requestsIn = (window: RequestWindow) =>
  Effect.gen(function* () {
    const store = yield* ReadModelStore.ReadModelStore
    const members =
      window.serviceCodes.length === 0
        ? yield* store.members(SERVICE_REQUESTS, ServiceRequestsIndex.requested, { below: window.to + 1 })
        : yield* store.members(SERVICE_REQUESTS, ServiceRequestsIndex.requestedByService, {
            below: window.to + 1,
          })
    const wanted = new Set(window.serviceCodes)
    const found: Array<ServiceRequestDoc> = []
    for (let i = members.length - 1; i >= 0 && found.length < window.limit; i--) {
      const member = members[i]!
      if (member.value < window.from) break
      if (wanted.size > 0 && !wanted.has(member.group)) continue
      const doc = (yield* store.get(SERVICE_REQUESTS, member.key)) as ServiceRequestDoc | undefined
      if (doc !== undefined && window.keep(doc)) found.push(doc)
    }
    return found
  })

/** A public update with the request it belongs to. */
export interface RequestUpdateOf extends RequestUpdate {
  readonly serviceRequestId: string
  readonly mediaUrl: string | undefined
}

/** Public updates made within [from, to], oldest first, at most `limit`. */
export const updatesIn = (from: Instant.Instant, to: Instant.Instant, limit: number) =>
  Effect.gen(function* () {
    const store = yield* ReadModelStore.ReadModelStore
    const members = yield* store.members(SERVICE_REQUESTS, ServiceRequestsIndex.updated, { group: ALL })
    const found: Array<RequestUpdateOf> = []
    for (const member of members) {
      // A request last updated before the window has no update in it.
      if (member.value < from) continue
      const doc = (yield* store.get(SERVICE_REQUESTS, member.key)) as ServiceRequestDoc | undefined
      for (const update of doc?.updates ?? []) {
        if (update.at >= from && update.at <= to) {
          found.push({ ...update, serviceRequestId: member.key, mediaUrl: doc?.mediaUrl })
        }
      }
    }
    return found.sort((a, b) => a.at - b.at || a.updateId.localeCompare(b.updateId)).slice(0, limit)
  })
