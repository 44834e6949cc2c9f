import { Schema } from "effect"
import { CaseId, Description } from "../case/vocabulary.ts"
import { Category, Urgency } from "../shared/category.ts"
import { Level } from "../shared/level.ts"
import { AreaId } from "../territory/vocabulary.ts"

/** A resident's identity (居民编号): an opaque id, never derived from their ID number or name. */
export const ResidentId = Schema.NonEmptyString.annotate({ identifier: "ResidentId" })
export type ResidentId = typeof ResidentId.Type

/**
 * Care groups (重点帮扶对象 / 困难群体): residents in need whom the grid looks after, with visits
 * on a cadence and help to apply for what they are owed (docs/domain.md#special-care).
 */
export const CARE_GROUPS = [
  "elderlyAlone",
  "emptyNestElderly",
  "disabled",
  "lowIncome",
  "extremePoverty",
  "leftBehindChild",
  "childInDistress",
  "veteran",
  "severeMentalDisorder",
  "seriousIllness",
] as const

/**
 * People under supervision (特殊人群): community correction and released prisoners, supervised
 * with the police and judicial administration rather than cared for as needy residents
 * (docs/domain.md#supervised-groups). Listed apart from the care groups so that nothing counts
 * them as people in need.
 */
export const SUPERVISED_GROUPS = ["communityCorrection", "releasedPrisoner"] as const

/** Every tag a resident can carry: a care group, then a group under supervision. */
export const SPECIAL_CARE_TAGS = [...CARE_GROUPS, ...SUPERVISED_GROUPS] as const
/**
 * A resident's tag: a care group (重点帮扶对象) or a group under supervision (特殊人群); either
 * brings visits on a cadence.
 */
export const SpecialCareTag = Schema.Literals(SPECIAL_CARE_TAGS).annotate({ identifier: "SpecialCareTag" })
export type SpecialCareTag = typeof SpecialCareTag.Type

/** The Chinese name of each special-care group, as the civil-affairs forms write it. */
export const SPECIAL_CARE_TAG_NAMES: { readonly [T in SpecialCareTag]: string } = {
  elderlyAlone: "独居老人",
  emptyNestElderly: "空巢老人",
  disabled: "残疾人",
  lowIncome: "低保对象",
  extremePoverty: "特困供养人员",
  leftBehindChild: "留守儿童",
  childInDistress: "困境儿童",
  veteran: "退役军人",
  communityCorrection: "社区矫正对象",
  releasedPrisoner: "刑满释放人员",
  severeMentalDisorder: "严重精神障碍患者",
  seriousIllness: "大病重病患者",
}

/** The calendar periods (Asia/Shanghai) a visit cadence counts in. Weeks start on Monday. */
export const CarePeriod = Schema.Literals(["week", "month", "quarter", "year"]).annotate({
  identifier: "CarePeriod",
})
export type CarePeriod = typeof CarePeriod.Type

/**
 * How often a care plan (帮扶计划) asks for a visit: at least `visits` visits in every calendar
 * `per` — Haikou's blind couple, visited monthly, is `{ visits: 1, per: "month" }`. Calendar
 * periods, not rolling intervals, because that is how the monthly reports count them.
 */
export const VisitCadence = Schema.Struct({
  visits: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 31 })),
  per: CarePeriod,
}).annotate({ identifier: "VisitCadence" })
export type VisitCadence = typeof VisitCadence.Type

/** A visit's identity, chosen by the caller: recording the same visit twice is refused. */
export const VisitId = Schema.NonEmptyString.annotate({ identifier: "VisitId" })
export type VisitId = typeof VisitId.Type

/**
 * The case a visit raises (走访发现问题上报), e.g. a family found in hardship. It carries no
 * address: the dwelling's address is the resident's personal data, so the case refers to the
 * resident by id instead, and an erasure reaches it too.
 */
export const RaisedCase = Schema.Struct({
  caseId: CaseId,
  gridId: AreaId,
  category: Category,
  urgency: Urgency,
  description: Description,
  /** The level the case enters at: the visitor's own (a grid worker's is "grid"). */
  level: Level,
}).annotate({ identifier: "RaisedCase" })
export type RaisedCase = typeof RaisedCase.Type
