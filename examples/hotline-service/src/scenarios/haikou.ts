import { act, resident, type Scenario, say, TUESDAY_9H, tick, wait } from "./scenario.ts"

const FAMILY = "haikou-han-family"
const TICKET = "haikou-12345-transfer"
const HUANG_SUBSIDY = "haikou-huang-subsidy"
const COUPLE_HOME = "haikou-port-grid-01-h001"

/**
 * Haikou (海口), Xiuying district, Haikou port community: "12345+网格化". A grid worker and the
 * civil-affairs officer find a family in hardship on a door-to-door visit; the community's
 * residents' station takes it on with the department; a 12345 ticket is solved in the grid.
 */
export const haikou: Scenario = {
  name: "haikou",
  title: "海口 · 海口港社区 — 12345+网格化: a family found on a visit, a hotline ticket solved in the grid",
  source:
    "docs/domain.md#seed-haikou (海口网): Haikou port community, Xiuying district; 19 micro-grids staffed 1:1, a residents' station (居民工作站).",
  district: {
    territoryId: "xiuying",
    districtName: "秀英区",
    streetId: "haixiu",
    streetName: "海秀街道",
    communities: [{ id: "haikou-port", name: "海口港社区", grids: 1, microGridsPerGrid: 19 }],
    workers: 1,
    householdsPerGrid: 1,
    origin: { lat: 20.02, long: 110.28 },
    gridSize: 0.01,
  },
  start: TUESDAY_9H,
  steps: [
    say(
      "网格员郑玲玲 (worker-001) and the civil-affairs officer visit door to door and find 韩女士's home: mould on every wall, loose wiring, rubbish.",
    ),
    act(FAMILY, "worker-001", "ReportCase", {
      source: "visit",
      category: "vulnerablePerson",
      urgency: "normal",
      description: "居民家中满墙霉点、电线杂乱、满地垃圾，母子生活困难 — a family in hardship",
      location: { gridId: "haikou-port-grid-01-m7" },
      level: "grid",
    }),
    wait(90),
    say("It is more than the grid can fix: the worker takes it to the residents' station (站长杨琼)."),
    act(FAMILY, "worker-001", "EscalateCase", {
      fromLevel: "grid",
      reason: "requested",
      note: "需要社区和职能部门联动",
    }),
    wait(30),
    act(FAMILY, "haikou-port-head", "RegisterCase"),
    act(FAMILY, "haikou-port-head", "DispatchCase", {
      assignee: { _tag: "department", departmentId: "haixiu-civil-affairs" },
      note: "先让屋子里亮起来 — first, light in the house",
    }),
    wait(60),
    act(FAMILY, "haixiu-civil-affairs-handler", "AcknowledgeCase"),
    act(FAMILY, "haixiu-civil-affairs-handler", "StartHandling"),
    wait(60 * 24),
    act(FAMILY, "haixiu-civil-affairs-handler", "AddProgressNote", {
      note: "联络施工工人；四次上门沟通劝导 — builders found, four talks with the family",
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
    wait(60 * 24 * 13),
    tick("Thirteen days on, the deadline process finds nothing overdue: the extension holds."),
    act(FAMILY, "haixiu-civil-affairs-handler", "ResolveCase", {
      result: "卫生改善，电线规整，更换柜子 — cleaned, rewired, new cupboards",
    }),
    wait(120),
    act(FAMILY, "worker-001", "VerifyCase", { passed: true, note: "韩女士精神状态明显改善" }),
    act(FAMILY, "haikou-port-head", "CloseCase", { satisfaction: "satisfied" }),
    say("Meanwhile a 12345 ticket about a blocked drain is transferred to the grid (12345+网格化)."),
    act(TICKET, "hotline-1", "ReportCase", {
      source: "hotline",
      hotlineTicketId: "12345-20260324-0192",
      category: "sanitation",
      urgency: "normal",
      description: "小区排水沟堵塞 — blocked drain",
      location: { gridId: "haikou-port-grid-01-m12" },
      level: "grid",
    }),
    act(TICKET, "haikou-port-leader", "RegisterCase"),
    act(TICKET, "haikou-port-leader", "DispatchCase", {
      assignee: { _tag: "person", personId: "haikou-port-grid-01-m12-worker" },
    }),
    act(TICKET, "haikou-port-grid-01-m12-worker", "AcknowledgeCase"),
    act(TICKET, "haikou-port-grid-01-m12-worker", "StartHandling"),
    wait(120),
    act(TICKET, "haikou-port-grid-01-m12-worker", "ResolveCase", {
      result: "组织志愿者疏通 — volunteers cleared it",
    }),
    act(TICKET, "worker-001", "VerifyCase", { passed: true }),
    act(TICKET, "haikou-port-leader", "CloseCase", { satisfaction: "satisfied" }),
    act(
      TICKET,
      "hotline-1",
      "ReportHotlineOutcome",
      { outcome: "网格内办结", solvedByGrid: true },
      "The hotline hears back: solved by the grid, the hotline relieved (分担12345热线压力).",
    ),
    say(
      "The blind couple 黄桂香 and 陈余民 become the station's special-care residents (重点帮扶对象), visited every month.",
    ),
    resident("haikou-huang", "worker-001", "RegisterResident", {
      householdId: COUPLE_HOME,
      person: { name: "黄桂香" },
    }),
    resident("haikou-chen", "worker-001", "RegisterResident", {
      householdId: COUPLE_HOME,
      person: { name: "陈余民" },
    }),
    resident("haikou-huang", "haikou-port-leader", "TagResident", { tag: "disabled" }),
    resident("haikou-huang", "haikou-port-leader", "SetCarePlan", {
      tag: "disabled",
      cadence: { visits: 1, per: "month" },
    }),
    wait(60 * 24),
    resident(
      "haikou-huang",
      "worker-001",
      "RecordVisit",
      {
        visitId: "haikou-huang-visit-1",
        findings: "帮助打扫卫生，送去生活用品 — cleaned, brought supplies",
        raiseCase: {
          caseId: HUANG_SUBSIDY,
          gridId: "haikou-port-grid-01-m1",
          category: "policyConsultation",
          urgency: "normal",
          description: "帮助申请政府补贴 — help applying for a government subsidy",
          level: "grid",
        },
      },
      "The visit raises a case: a subsidy to apply for (走访发现问题上报).",
    ),
    act(HUANG_SUBSIDY, "haikou-port-leader", "RegisterCase"),
    act(HUANG_SUBSIDY, "haikou-port-leader", "DispatchCase", {
      assignee: { _tag: "department", departmentId: "haixiu-civil-affairs" },
    }),
    act(HUANG_SUBSIDY, "haixiu-civil-affairs-handler", "AcknowledgeCase"),
    act(HUANG_SUBSIDY, "haixiu-civil-affairs-handler", "StartHandling"),
    wait(60 * 24 * 3),
    act(HUANG_SUBSIDY, "haixiu-civil-affairs-handler", "ResolveCase", {
      result: "补贴申请已获批 — subsidy granted",
    }),
    act(HUANG_SUBSIDY, "worker-001", "VerifyCase", { passed: true }),
    act(HUANG_SUBSIDY, "haikou-port-leader", "CloseCase", { satisfaction: "satisfied" }),
    wait(60 * 24 * 28),
    resident("haikou-huang", "worker-001", "RecordVisit", {
      visitId: "haikou-huang-visit-2",
      findings: "每月走访；社区活动请她唱歌 — the monthly visit; asked to sing at the community's show",
    }),
  ],
  outcome: {
    [FAMILY]: { status: "closed", level: "community" },
    [HUANG_SUBSIDY]: { status: "closed", level: "grid" },
    [TICKET]: { status: "closed", level: "grid" },
  },
}
