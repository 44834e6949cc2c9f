import { makePolicy } from "./make-policy.ts"
import type { EscalationPolicy, EscalationPolicyData, LocalSetting, PublishedSource } from "./policy.ts"
import { type TimeLimit, wallHours, workingHours, workingMinutes } from "./time-limit.ts"

/**
 * The working day the default policy counts in: 8 hours, as on the default calendar
 * (09:00–12:00, 13:00–18:00). Limits are stored in minutes, so "5 working days" is 2,400
 * working minutes; on a calendar with a shorter day the same policy means more calendar days.
 */
export const DEFAULT_WORKING_DAY_MINUTES = 480

const workingDays = (days: number): TimeLimit => workingMinutes(days * DEFAULT_WORKING_DAY_MINUTES)

const local = (reason: string, ...basis: ReadonlyArray<string>): LocalSetting =>
  basis.length === 0 ? { _tag: "local", reason } : { _tag: "local", reason, basis }

// The published rules, each as docs/domain.md quotes it (the fact id names the row).

const SHANDONG_2020 = {
  publisher: "山东省政务服务热线管理办法, as reported by 烟台 YYBnet (「本报1月7日讯(记者 王彬)」)",
  date: "2020-01-07",
  where: "https://m.yybnet.net/shandong/news/202001/10093219.html",
} as const

const SHANDONG_REPLY: PublishedSource = {
  _tag: "published",
  fact: "rule-shandong-reply",
  quote: "承办单位应在接到热线事项5个工作日内办理完毕并回复来电人、反馈热线工作机构。",
  ...SHANDONG_2020,
  reading:
    "the handling unit finishes and replies within 5 working days of receiving the item; its receipt is its acknowledgement (签收)",
}

const SHANDONG_EXTENSION: PublishedSource = {
  _tag: "published",
  fact: "rule-shandong-extension",
  quote: "对于特别复杂的热线事项,可申请延长办理期限,延期时限一般不超过10个工作日。",
  ...SHANDONG_2020,
  reading: "an extension (延期), applied for, is at most 10 working days",
}

const SHANDONG_RETURN: PublishedSource = {
  _tag: "published",
  fact: "rule-shandong-return",
  quote: "转办事项不属于本单位职责范围的,应在2个工作日内回退并注明回退原因。",
  ...SHANDONG_2020,
  reading:
    "a unit sends back (退回) what is not its remit within 2 working days of receiving it, with the reason",
}

const CRITICISM: PublishedSource = {
  _tag: "published",
  fact: "rule-reminder",
  quote: "经一次催办仍超过办理时限5个工作日且不报告说明理由的,由局“12345”督查组书面通报批评。",
  publisher: "one municipal bureau's 12345 working rules (bureau and city not named in the excerpt)",
  date: "undated",
  where: "http://fsou.com/html/text/lar/172733/17273310_2.html",
  reading:
    "a step reminded once (催办) and still past its deadline by 5 working days, its holder having reported no reason (报告说明理由), earns the holder a written criticism (通报批评)",
}

const GUANGDONG = {
  fact: "rule-guangdong-limits",
  publisher:
    "广东省12345政务服务便民热线管理办法 (广东省人民政府办公厅), as the provincial data bureau explained it (mirror copy)",
  date: "2022-07-12 (in force 2022-09-01)",
  where: "https://m.tripcoinc.com/zwgk/zcjd/mtjd/content/post_3972406.html",
} as const

const guangdong = (quote: string, reading: string): PublishedSource => ({
  _tag: "published",
  ...GUANGDONG,
  quote,
  reading,
})

const CITY_STANDARD = {
  publisher: "a city's 数字化城市管理立案、结案标准(事件类) (city not named in the copy)",
  date: "undated",
  where: "https://renrendoc.com/paper/191493937.html",
} as const

const UNANSWERED_RUBBISH: PublishedSource = {
  _tag: "published",
  fact: "rule-fuzhou-rubbish",
  quote: "公共场所未 倒入容器的生活垃圾4个工作时",
  ...CITY_STANDARD,
  reading: "household rubbish left outside the bins in a public place is cleared within 4 working hours",
}

const DEAD_PLANTS: PublishedSource = {
  _tag: "published",
  fact: "rule-fuzhou-green",
  quote: "影响市容观瞻)5个工作日清理枯死植被",
  ...CITY_STANDARD,
  reading: "dead plants that spoil the cityscape are cleared within 5 working days",
}

// The local settings (本地设定), each with its reason.

const INTAKE_HOUR =
  "Verify (核实), register and dispatch within 1 working hour in total, counted from receipt, as reported of Fuzhou's digital city management; the original was not found in our sources"
const URGENT_AT_ANY_HOUR =
  "; urgent cases on the wall clock, as the 12345 line serves 「7×24小时」 and danger keeps no office hours"
const NO_LEVEL_LIMIT =
  "No published rule gives a time per level (docs/domain.md#escalation, #disagree-level-limits)"

/**
 * The default policy as data (docs/domain.md#rules). Every number either quotes the published rule
 * it says (`published`: the sentence, publisher, date and address) or is a local setting
 * (`local`, 本地设定) with its reason; docs/policy.md shows the two apart. Ties between equally
 * specific rules go to the first listed, so the urgent rules come before the level and category
 * rules they must beat.
 */
export const DEFAULT_POLICY_DATA: EscalationPolicyData = {
  name: "gridcase default (published Chinese practice, local settings marked)",
  levelLimits: [
    {
      limit: workingDays(5),
      source: local(
        `${NO_LEVEL_LIMIT}. A level keeps a case for as long as Shandong gives a handling unit to finish (5 working days); once handling has started, the level keeps it at least until the handling limit runs out`,
        "escalation",
        "rule-shandong-reply",
      ),
    },
    {
      urgency: "urgent",
      limit: wallHours(2),
      source: local(
        `${NO_LEVEL_LIMIT}. An urgent case not taken in hand within 2 hours on the wall clock goes up a level; Beijing asks for a first response to danger within 2 hours (a response time, from a secondary source)`,
        "rule-beijing-danger",
        "disagree-beijing",
      ),
    },
    {
      category: "utilities",
      urgency: "urgent",
      limit: wallHours(24),
      source: local(
        `${NO_LEVEL_LIMIT}. The owner level calls in the utility's crews and keeps the case for a day while they repair; Beijing asks for a response on water, power, gas and heating within 24 hours (a response time, from a secondary source)`,
        "rule-beijing-utilities",
        "gujiao-11",
      ),
    },
    {
      level: "microGrid",
      limit: workingHours(1),
      source: local(
        `${NO_LEVEL_LIMIT}. The micro-grid worker reports to the grid leader 「第一時間」 (at once): a report still at the micro-grid after an office hour goes to the grid`,
        "nantong-22",
      ),
    },
    {
      level: "grid",
      limit: workingDays(2),
      source: local(
        `${NO_LEVEL_LIMIT}. Small matters end in the grid (网格事网格了): one the grid has not taken in hand within 2 working days is passed up — as long as a unit has to send back what is not its own`,
        "gujiao-13",
        "rule-shandong-return",
      ),
    },
    {
      level: "street",
      limit: workingDays(10),
      source: local(
        `${NO_LEVEL_LIMIT}. A street's cases are the ones the community could not solve; it keeps them twice as long as a community`,
        "escalation",
      ),
    },
  ],
  stepLimits: [
    {
      step: "register",
      limit: workingHours(1),
      source: local(`${INTAKE_HOUR}; registering is part of that hour`, "rule-fuzhou-intake"),
    },
    {
      step: "register",
      urgency: "urgent",
      limit: wallHours(1),
      source: local(`${INTAKE_HOUR}${URGENT_AT_ANY_HOUR}`, "rule-fuzhou-intake", "rule-53"),
    },
    {
      step: "dispatch",
      limit: workingHours(1),
      source: local(
        `${INTAKE_HOUR}; the dispatch clock starts at receipt, so verify, register and dispatch together take the hour`,
        "rule-fuzhou-intake",
      ),
    },
    {
      step: "dispatch",
      urgency: "urgent",
      limit: wallHours(1),
      source: local(`${INTAKE_HOUR}${URGENT_AT_ANY_HOUR}`, "rule-fuzhou-intake", "rule-53"),
    },
    {
      step: "acknowledge",
      limit: workingHours(1),
      source: local(
        "The handling unit acknowledges (签收) within 1 working hour of dispatch, as reported of Fuzhou's digital city management; the original was not found in our sources",
        "rule-fuzhou-accept",
      ),
    },
    {
      step: "acknowledge",
      urgency: "urgent",
      limit: wallHours(1),
      source: local(
        `The handling unit acknowledges (签收) within 1 hour of dispatch, as reported of Fuzhou (original not found)${URGENT_AT_ANY_HOUR}`,
        "rule-fuzhou-accept",
        "rule-53",
      ),
    },
    { step: "handle", limit: workingDays(5), source: SHANDONG_REPLY },
    {
      step: "handle",
      urgency: "urgent",
      limit: wallHours(2),
      source: local(
        "Beijing asks for a response to emergencies and danger to life or property within 2 hours (a response time, from a secondary source); gridcase gives the handling the same 2 hours on the wall clock",
        "rule-beijing-danger",
        "disagree-beijing",
      ),
    },
    {
      step: "handle",
      category: "utilities",
      urgency: "urgent",
      limit: wallHours(24),
      source: local(
        "Beijing asks for a response on water, power, gas and heating within 24 hours (a response time, from a secondary source); an urgent repair takes the utility's crews, so gridcase gives it 24 hours on the wall clock. A non-urgent one runs on office time under the catch-all rule",
        "rule-beijing-utilities",
        "disagree-beijing",
      ),
    },
    { step: "handle", category: "sanitation", limit: workingHours(4), source: UNANSWERED_RUBBISH },
    { step: "handle", category: "greenSpace", limit: workingDays(5), source: DEAD_PLANTS },
    {
      step: "handle",
      category: "policyConsultation",
      limit: workingDays(2),
      source: local(
        "Guangdong gives a question (咨询) 2 working days from receipt to handle and answer — the whole case (see `whole`); the handling step may take no longer",
        "rule-guangdong-limits",
      ),
    },
    {
      step: "handle",
      category: "suggestion",
      limit: workingDays(10),
      source: local(
        "Guangdong gives help requests and suggestions 10 working days from receipt to handle and answer — the whole case (see `whole`); the handling step may take no longer",
        "rule-guangdong-limits",
      ),
    },
    {
      step: "handle",
      category: "complaint",
      limit: workingDays(15),
      source: local(
        "Guangdong gives complaints and reports 15 working days from receipt to handle and answer — the whole case (see `whole`); the handling step may take no longer",
        "rule-guangdong-limits",
      ),
    },
    {
      step: "verify",
      limit: workingDays(1),
      source: local(
        "No published time for the check (核查) was found; the supervision side's collector checks on site within a working day of the result. Not the call-back's 「次日」: 回访 comes after 结案",
        "rule-verification",
        "disagree-verify",
      ),
    },
    {
      step: "verify",
      urgency: "urgent",
      limit: wallHours(24),
      source: local(
        "No published time for the check (核查) was found; an urgent fix is checked within a day on the wall clock",
        "rule-verification",
      ),
    },
    {
      step: "followUp",
      limit: workingDays(1),
      source: local(
        "One bureau's 12345 rules call back 「次日」 — the day after the closed ticket arrives, a calendar day; gridcase gives the call-back (回访) one working day from closing, so a Friday closing is called back on Monday",
        "rule-follow-up",
      ),
    },
    {
      step: "followUp",
      urgency: "urgent",
      limit: wallHours(24),
      source: local(
        "The call-back the day after (「次日」, one bureau's rules), on the wall clock for urgent cases: within 24 hours of closing",
        "rule-follow-up",
      ),
    },
    {
      step: "supervision",
      limit: workingDays(2),
      source: local(
        "No published time for answering a supervision notice (督办单) was found: Shandong's 2017 line issues one for overdue items and items still unsatisfied after rework, with no reply time. gridcase gives the unit 2 working days to answer, as long as Shandong gives a unit to send back what is not its own",
        "rule-shandong-2017",
        "rule-shandong-return",
      ),
    },
    {
      step: "supervision",
      urgency: "urgent",
      limit: wallHours(24),
      source: local(
        `No published time for answering a supervision notice (督办单) was found; an urgent case's notice is answered within a day${URGENT_AT_ANY_HOUR}`,
        "rule-shandong-2017",
        "rule-53",
      ),
    },
    {
      step: "whole",
      urgency: "urgent",
      limit: wallHours(72),
      source: local(
        "No published whole-case limit for urgent cases was found. Three days on the wall clock: the slowest urgent handling (24 hours for a utility repair) plus intake, the check and closing, each within a day",
      ),
    },
    {
      step: "whole",
      limit: workingDays(15),
      source: local(
        "No published limit covers every kind of case; Guangdong's longest (complaints and reports, 15 working days from receipt) bounds a case whose category has no limit of its own",
        "rule-guangdong-limits",
      ),
    },
    {
      step: "whole",
      category: "policyConsultation",
      limit: workingDays(2),
      source: guangdong(
        "需在收到之日起2個(gè)工作日內(nèi)辦理并答復(fù)",
        "questions (咨询类) are handled and answered within 2 working days, counted from the day of receipt",
      ),
    },
    {
      step: "whole",
      category: "suggestion",
      limit: workingDays(10),
      source: guangdong(
        "需在收到之日起10個(gè)工作日內(nèi)辦理并答復(fù)",
        "help requests and suggestions (求助、建议类) are handled and answered within 10 working days, counted from the day of receipt",
      ),
    },
    {
      step: "whole",
      category: "complaint",
      limit: workingDays(15),
      source: guangdong(
        "需在收到之日起15個(gè)工作日內(nèi)辦理并答復(fù)",
        "complaints and reports (投诉、举报类) are handled and answered within 15 working days, counted from the day of receipt",
      ),
    },
  ],
  skips: [
    {
      category: "safetyHazard",
      urgency: "urgent",
      from: "microGrid",
      to: "community",
      source: local(
        "No article describes a skip: in Tianhong's gas story the micro-grid worker phoned the resident, and the chain climbs one level at a time. gridcase's choice: an overdue urgent hazard goes straight to the community, which liaises with the departments",
        "disagree-tianhong-skip",
        "nantong-25",
      ),
    },
    {
      category: "safetyHazard",
      urgency: "urgent",
      from: "grid",
      to: "community",
      source: local(
        "No article describes a skip; gridcase's choice, as from the micro-grid: an overdue urgent hazard at the grid goes to the community",
        "disagree-tianhong-skip",
      ),
    },
  ],
  extensions: { maxCount: 1, maxMinutes: DEFAULT_WORKING_DAY_MINUTES * 10 },
  sendBackWindow: workingDays(2),
  reopenWindow: wallHours(7 * 24),
  criticismAfter: workingDays(5),
  yellowAt: 0.8,
  settingSources: {
    extensionCount: local(
      "Shandong 2020 speaks of one extension of normally at most 10 working days; Shandong 2017 allowed a second, approved one. One extension per level is a reading, not a quoted rule",
      "disagree-extension",
      "rule-shandong-2017",
    ),
    extensionLength: SHANDONG_EXTENSION,
    sendBackWindow: SHANDONG_RETURN,
    reopenWindow: local(
      "gridcase's choice: the call-back (回访) comes the day after closing and the reminder (催办) the day after a deadline; a week on the wall clock leaves room for a reporter who cannot be reached at once (or a holiday week) without letting closed cases reopen indefinitely",
      "rule-follow-up",
      "rule-reminder",
    ),
    criticismAfter: CRITICISM,
    yellowAt: local(
      "Green below 80 % of a limit, yellow to 100 %, red past it, as the domain brief reports the digital city-management light; the original was not found",
      "rule-traffic-light",
    ),
  },
}

/** `DEFAULT_POLICY_DATA` ready for lookups. */
export const defaultPolicy: EscalationPolicy = makePolicy(DEFAULT_POLICY_DATA)
