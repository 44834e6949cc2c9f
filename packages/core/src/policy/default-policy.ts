import { makePolicy } from "./make-policy.ts"
import type { EscalationPolicy, EscalationPolicyData } from "./policy.ts"
import { type TimeLimit, wallHours, workingHours, workingMinutes } from "./time-limit.ts"

/**
 * The working day the default policy counts in: 8 hours, as on the default calendar
 * (09:00–12:00, 13:00–18:00). Limits are stored in minutes, so "5 working days" is 2,400
 * working minutes; on a calendar with a shorter day the same policy means more calendar days.
 */
export const DEFAULT_WORKING_DAY_MINUTES = 480

const workingDays = (days: number): TimeLimit => workingMinutes(days * DEFAULT_WORKING_DAY_MINUTES)

const BEIJING_DANGER = "Beijing practice: danger to life or property within 2 hours"
const BEIJING_UTILITIES = "Beijing practice: water, power, gas and heating within 24 hours"
const FUZHOU_INTAKE = "Fuzhou digital city management: verify, register and dispatch within 1 working hour"
const FUZHOU_ACCEPT = "Fuzhou digital city management: handling unit accepts within 1 working hour"
const ON_THE_WALL_CLOCK = "; counted on the wall clock for urgent cases, as danger keeps no office hours"
const SHANDONG_REPLY = "Shandong 12345: reply within 5 working days"
const TIANHONG_GAS =
  "Tianhong: gas left on — the community party branch liaises with the gas company, so an urgent hazard goes straight there (越级上报)"

/**
 * The default policy as data, built from published rules (docs/domain.md#rules); every number names
 * its source, and docs/policy.md tabulates them. Ties between equally specific rules go to the
 * first listed, so the urgent rules come before the level and category rules they must beat.
 */
export const DEFAULT_POLICY_DATA: EscalationPolicyData = {
  name: "gridcase default (published Chinese practice)",
  levelLimits: [
    {
      limit: workingDays(5),
      source: `${SHANDONG_REPLY} — the community's limit (大事不出社区) and the fallback`,
    },
    {
      urgency: "urgent",
      limit: wallHours(2),
      source: `${BEIJING_DANGER} — each level gets 2 wall-clock hours before the next one takes over`,
    },
    {
      category: "utilities",
      urgency: "urgent",
      limit: wallHours(24),
      source: `${BEIJING_UTILITIES} — the owner level calls in the utility's crews (Hekou) and keeps the case while they repair`,
    },
    {
      level: "microGrid",
      limit: workingHours(1),
      source: `Tianhong: the micro-grid worker reports to the grid leader at once; ${FUZHOU_ACCEPT}`,
    },
    {
      level: "grid",
      limit: workingDays(2),
      source:
        "网格事网格了: small matters end in the grid, quickly; Shandong 12345: a unit that cannot handle a ticket sends it back within 2 working days",
    },
    {
      level: "street",
      limit: workingDays(10),
      source: "Guangdong 12345: help requests and suggestions 10 working days",
    },
    {
      level: "district",
      limit: workingDays(15),
      source: "Guangdong 12345: complaints and reports 15 working days, the longest published limit",
    },
  ],
  stepLimits: [
    { step: "register", limit: workingHours(1), source: FUZHOU_INTAKE },
    { step: "register", urgency: "urgent", limit: wallHours(1), source: FUZHOU_INTAKE + ON_THE_WALL_CLOCK },
    { step: "dispatch", limit: workingHours(1), source: FUZHOU_INTAKE },
    { step: "dispatch", urgency: "urgent", limit: wallHours(1), source: FUZHOU_INTAKE + ON_THE_WALL_CLOCK },
    { step: "acknowledge", limit: workingHours(1), source: FUZHOU_ACCEPT },
    {
      step: "acknowledge",
      urgency: "urgent",
      limit: wallHours(1),
      source: FUZHOU_ACCEPT + ON_THE_WALL_CLOCK,
    },
    { step: "handle", limit: workingDays(5), source: SHANDONG_REPLY },
    { step: "handle", urgency: "urgent", limit: wallHours(2), source: BEIJING_DANGER },
    { step: "handle", category: "utilities", limit: wallHours(24), source: BEIJING_UTILITIES },
    {
      step: "handle",
      category: "utilities",
      urgency: "urgent",
      limit: wallHours(24),
      source: `${BEIJING_UTILITIES}, urgent or not: repairs take the utility's crews`,
    },
    {
      step: "handle",
      category: "sanitation",
      limit: workingHours(4),
      source: "Fuzhou digital city management: exposed rubbish within 4 working hours",
    },
    {
      step: "handle",
      category: "greenSpace",
      limit: workingDays(5),
      source: "Fuzhou digital city management: green-space upkeep within 5 working days",
    },
    {
      step: "handle",
      category: "policyConsultation",
      limit: workingDays(2),
      source: "Guangdong 12345: questions (咨询) 2 working days",
    },
    {
      step: "handle",
      category: "suggestion",
      limit: workingDays(10),
      source: "Guangdong 12345: help requests and suggestions 10 working days",
    },
    {
      step: "handle",
      category: "complaint",
      limit: workingDays(15),
      source: "Guangdong 12345: complaints and reports 15 working days",
    },
    {
      step: "verify",
      limit: workingDays(1),
      source: "12345 practice: a follow-up call (回访) the day after closing",
    },
    {
      step: "verify",
      urgency: "urgent",
      limit: wallHours(24),
      source:
        "12345 practice: a follow-up call (回访) the day after closing, on the wall clock for urgent cases",
    },
    {
      step: "whole",
      limit: workingDays(15),
      source:
        "Guangdong 12345: complaints and reports 15 working days, the longest published limit, bounds a case",
    },
    {
      step: "whole",
      category: "complaint",
      limit: workingDays(17),
      source:
        "Guangdong 12345: complaints 15 working days to handle, plus intake (3 working hours, Fuzhou) and the next-day follow-up call, rounded up",
    },
    {
      step: "whole",
      urgency: "urgent",
      limit: wallHours(72),
      source:
        "Beijing practice: a utility repair within 24 hours, then the next-day follow-up call: 3 days bound the slowest urgent case",
    },
  ],
  skips: [
    {
      category: "safetyHazard",
      urgency: "urgent",
      from: "microGrid",
      to: "community",
      source: TIANHONG_GAS,
    },
    {
      category: "safetyHazard",
      urgency: "urgent",
      from: "grid",
      to: "community",
      source: TIANHONG_GAS,
    },
  ],
  // Shandong 12345: an extension (延期) is normally at most 10 more working days — one of them.
  extensions: {
    maxCount: 1,
    maxMinutes: DEFAULT_WORKING_DAY_MINUTES * 10,
  },
  // gridcase's choice: the follow-up call (回访) comes the day after closing and the reminder
  // (催办) the day after a deadline; a week on the wall clock leaves room for a reporter who cannot be
  // reached at once (or a holiday week) without letting closed cases reopen indefinitely.
  reopenWindow: wallHours(7 * 24),
  // The digital city-management traffic light: green below 80 % of a limit, yellow to 100 %.
  yellowAt: 0.8,
}

/** `DEFAULT_POLICY_DATA` ready for lookups. */
export const defaultPolicy: EscalationPolicy = makePolicy(DEFAULT_POLICY_DATA)
