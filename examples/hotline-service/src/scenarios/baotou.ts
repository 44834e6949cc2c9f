import { planDistrict } from "../district/plan-district.ts"
import { act, bank, resident, type Scenario, say, TUESDAY_9H, wait } from "./scenario.ts"

const FAMILY = "baotou-hao-rong"
const QUARREL = "baotou-shengtang-quarrel"

/**
 * Baotou (包头), Rare-Earth hi-tech zone: "党建+网格". The knock-on-every-door drive (敲门行动)
 * finds a woman with no identity on record, who is reunited with family she lost 18 years ago;
 * at Shengtang Road's "tell us your troubles" point (百姓说事点) a volunteer mediator takes up a
 * household quarrel that kept the neighbours awake.
 */
export const baotou: Scenario = {
  name: "baotou",
  title: "包头 · 稀土高新区 — 敲门行动 and the 百姓说事点",
  source:
    "docs/domain.md#seed-baotou: Wanshuiquan town's knock drive, Minxin Road street (100 grids, 45 workers), the moral bank (道德银行).",
  district: planDistrict({
    territoryId: "xitu-gaoxin",
    districtName: "稀土高新区",
    streetId: "minxin-road",
    streetName: "民馨路街道",
    communities: [
      { id: "huoju-road", name: "火炬路社区", grids: 3 },
      { id: "shengtang-road", name: "盛唐路社区", grids: 3 },
    ],
    workers: 3,
    householdsPerGrid: 2,
    origin: { lat: 40.61, long: 109.83 },
    gridSize: 0.005,
  }),
  start: TUESDAY_9H,
  steps: [
    say(
      "On the knock drive (机关工作人员+基层网格长), the police instructor finds 郝荣 has had one test and no identity on record.",
    ),
    act(FAMILY, "worker-002", "ReportCase", {
      source: "visit",
      category: "policyConsultation",
      urgency: "normal",
      description: "居民查不到身份信息，18年前离家 — no identity on record, left home 18 years ago",
      location: { gridId: "huoju-road-grid-02" },
      level: "grid",
    }),
    act(FAMILY, "huoju-road-leader", "RegisterCase"),
    act(FAMILY, "huoju-road-leader", "DispatchCase", {
      assignee: { _tag: "department", departmentId: "minxin-road-police" },
    }),
    wait(30),
    act(FAMILY, "minxin-road-police-handler", "AcknowledgeCase"),
    act(FAMILY, "minxin-road-police-handler", "StartHandling"),
    wait(60 * 24 * 2),
    act(FAMILY, "minxin-road-police-handler", "ResolveCase", {
      result: "找到养育她的五叔、五婶，视频连线团聚 — her family found, reunited by video",
    }),
    act(FAMILY, "worker-002", "VerifyCase", { passed: true }),
    act(FAMILY, "huoju-road-leader", "CloseCase", { satisfaction: "satisfied" }),
    say(
      "At Shengtang Road, 韩女士 comes to the 百姓说事点: her husband shouts at her, the neighbours cannot sleep.",
    ),
    act(QUARREL, "volunteer-li-xifen", "ReportCase", {
      source: "residentReport",
      category: "neighbourDispute",
      urgency: "normal",
      description: "丈夫经常无故大声呵斥，吵骂声扰邻 — shouting at home, neighbours disturbed",
      location: { gridId: "shengtang-road-grid-01" },
      level: "grid",
    }),
    act(QUARREL, "shengtang-road-leader", "RegisterCase"),
    act(QUARREL, "shengtang-road-leader", "DispatchCase", {
      assignee: { _tag: "person", personId: "worker-001" },
    }),
    act(QUARREL, "worker-001", "AcknowledgeCase"),
    act(QUARREL, "worker-001", "StartHandling"),
    wait(60 * 24),
    act(QUARREL, "worker-001", "AddProgressNote", {
      note: "义务调解员李西芬多次上门劝说安抚 — the mediator called again and again",
    }),
    wait(60 * 24),
    act(QUARREL, "worker-001", "ResolveCase", {
      result: "邀请律师提供法律援助，双方达成谅解 — legal aid, an understanding reached",
    }),
    act(
      QUARREL,
      "volunteer-li-xifen",
      "VerifyCase",
      { passed: true },
      "The reporter herself confirms it (核查 by the reporter).",
    ),
    act(QUARREL, "shengtang-road-leader", "CloseCase", { satisfaction: "basicallySatisfied" }),
    say(
      "At Huoju Road's moral bank (道德银行) the community secretary is the president (行长), grid workers collect deposits (揽储员).",
    ),
    resident("baotou-liu-liansuo", "worker-001", "RegisterResident", {
      householdId: "huoju-road-grid-01-h001",
      person: { name: "刘连锁" },
    }),
    bank("baotou-liu-liansuo", "worker-001", "AwardPoints", {
      awardId: "liu-bins",
      points: 60,
      act: "environment",
      reason: "自掏腰包制作垃圾桶铁架和拉手 — made frames and handles for the bins",
      approvedBy: "huoju-road-head",
    }),
    bank("baotou-liu-liansuo", "worker-001", "AwardPoints", {
      awardId: "liu-homework",
      points: 30,
      act: "helpingNeighbours",
      reason: "帮助有需要的儿童辅导功课 — tutored children who needed it",
      approvedBy: "huoju-road-head",
    }),
    wait(60 * 24 * 7),
    bank(
      "baotou-liu-liansuo",
      "worker-001",
      "RedeemPoints",
      { redemptionId: "liu-oil", rewardId: "cooking-oil", quantity: 1 },
      "He takes home a bottle of cooking oil.",
    ),
  ],
  outcome: {
    [FAMILY]: { status: "closed", level: "grid" },
    [QUARREL]: { status: "closed", level: "grid" },
  },
}
