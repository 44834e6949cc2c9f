import { Schema } from "effect"

/**
 * What a case is about (事件类别). A free string so that each city can run its own catalogue;
 * `CASE_CATEGORIES` is the catalogue built from the seed articles, used by the default policy
 * and the example service.
 */
export const Category = Schema.NonEmptyString.annotate({ identifier: "Category" })
export type Category = typeof Category.Type

/** The category catalogue built from the source articles, with the Chinese term of each (docs/domain.md#categories). */
export const CASE_CATEGORIES = {
  neighbourDispute: "邻里纠纷 — leaks between floors, noise",
  commonAreaClutter: "乱堆乱放 — clutter in stairwells and common areas",
  disorderlyParking: "乱停乱放 — cars and bikes parked in lanes, on pavements and fire routes",
  safetyHazard: "安全隐患 — gas left on, broken pumps, fire risks",
  utilities: "水电气暖 — water, power, gas and heating failures",
  sanitation: "环境卫生 — exposed rubbish, dirty roads",
  greenSpace: "绿化养护 — green-space upkeep",
  vulnerablePerson: "困难帮扶 — needs of the elderly and vulnerable residents",
  epidemic: "疫情防控 — epidemic duties",
  policyConsultation: "政策咨询 — questions about policy",
  complaint: "投诉举报 — complaints and reports",
  suggestion: "意见建议 — help requests and suggestions",
  environment: "生态环境 — pollution and environment",
} as const

/** 紧急程度: urgent cases run on wall-clock hours, normal ones on working time. */
export const Urgency = Schema.Literals(["normal", "urgent"]).annotate({ identifier: "Urgency" })
export type Urgency = typeof Urgency.Type
