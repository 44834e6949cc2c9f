import { planDistrict } from "../district/plan-district.ts"
import {
  act,
  closeAndCallBack,
  reportAndDispatch,
  resident,
  type Scenario,
  say,
  tick,
  wait,
  withMore,
} from "./scenario.ts"

const FAMILY = "haikou-han-family"
const TICKET = "haikou-12345-transfer"
const HUANG_SUBSIDY = "haikou-huang-subsidy"
/** Where 韩女士 lives with her son, in the seventh micro-grid. */
export const HAN_HOME = "haikou-port-han-home"
/** Where the blind couple live, in the first micro-grid. */
export const COUPLE_HOME = "haikou-port-huang-home"
/** Both of the couple are special-care residents (docs/domain.md#haikou-23). */
export const COUPLE = ["haikou-huang", "haikou-chen"] as const

const DAY = 60 * 24

/** The fourteen volunteer teams (docs/domain.md#haikou-30): four named, ten the article sums up with 等. */
export const VOLUNTEER_TEAMS = [
  "专业教师队伍",
  "文艺指导队",
  "敬老助老服务队",
  "巾帼志愿队",
  ...Array.from({ length: 10 }, (_, i) => `志愿者队伍${i + 5}`),
] as const

/** Both of the couple are visited on the same round (每月的定期走访和慰问). */
const visitCouple = (month: string, findings: string) =>
  COUPLE.map((residentId) =>
    resident(residentId, "worker-001", "RecordVisit", { visitId: `${residentId}-${month}`, findings }),
  )

/**
 * Haikou (海口), Xiuying district, Haikou port community: "12345+网格化" (docs/domain.md#seed-haikou).
 * Grid worker 郑玲玲 (`worker-001`) and the community's civil-affairs officer 谢妙金 (the
 * civil-affairs handler) find 韩女士's family on a door-to-door visit in late July; the residents'
 * station under 站长杨琼 (`haikou-port-head`) takes it on and a month of work puts the home right;
 * the blind couple 黄桂香 and 陈余民 are both special-care residents, visited every month; a 12345
 * ticket is solved in the grid. The community is one small grid split into 19 micro-grids, each
 * with its own worker (1:1), and has 14 volunteer teams.
 */
export const haikou: Scenario = {
  name: "haikou",
  title: "海口 · 海口港社区 — 12345+网格化: a family found on a visit, a hotline ticket solved in the grid",
  source:
    "docs/domain.md#seed-haikou (海口网): Haikou port community, Xiuying district; 19 micro-grids staffed 1:1, a residents' station (居民工作站), 14 volunteer teams.",
  district: withMore(
    planDistrict({
      territoryId: "xiuying",
      districtName: "秀英区",
      streetId: "haixiu",
      streetName: "海秀街道",
      // 「在社區這個小網格的基礎上分出19個微網格」: the community is one grid, split into 19.
      communities: [{ id: "haikou-port", name: "海口港社区", grids: 1, microGridsPerGrid: 19 }],
      workers: 1,
      householdsPerGrid: 0,
      origin: { lat: 20.02, long: 110.28 },
      gridSize: 0.01,
    }),
    {
      households: [
        { householdId: HAN_HOME, areaId: "haikou-port-grid-01-m7", address: "海秀街道海口港社区7号楼" },
        { householdId: COUPLE_HOME, areaId: "haikou-port-grid-01-m1", address: "海秀街道海口港社区1号楼" },
      ],
      // Each team stands as its captain, a volunteer of the community (a team is not a thing the library holds).
      roles: VOLUNTEER_TEAMS.map((_, i) => ({
        personId: `haikou-port-team-${String(i + 1).padStart(2, "0")}-captain`,
        role: "volunteer" as const,
        areaId: "haikou-port",
      })),
    },
  ),
  // 「今年7月下旬」: a Tuesday in late July; the station opened on 15 July.
  start: Date.parse("2026-07-21T09:00:00+08:00"),
  steps: [
    say(
      "网格员郑玲玲 (worker-001) and the civil-affairs officer 谢妙金 visit door to door and find 韩女士, who lives with her 28-year-old son.",
    ),
    resident("haikou-han", "worker-001", "RegisterResident", {
      householdId: HAN_HOME,
      person: { name: "韩玉玲" },
    }),
    resident("haikou-han-son", "worker-001", "RegisterResident", {
      householdId: HAN_HOME,
      person: { name: "韩女士之子" },
    }),
    resident(
      "haikou-han",
      "worker-001",
      "RecordVisit",
      {
        visitId: "haikou-han-visit-1",
        findings: "满墙霉点、电线杂乱无章、满地垃圾、桌椅橱柜破旧不堪",
        raiseCase: {
          caseId: FAMILY,
          gridId: "haikou-port-grid-01-m7",
          category: "vulnerablePerson",
          urgency: "normal",
          description: "居民家中满墙霉点、电线杂乱、满地垃圾，母子生活困难 — a family in hardship",
          level: "grid",
        },
      },
      "The visit raises the case (入户走访发现).",
    ),
    wait(90),
    say("It is more than the grid can fix: they take it to the residents' station (站长杨琼)."),
    act(FAMILY, "worker-001", "EscalateCase", {
      fromLevel: "grid",
      reason: "requested",
      note: "反馈到海口港社区居民工作站",
    }),
    wait(30),
    ...reportAndDispatch(FAMILY, {
      owner: "haikou-port-head",
      to: { department: "haixiu-civil-affairs", handler: "haixiu-civil-affairs-handler" },
      note: "先让屋子里亮起来 — first, light in the house",
      registered: "工作站决定要帮助她们改善现状.",
      acknowledgedAfter: 60,
    }),
    say("The blind couple 黄桂香 and 陈余民 are both the station's special-care residents (重点帮扶对象)."),
    resident(COUPLE[0], "worker-001", "RegisterResident", {
      householdId: COUPLE_HOME,
      person: { name: "黄桂香" },
    }),
    resident(COUPLE[1], "worker-001", "RegisterResident", {
      householdId: COUPLE_HOME,
      person: { name: "陈余民" },
    }),
    ...COUPLE.flatMap((residentId) => [
      resident(residentId, "haikou-port-head", "TagResident", { tag: "disabled", note: "失明" }),
      resident(residentId, "haikou-port-head", "SetCarePlan", {
        tag: "disabled",
        cadence: { visits: 1, per: "month" },
        note: "每月的定期走访和慰问",
      }),
    ]),
    wait(DAY),
    act(FAMILY, "haixiu-civil-affairs-handler", "AddProgressNote", { note: "第1次沟通劝导" }),
    ...visitCouple("2026-07", "七月走访：帮助打扫卫生"),
    wait(5 * DAY),
    act(FAMILY, "haixiu-civil-affairs-handler", "AddProgressNote", {
      note: "第2次沟通劝导；郑玲玲联络施工工人",
    }),
    act(FAMILY, "haixiu-civil-affairs-handler", "RequestExtension", {
      minutes: 4800,
      reason: "整修约需一个月 — the work takes about a month",
    }),
    act(
      FAMILY,
      "haikou-port-head",
      "ApproveRequest",
      { kind: "extension" },
      "The station head approves ten more working days (延期).",
    ),
    wait(6 * DAY),
    ...visitCouple("2026-08", "八月走访：送去生活用品"),
    resident(
      COUPLE[0],
      "worker-001",
      "RecordVisit",
      {
        visitId: "haikou-huang-subsidy-visit",
        findings: "帮助申请政府补贴",
        raiseCase: {
          caseId: HUANG_SUBSIDY,
          gridId: "haikou-port-grid-01-m1",
          category: "policyConsultation",
          urgency: "normal",
          description: "帮助申请政府补贴 — help applying for a government subsidy",
          level: "grid",
        },
      },
      "A visit raises a case: a subsidy to apply for (走访发现问题上报).",
    ),
    ...reportAndDispatch(HUANG_SUBSIDY, {
      owner: "haikou-port-leader",
      to: { department: "haixiu-civil-affairs", handler: "haixiu-civil-affairs-handler" },
    }),
    act(FAMILY, "haixiu-civil-affairs-handler", "AddProgressNote", { note: "第3次沟通劝导；电线安放整齐" }),
    wait(DAY),
    act(HUANG_SUBSIDY, "haixiu-civil-affairs-handler", "ResolveCase", { result: "补贴申请已提交 — applied" }),
    act(HUANG_SUBSIDY, "worker-001", "VerifyCase", { passed: true }),
    ...closeAndCallBack(HUANG_SUBSIDY, "haikou-port-leader", "hotline-1", "satisfied"),
    say("A 12345 ticket about a blocked drain is transferred to the grid (12345+网格化)."),
    ...reportAndDispatch(TICKET, {
      report: {
        by: "hotline-1",
        source: "hotline",
        category: "sanitation",
        description: "小区排水沟堵塞 — blocked drain",
        gridId: "haikou-port-grid-01-m12",
        extra: { hotlineTicketId: "12345-20260804-0192" },
      },
      owner: "haikou-port-leader",
      to: { person: "haikou-port-grid-01-m12-worker" },
    }),
    wait(120),
    act(TICKET, "haikou-port-grid-01-m12-worker", "ResolveCase", {
      result: "组织志愿者疏通 — volunteers cleared it",
    }),
    act(TICKET, "worker-001", "VerifyCase", { passed: true }),
    ...closeAndCallBack(TICKET, "haikou-port-leader", "hotline-1", "satisfied"),
    act(
      TICKET,
      "hotline-1",
      "ReportHotlineOutcome",
      { outcome: "网格内办结", solvedByGrid: true },
      "The hotline hears back: solved in the grid (分担12345热线压力).",
    ),
    wait(7 * DAY),
    act(FAMILY, "haixiu-civil-affairs-handler", "AddProgressNote", { note: "第4次沟通劝导；换了新的柜子" }),
    tick("The deadline process finds nothing overdue: the extension holds."),
    wait(9 * DAY),
    act(FAMILY, "haixiu-civil-affairs-handler", "ResolveCase", {
      result: "经过一个月的努力，卫生改善，电线规整，更换柜子 — a month on: clean, rewired, new cupboards",
    }),
    wait(120),
    act(FAMILY, "worker-001", "VerifyCase", { passed: true, note: "韩女士心情和精神状态明显改善" }),
    ...closeAndCallBack(FAMILY, "haikou-port-head", "hotline-1", "satisfied"),
    wait(14 * DAY),
    ...visitCouple("2026-09", "九月走访；社区活动请黄桂香唱歌"),
  ],
  outcome: {
    [FAMILY]: { status: "closed", level: "community" },
    [HUANG_SUBSIDY]: { status: "closed", level: "grid" },
    [TICKET]: { status: "closed", level: "grid" },
  },
}
