import { Schema } from "effect"
import { SpecialCareTag } from "../resident/vocabulary.ts"
import { Note } from "../shared/vocabulary.ts"
import { AreaId, HouseholdId, PersonId } from "../territory/vocabulary.ts"

/** A door-knocking campaign's identity (敲门行动). */
export const CampaignId = Schema.NonEmptyString.annotate({ identifier: "CampaignId" })
export type CampaignId = typeof CampaignId.Type

/** A campaign's title ("万水泉镇敲门行动 2026年春"). */
export const CampaignTitle = Schema.String.check(Schema.isTrimmed(), Schema.isBetweenLength(1, 200))

/** A household on a campaign's list, with the grid (or micro-grid) it sat in when listed. */
export const CampaignHousehold = Schema.Struct({ householdId: HouseholdId, areaId: AreaId }).annotate({
  identifier: "CampaignHousehold",
})
export type CampaignHousehold = typeof CampaignHousehold.Type

/**
 * The basic facts (基本情况) a door-knock collects about a household. Nothing here names a
 * person: names, ID and phone numbers go to the resident record, sealed. `mayNeedCare` lists
 * the special-care groups the visitor believes someone here belongs to — a lead for tagging a
 * resident, not a tag.
 */
export const HouseholdFacts = Schema.Struct({
  occupants: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 50 })),
  tenure: Schema.Literals(["owned", "rented", "other"]),
  mayNeedCare: Schema.Array(SpecialCareTag),
  note: Schema.optional(Note),
}).annotate({ identifier: "HouseholdFacts" })
export type HouseholdFacts = typeof HouseholdFacts.Type

/** What a knock on a door came to: a visit with the facts, nobody home (无人应答), or a refusal (拒访). */
export const DoorKnockOutcome = Schema.Union([
  Schema.TaggedStruct("visited", { facts: HouseholdFacts }),
  Schema.TaggedStruct("noAnswer", {}),
  Schema.TaggedStruct("refused", {}),
]).annotate({ identifier: "DoorKnockOutcome" })
export type DoorKnockOutcome = typeof DoorKnockOutcome.Type

/**
 * Who knocked with the command's `by` (同行人员): a 敲门行动 team is a pair, an organ staff member
 * with the grid's leader (「机关工作人员+基层网格长」, docs/domain.md#baotou-7). Recorded as told;
 * only `by` is authorized, since the others are not the ones issuing the command.
 */
export const KnockCompanions = Schema.Array(PersonId)
  .check(Schema.isMinLength(1), Schema.isMaxLength(10))
  .annotate({ identifier: "KnockCompanions" })
export type KnockCompanions = typeof KnockCompanions.Type
