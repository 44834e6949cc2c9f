import { Schema } from "effect"
import { CaseId, Description } from "../case/vocabulary.ts"
import { Category, Urgency } from "../shared/category.ts"
import { Level } from "../shared/level.ts"
import { AreaId } from "../territory/vocabulary.ts"

/** A resident's identity (居民编号): an opaque id, never derived from their ID number or name. */
export const ResidentId = Schema.NonEmptyString.annotate({ identifier: "ResidentId" })
export type ResidentId = typeof ResidentId.Type

/** The special-care groups (重点人群 / 重点帮扶对象) a resident can be tagged with. */
export const SPECIAL_CARE_TAGS = [
  "elderlyAlone",
  "emptyNestElderly",
  "disabled",
  "lowIncome",
  "extremePoverty",
  "leftBehindChild",
  "childInDistress",
  "veteran",
  "communityCorrection",
  "releasedPrisoner",
  "severeMentalDisorder",
  "seriousIllness",
] as const
/** A care tag (重点帮扶对象 and the like): what brings a resident visits on a cadence. */
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
