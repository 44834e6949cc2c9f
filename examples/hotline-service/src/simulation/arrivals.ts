import { type Case, Instant } from "@gridcase/core"
import type { Random } from "./random.ts"
import type { Staffing } from "./staffing.ts"

/**
 * Cases a year per resident. A city of 10 million sees several million hotline and grid cases a
 * year (docs/domain.md#figure-hotline-volume): about 0.3 each.
 */
export const CASES_PER_RESIDENT_YEAR = 0.3

/** What residents and workers report, roughly as the seed stories and 12345 statistics have it. */
const CATEGORY_WEIGHTS: Readonly<Record<keyof typeof Case.CATEGORIES, number>> = {
  neighbourDispute: 14,
  commonAreaClutter: 16,
  // No figure found for parking's share: none is drawn until one is (the seed stories file it by hand).
  disorderlyParking: 0,
  safetyHazard: 6,
  utilities: 14,
  sanitation: 16,
  greenSpace: 5,
  vulnerablePerson: 6,
  epidemic: 1,
  policyConsultation: 9,
  complaint: 7,
  suggestion: 3,
  environment: 3,
}

const SOURCE_WEIGHTS: Readonly<Record<"patrol" | "residentReport" | "hotline" | "visit", number>> = {
  patrol: 40,
  residentReport: 25,
  hotline: 28,
  visit: 7,
}

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  neighbourDispute: "楼上漏水，邻里纠纷 — leak between floors",
  commonAreaClutter: "楼道堆放杂物 — stairwell blocked",
  safetyHazard: "电动车楼道充电 — e-bike charging in the stairwell",
  utilities: "停水，疑似管道破裂 — water off, pipe suspected",
  sanitation: "垃圾未及时清运 — rubbish not collected",
  greenSpace: "绿化带缺损 — verge damaged",
  vulnerablePerson: "独居老人需要帮助 — elder living alone needs help",
  epidemic: "核酸检测点秩序 — testing queue",
  policyConsultation: "咨询补贴政策 — subsidy question",
  complaint: "夜间施工噪音 — building noise at night",
  suggestion: "建议增设路灯 — asks for a street light",
  environment: "餐馆油烟扰民 — restaurant fumes",
}

/**
 * The day's reports: a Poisson number of them around the district's daily mean, most in the
 * day (08:00–20:00 in Shanghai), each at a grid, from a patrol, a resident, a 12345 transfer or
 * a visit. A worker on patrol fixes some small things on the spot (自处理).
 */
export const reportsOfDay = (
  dayStart: Instant.Instant,
  perDay: number,
  random: Random,
  staff: Staffing,
  nextId: () => string,
): ReadonlyArray<{ readonly at: Instant.Instant; readonly command: Readonly<Record<string, unknown>> }> =>
  Array.from({ length: random.poisson(perDay) }, () => {
    const daytime = random.chance(0.85)
    const at = Math.floor(
      dayStart +
        (daytime ? 8 * Instant.HOUR + random.next() * 12 * Instant.HOUR : random.next() * 24 * Instant.HOUR),
    )
    const gridId = random.pick(staff.grids)
    const category = random.weighted(CATEGORY_WEIGHTS)
    const source: Case.Source = random.weighted(SOURCE_WEIGHTS)
    const caseId = nextId()
    const worker = staff.workerOf(gridId)
    const reporter = source === "hotline" ? staff.hotlineOperator : worker
    const selfHandled = source === "patrol" && random.chance(0.15)
    return {
      at: Math.floor(at / Instant.MINUTE) * Instant.MINUTE,
      command: {
        _tag: selfHandled ? "RecordSelfHandledCase" : "ReportCase",
        caseId,
        by: reporter,
        source,
        category,
        urgency:
          category === "safetyHazard" || (category === "utilities" && random.chance(0.3))
            ? "urgent"
            : "normal",
        description: DESCRIPTIONS[category] ?? category,
        location: { gridId },
        level: "grid",
        ...(source === "hotline" ? { hotlineTicketId: `12345-${caseId}` } : {}),
        ...(selfHandled ? { result: "现场处置 — fixed on the spot" } : {}),
      },
    }
  }).sort((a, b) => a.at - b.at)
