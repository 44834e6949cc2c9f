import { Result } from "effect"
import fc from "fast-check"
import { ID_PROVINCE_CODES, idNumberCheckCharacter } from "../../privacy/id-number.ts"
import type { PersonalDetails } from "../../privacy/personal-details.ts"
import type { SealedResidentCommand } from "../../resident/commands.ts"
import { makeResidentDecider } from "../../resident/decide.ts"
import type { ResidentEvent } from "../../resident/events.ts"
import {
  CarePeriod,
  SPECIAL_CARE_TAGS,
  type SpecialCareTag,
  type VisitCadence,
} from "../../resident/vocabulary.ts"
import { type Instant, MINUTE } from "../../shared/instant.ts"
import { sealedPlaceholder } from "../sealed-placeholder.ts"

const pad = (n: number, width: number): string => String(n).padStart(width, "0")

/** A well-formed 居民身份证号: known province, real birth date 1900–2025, correct check character. */
export const arbitraryIdNumber: fc.Arbitrary<string> = fc
  .record({
    province: fc.constantFrom(...ID_PROVINCE_CODES),
    county: fc.integer({ min: 0, max: 9999 }),
    birth: fc.date({
      min: new Date(Date.UTC(1900, 0, 1)),
      max: new Date(Date.UTC(2025, 11, 31)),
      noInvalidDate: true,
    }),
    sequence: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ province, county, birth, sequence }) => {
    const date = `${birth.getUTCFullYear()}${pad(birth.getUTCMonth() + 1, 2)}${pad(birth.getUTCDate(), 2)}`
    const first17 = `${province}${pad(county, 4)}${date}${pad(sequence, 3)}`
    return `${first17}${idNumberCheckCharacter(first17)}`
  })

/** A mainland mobile number: 1, a network digit 3–9, nine more digits. */
export const arbitraryMobilePhone: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 3, max: 9 }), fc.integer({ min: 0, max: 999_999_999 }))
  .map(([network, rest]) => `1${network}${pad(rest, 9)}`)

const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"] as const
const GIVEN = [
  "伟",
  "芳",
  "娜",
  "敏",
  "静",
  "丽",
  "强",
  "磊",
  "军",
  "洋",
  "勇",
  "艳",
  "杰",
  "娟",
  "涛",
] as const

/** A plausible Chinese name: a common surname and one or two given characters. */
export const arbitraryPersonName: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...SURNAMES), fc.array(fc.constantFrom(...GIVEN), { minLength: 1, maxLength: 2 }))
  .map(([surname, given]) => `${surname}${given.join("")}`)

/** A person's address in a generated compound. */
export const arbitraryPersonalAddress: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 101, max: 2804 }))
  .map(([building, unit, room]) => `民欣路${building}号楼${unit}单元${room}室`)

/** Plaintext personal details with each optional field present or absent. */
export const arbitraryPersonalDetails: fc.Arbitrary<PersonalDetails> = fc.record(
  {
    name: arbitraryPersonName,
    idNumber: arbitraryIdNumber,
    phone: arbitraryMobilePhone,
    address: arbitraryPersonalAddress,
  },
  { requiredKeys: ["name"] },
)

/** A care or supervision tag (重点人群) from the vocabulary, as a grid worker would record it. */
export const arbitrarySpecialCareTag: fc.Arbitrary<SpecialCareTag> = fc.constantFrom(...SPECIAL_CARE_TAGS)

/** How often a tagged resident is to be visited (走访频次): one to three visits per week, month, quarter or year. */
export const arbitraryVisitCadence: fc.Arbitrary<VisitCadence> = fc.record({
  visits: fc.integer({ min: 1, max: 3 }),
  per: fc.constantFrom(...CarePeriod.literals),
})

/** Three tags only, so generated histories tag, re-plan and untag the same ones. */
const HISTORY_TAGS: ReadonlyArray<SpecialCareTag> = ["elderlyAlone", "disabled", "lowIncome"]

type CareStep = (residentId: string, at: Instant, index: number) => SealedResidentCommand

const WORKER = "grid-worker-li"
const LEADER = "grid-leader-wang"
const visit: CareStep = (residentId, at, index) => ({
  _tag: "RecordVisit",
  residentId,
  at,
  by: WORKER,
  visitId: `visit-${index}`,
  findings: "身体状况良好",
})
const tag =
  (tag: SpecialCareTag): CareStep =>
  (residentId, at) => ({
    _tag: "TagResident",
    residentId,
    at,
    by: WORKER,
    tag,
  })
const setPlan =
  ([tag, cadence]: readonly [SpecialCareTag, VisitCadence]): CareStep =>
  (residentId, at) => ({
    _tag: "SetCarePlan",
    residentId,
    at,
    by: LEADER,
    tag,
    cadence,
  })
const endPlan =
  (tag: SpecialCareTag): CareStep =>
  (residentId, at) => ({
    _tag: "EndCarePlan",
    residentId,
    at,
    by: LEADER,
    tag,
    reason: "情况好转",
  })
const untag =
  (tag: SpecialCareTag): CareStep =>
  (residentId, at) => ({
    _tag: "UntagResident",
    residentId,
    at,
    by: LEADER,
    tag,
    reason: "不再符合条件",
  })

const historyTag = fc.constantFrom(...HISTORY_TAGS)
const careStep: fc.Arbitrary<CareStep> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(visit) },
  { weight: 2, arbitrary: historyTag.map(tag) },
  { weight: 3, arbitrary: fc.tuple(historyTag, arbitraryVisitCadence).map(setPlan) },
  { weight: 1, arbitrary: historyTag.map(endPlan) },
  { weight: 1, arbitrary: historyTag.map(untag) },
)

/**
 * A resident's care history as the resident decider accepts it: registered at `start`, then
 * tags, care plans, plan ends and (mostly) visits at rising times, up to a week apart.
 * Steps the decider refuses (a plan for an untagged tag, say) are dropped, so the history is
 * always one the system could have written.
 */
export const arbitraryCareHistory = (
  residentId: string,
  start: Instant,
): fc.Arbitrary<ReadonlyArray<ResidentEvent>> =>
  fc
    .array(fc.tuple(fc.integer({ min: 1, max: 7 * 24 * 60 }), careStep), {
      minLength: 5,
      maxLength: 100,
      size: "max",
    })
    .map((steps) => {
      const history: Array<ResidentEvent> = []
      let state = makeResidentDecider().initialState
      let at = start
      const apply = (command: SealedResidentCommand) => {
        const decision = makeResidentDecider().decide(command, state)
        if (Result.isFailure(decision)) return
        for (const event of decision.success) {
          history.push(event)
          state = makeResidentDecider().evolve(state, event)
        }
      }
      apply({
        _tag: "RegisterResident",
        residentId,
        at,
        by: "grid-worker-li",
        householdId: "household-1",
        person: { name: sealedPlaceholder(residentId) },
      })
      steps.forEach(([gapMinutes, step], index) => {
        at += gapMinutes * MINUTE
        apply(step(residentId, at, index))
      })
      return history
    })
