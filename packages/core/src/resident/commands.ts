import { Schema } from "effect"
import {
  PersonalDetails,
  PersonalDetailsPatch,
  type SealedPersonalDetails,
  type SealedPersonalDetailsPatch,
} from "../privacy/personal-details.ts"
import { Instant } from "../shared/instant.ts"
import { ActorId, Note } from "../shared/vocabulary.ts"
import { HouseholdId } from "../territory/vocabulary.ts"
import { RaisedCase, ResidentId, SpecialCareTag, VisitCadence, VisitId } from "./vocabulary.ts"

/** Every resident command names the resident, when it happened and who acted. */
const base = { residentId: ResidentId, at: Instant, by: ActorId }

/**
 * The commands about residents (docs/domain.md#residents), as callers send them: personal details arrive in
 * plaintext and are validated here (ID number check digit, mobile format); the resident
 * handler seals them before anything is decided or stored (see {@link SealedResidentCommand}).
 */
export const ResidentCommand = Schema.TaggedUnion({
  /**
   * Into a household (户). The territory says which grid the household sits in (and moves it
   * when grids are redrawn), so a resident's grid is always their household's.
   */
  RegisterResident: { ...base, householdId: HouseholdId, person: PersonalDetails },
  CorrectPersonalDetails: { ...base, changes: PersonalDetailsPatch },
  /** To another household — in another grid, if that household sits elsewhere. */
  MoveResident: { ...base, householdId: HouseholdId },
  TagResident: { ...base, tag: SpecialCareTag, note: Schema.optional(Note) },
  /** Also ends the tag's care plan. */
  UntagResident: { ...base, tag: SpecialCareTag, reason: Note },
  /** Starts a care plan for a tag the resident has, or replaces its cadence. */
  SetCarePlan: { ...base, tag: SpecialCareTag, cadence: VisitCadence, note: Schema.optional(Note) },
  EndCarePlan: { ...base, tag: SpecialCareTag, reason: Note },
  /** `at` is when the visit took place; with `raiseCase` the visit also reports a case (see `makeVisitRecorder`). */
  RecordVisit: { ...base, visitId: VisitId, findings: Note, raiseCase: Schema.optional(RaisedCase) },
  /** The person asks to be forgotten (PIPL 删除权): their key is destroyed after this is stored. */
  EraseResident: { ...base, reason: Note },
  /**
   * Shows the resident's personal details to `by` (查看个人信息), for the reason given: the
   * details stay sealed everywhere else, and every look at them is on record.
   */
  RevealPersonalDetails: { ...base, reason: Note },
}).annotate({ identifier: "ResidentCommand" })
export type ResidentCommand = typeof ResidentCommand.Type
/** The tag of each resident command. */
export type ResidentCommandTag = ResidentCommand["_tag"]
/** The resident command with tag `T`. */
export type ResidentCommandOf<T extends ResidentCommandTag> = Extract<ResidentCommand, { readonly _tag: T }>

type Sealing<C> = C extends { readonly _tag: "RegisterResident" }
  ? Omit<C, "person"> & { readonly person: SealedPersonalDetails }
  : C extends { readonly _tag: "CorrectPersonalDetails" }
    ? Omit<C, "changes"> & { readonly changes: SealedPersonalDetailsPatch }
    : C

/**
 * A resident command with its personal details sealed: what the resident decider sees, so
 * plaintext never reaches a decision, an event or a store.
 */
export type SealedResidentCommand = Sealing<ResidentCommand>
/** The sealed resident command (personal details already encrypted) with tag `T`. */
export type SealedResidentCommandOf<T extends ResidentCommandTag> = Extract<
  SealedResidentCommand,
  { readonly _tag: T }
>
