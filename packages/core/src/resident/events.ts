import { Schema } from "effect"
import { SealedPersonalDetails, SealedPersonalDetailsPatch } from "../privacy/personal-details.ts"
import { Instant } from "../shared/instant.ts"
import { ActorId, Note } from "../shared/vocabulary.ts"
import { HouseholdId } from "../territory/vocabulary.ts"
import { RaisedCase, ResidentId, SpecialCareTag, VisitCadence, VisitId } from "./vocabulary.ts"

const base = { residentId: ResidentId, at: Instant, by: ActorId }

/**
 * The facts of a resident's record. Personal details appear only sealed, under the
 * resident's own key: erasing the key erases them from every copy of these events.
 */
export const ResidentEvent = Schema.TaggedUnion({
  /** 居民登记 — typically after a door-knocking visit (入户走访). */
  ResidentRegistered: { ...base, householdId: HouseholdId, person: SealedPersonalDetails },
  /** 个人信息更正 */
  PersonalDetailsCorrected: { ...base, changes: SealedPersonalDetailsPatch },
  /** 迁移 — moved to another household. */
  ResidentMoved: { ...base, from: HouseholdId, to: HouseholdId },
  /** 纳入重点人群 */
  ResidentTagged: { ...base, tag: SpecialCareTag, note: Schema.optional(Note) },
  /** 移出重点人群 — ends the tag's care plan too. */
  ResidentUntagged: { ...base, tag: SpecialCareTag, reason: Note },
  /** 制定帮扶计划 — or a new cadence replacing the old one from `at` on. */
  CarePlanSet: { ...base, tag: SpecialCareTag, cadence: VisitCadence, note: Schema.optional(Note) },
  /** 帮扶计划终止 */
  CarePlanEnded: { ...base, tag: SpecialCareTag, reason: Note },
  /** 走访 — who (`by`), when (`at`), where (the household then), what was found, and the case it raised. */
  ResidentVisited: {
    ...base,
    visitId: VisitId,
    householdId: HouseholdId,
    findings: Note,
    raisedCase: Schema.optional(RaisedCase),
  },
  /** 个人信息删除 — the key is destroyed next; care plans end and the record takes no more commands. */
  ResidentErased: { ...base, reason: Note },
  /** 查看个人信息 — who saw the resident's personal details, when and why. */
  PersonalDetailsRevealed: { ...base, reason: Note },
}).annotate({ identifier: "ResidentEvent" })
export type ResidentEvent = typeof ResidentEvent.Type
/** The tag of each resident event. */
export type ResidentEventTag = ResidentEvent["_tag"]
/** The resident event with tag `T`. */
export type ResidentEventOf<T extends ResidentEventTag> = Extract<ResidentEvent, { readonly _tag: T }>
/** The stored type name of every resident event: what the codec reads and stores filter by. */
export const RESIDENT_EVENT_TYPES = Object.keys(ResidentEvent.cases) as ReadonlyArray<ResidentEventTag>
