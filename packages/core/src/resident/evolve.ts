import { patchSealedPersonalDetails } from "../privacy/personal-details.ts"
import type { Instant } from "../shared/instant.ts"
import type { ResidentEvent } from "./events.ts"
import type { CarePlan, RegisteredResident, ResidentState } from "./state.ts"
import type { SpecialCareTag } from "./vocabulary.ts"

/** Ends the running plan of `tag` (every running plan when `tag` is undefined) at `at`. */
const endPlans = (
  plans: ReadonlyArray<CarePlan>,
  at: Instant,
  tag?: SpecialCareTag,
): ReadonlyArray<CarePlan> =>
  plans.map((plan) =>
    plan.until === undefined && (tag === undefined || plan.tag === tag) ? { ...plan, until: at } : plan,
  )

/**
 * Folds one event into a resident. Total and pure: an event the state cannot take (which
 * `decide` never produces) leaves it unchanged, so replay never crashes.
 */
export const evolveResident = (state: ResidentState, event: ResidentEvent): ResidentState => {
  if (!state.exists) {
    return event._tag === "ResidentRegistered"
      ? {
          exists: true,
          residentId: event.residentId,
          householdId: event.householdId,
          person: event.person,
          erased: false,
          lastAt: event.at,
          tags: [],
          carePlans: [],
          visits: [],
        }
      : state
  }
  const r: RegisteredResident = { ...state, lastAt: event.at }
  switch (event._tag) {
    case "ResidentRegistered":
      return state
    case "PersonalDetailsCorrected":
      return r.person === undefined
        ? r
        : { ...r, person: patchSealedPersonalDetails(r.person, event.changes) }
    case "ResidentMoved":
      return { ...r, householdId: event.to }
    case "ResidentTagged":
      return { ...r, tags: [...r.tags, event.tag] }
    case "ResidentUntagged":
      return {
        ...r,
        tags: r.tags.filter((tag) => tag !== event.tag),
        carePlans: endPlans(r.carePlans, event.at, event.tag),
      }
    case "CarePlanSet":
      return {
        ...r,
        carePlans: [
          ...endPlans(r.carePlans, event.at, event.tag),
          { tag: event.tag, cadence: event.cadence, since: event.at },
        ],
      }
    case "CarePlanEnded":
      return { ...r, carePlans: endPlans(r.carePlans, event.at, event.tag) }
    case "ResidentVisited":
      return {
        ...r,
        visits: [
          ...r.visits,
          {
            visitId: event.visitId,
            at: event.at,
            householdId: event.householdId,
            raisedCaseId: event.raisedCase?.caseId,
          },
        ],
      }
    case "PersonalDetailsRevealed":
      return r
    case "ResidentErased":
      return { ...r, person: undefined, erased: true, tags: [], carePlans: endPlans(r.carePlans, event.at) }
  }
}
