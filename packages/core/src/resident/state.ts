import type { SealedPersonalDetails } from "../privacy/personal-details.ts"
import type { Instant } from "../shared/instant.ts"
import type { HouseholdId } from "../territory/vocabulary.ts"
import type { ResidentId, SpecialCareTag, VisitCadence, VisitId } from "./vocabulary.ts"

/** One care plan's span: from `since` until `until` (absent while it runs). */
export interface CarePlan {
  readonly tag: SpecialCareTag
  readonly cadence: VisitCadence
  readonly since: Instant
  readonly until?: Instant | undefined
}

/** A visit as the compliance count needs it. */
export interface VisitRecord {
  readonly visitId: VisitId
  readonly at: Instant
  readonly householdId: HouseholdId
  readonly raisedCaseId?: string | undefined
}

/** A registered resident: household, sealed personal details, care tags and plans, visits, erasure. */
export interface RegisteredResident {
  readonly exists: true
  readonly residentId: ResidentId
  readonly householdId: HouseholdId
  /** The sealed details; gone from the state once the resident is erased. */
  readonly person?: SealedPersonalDetails | undefined
  readonly erased: boolean
  /** Time of the latest event: commands dated earlier are refused, so visits stay in time order. */
  readonly lastAt: Instant
  readonly tags: ReadonlyArray<SpecialCareTag>
  /** Every care plan ever set, oldest first; a cadence change ends one span and starts the next. */
  readonly carePlans: ReadonlyArray<CarePlan>
  /** Every visit, in time order. */
  readonly visits: ReadonlyArray<VisitRecord>
}

/** A resident whose stream holds no event yet. */
export interface NoResident {
  readonly exists: false
}

/** What the resident decider knows of one resident: nothing yet, or what its events say. */
export type ResidentState = NoResident | RegisteredResident

/** A resident before its first event. */
export const initialResidentState: ResidentState = { exists: false }

/** The running care plan for a tag, if any. */
export const activeCarePlan = (resident: RegisteredResident, tag: SpecialCareTag): CarePlan | undefined =>
  resident.carePlans.find((plan) => plan.tag === tag && plan.until === undefined)
