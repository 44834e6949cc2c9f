import { type Case, Instant } from "@gridcase/core"
import { INPUTS } from "./inputs.ts"
import type { Random } from "./random.ts"
import type { Staffing } from "./staffing.ts"

/** Cases a year per resident (docs/domain.md#figure-hotline-volume; see `INPUTS`). */
export const CASES_PER_RESIDENT_YEAR = INPUTS.casesPerResidentYear.value

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
 * The day's reports (every rate from `INPUTS`): a Poisson number of them around the district's daily mean, most in the
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
    const source: Case.Source = random.weighted(INPUTS.sourceMix.value)
    // What the 12345 line hears is its own mix; patrols, residents and visits find the grid's.
    const category = random.weighted(source === "hotline" ? INPUTS.hotlineMix.value : INPUTS.gridMix.value)
    const caseId = nextId()
    const worker = staff.workerOf(gridId)
    const reporter = source === "hotline" ? staff.hotlineOperator : worker
    const selfHandled = source === "patrol" && random.chance(INPUTS.selfHandled.value)
    return {
      at: Math.floor(at / Instant.MINUTE) * Instant.MINUTE,
      command: {
        _tag: selfHandled ? "RecordSelfHandledCase" : "ReportCase",
        caseId,
        by: reporter,
        source,
        category,
        urgency: random.chance(INPUTS.urgentShare.value[category] ?? 0) ? "urgent" : "normal",
        description: DESCRIPTIONS[category] ?? category,
        location: { gridId },
        level: "grid",
        ...(source === "hotline" ? { hotlineTicketId: `12345-${caseId}` } : {}),
        ...(selfHandled ? { result: "现场处置 — fixed on the spot" } : {}),
      },
    }
  }).sort((a, b) => a.at - b.at)
