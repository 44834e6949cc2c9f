import type { PlannedArea, PlannedHousehold, PlannedRole } from "../district/district-plan.ts"
import { squareBoundary } from "../district/district-plan.ts"
import { planDistrict, workerId } from "../district/plan-district.ts"
import {
  act,
  bank,
  campaign,
  closeAndCallBack,
  reportAndDispatch,
  reportCase,
  resident,
  type Scenario,
  say,
  wait,
  withMore,
} from "./scenario.ts"

const FAMILY = "baotou-hao-rong"
const QUARREL = "baotou-shengtang-quarrel"
const LEAK = "baotou-fulin-leak"
/** Wanshuiquan town's knock drive (敲门行动). */
export const KNOCK_DRIVE = "wanshuiquan-knock-2026"
const DAY = 60 * 24

/** Minxin Road street: 100 grids (docs/domain.md#baotou-34) over the two communities the article names, 50 each (assumed). */
export const MINXIN_COMMUNITIES = ["huoju-road", "shengtang-road"] as const
const GRIDS_PER_COMMUNITY = 50
/** The grid worker of a Minxin Road grid: `planDistrict` hands the 45 workers out over the 100 grids in turn. */
const minxinWorker = (community: number, grid: number) =>
  workerId((community * GRIDS_PER_COMMUNITY + grid) % 45)

/** The two agricultural branch companies Guo Jingming visited (docs/domain.md#baotou-8), each a village-level area with one grid (assumed). */
export const BRANCH_COMPANIES = [
  { id: "nongye-12", name: "第十二农业分公司" },
  { id: "nongye-13", name: "第十三农业分公司" },
] as const
const HOUSEHOLDS_PER_BRANCH = 6
const branchGrid = (branch: string) => `${branch}-grid-01`
const branchHousehold = (branch: string, n: number) => `${branchGrid(branch)}-h${String(n).padStart(3, "0")}`
const HAO_HOME = branchHousehold("nongye-12", 4)

/** The police station's instructor who finds Hao Rong (docs/domain.md#baotou-8). */
export const INSTRUCTOR = "guo-jingming"
/**
 * 「500余名区级机关、镇党员干部」 (docs/domain.md#baotou-6): 499 cadres and the instructor, each a
 * volunteer of one of the town's communities in the scenario — the cadres of a town-wide drive
 * knock as volunteers where they go (docs/domain.md#door-knocking).
 */
export const CADRES = [
  ...Array.from({ length: 499 }, (_, i) => `cadre-${String(i + 1).padStart(3, "0")}`),
  INSTRUCTOR,
]

/** The knock teams: an organ staff member with the grid's leader (「机关工作人员+基层网格长」, docs/domain.md#baotou-7). */
const TEAMS = [
  { cadre: "cadre-001", branch: "nongye-12", doors: [1, 2, 3] },
  { cadre: INSTRUCTOR, branch: "nongye-12", doors: [4, 5, 6] },
  { cadre: "cadre-002", branch: "nongye-13", doors: [1, 2, 3] },
  { cadre: "cadre-004", branch: "nongye-13", doors: [4, 5, 6] },
] as const

const area = (areaId: string, name: string, level: PlannedArea["level"], parentId: string): PlannedArea => ({
  areaId,
  name,
  level,
  parentId,
})

/** Wanshuiquan town and Xitu Road street beside Minxin Road (「一镇两办」, docs/domain.md#baotou-1), as far as the article tells them. */
const TOWN_AND_XITU: ReadonlyArray<PlannedArea> = [
  area("wanshuiquan", "万水泉镇", "street", "xitu-gaoxin"),
  ...BRANCH_COMPANIES.flatMap(
    (branch, i): Array<PlannedArea> => [
      area(branch.id, branch.name, "community", "wanshuiquan"),
      {
        ...area(branchGrid(branch.id), `${branch.name}网格`, "grid", branch.id),
        boundary: squareBoundary(40.55, 109.7 + i * 0.01, 0.01),
      },
    ],
  ),
  area("xitu-road", "稀土路街道", "street", "xitu-gaoxin"),
  area("fulin-road", "富林路社区", "community", "xitu-road"),
  {
    ...area("fulin-road-grid-01", "富林路社区第1网格", "grid", "fulin-road"),
    boundary: squareBoundary(40.65, 109.9, 0.005),
  },
]

const HOUSEHOLDS: ReadonlyArray<PlannedHousehold> = [
  ...BRANCH_COMPANIES.flatMap((branch) =>
    Array.from({ length: HOUSEHOLDS_PER_BRANCH }, (_, h) => ({
      householdId: branchHousehold(branch.id, h + 1),
      areaId: branchGrid(branch.id),
      address: `万水泉镇${branch.name}${h + 1}号`,
    })),
  ),
  { householdId: "fulin-road-geng-home", areaId: "fulin-road-grid-01", address: "稀土路街道富林路社区1号楼" },
  {
    householdId: "fulin-road-veteran-home",
    areaId: "fulin-road-grid-01",
    address: "稀土路街道富林路社区2号楼",
  },
  { householdId: "fulin-road-wang-home", areaId: "fulin-road-grid-01", address: "稀土路街道富林路社区3号楼" },
  {
    householdId: "shengtang-road-han-home",
    areaId: "shengtang-road-grid-01",
    address: "民馨路街道盛唐路社区1号楼",
  },
  { householdId: "huoju-road-liu-home", areaId: "huoju-road-grid-01", address: "民馨路街道火炬路社区1号楼" },
  { householdId: "huoju-road-guo-home", areaId: "huoju-road-grid-01", address: "民馨路街道火炬路社区2号楼" },
]

const role = (personId: string, granted: PlannedRole["role"], areaId: string): PlannedRole => ({
  personId,
  role: granted,
  areaId,
})

const ROLES: ReadonlyArray<PlannedRole> = [
  // The town's command centre launches and closes the drive (镇党委).
  role("wanshuiquan-command", "dispatcher", "wanshuiquan"),
  ...BRANCH_COMPANIES.map((branch) => role(`${branch.id}-leader`, "gridLeader", branchGrid(branch.id))),
  ...CADRES.map((cadre, i) => role(cadre, "volunteer", BRANCH_COMPANIES[i % 2]!.id)),
  // The instructor knocks in both branch companies, and handles what is sent to his station.
  role(INSTRUCTOR, "volunteer", "nongye-12"),
  { personId: INSTRUCTOR, role: "departmentHandler", departmentId: "wanshuiquan-police" },
  role("fulin-road-head", "stationHead", "fulin-road"),
  role("fulin-road-leader", "gridLeader", "fulin-road-grid-01"),
  role("fulin-road-worker", "gridWorker", "fulin-road-grid-01"),
  // The veteran who helps Granny Geng, a volunteer of his community.
  role("fulin-veteran", "volunteer", "fulin-road"),
  // The volunteer mediator at Shengtang Road's 百姓说事点 (docs/domain.md#baotou-29).
  role("li-xifen", "volunteer", "shengtang-road"),
  // The moral bank's depositors (储户): old party members who volunteer (docs/domain.md#baotou-13, #baotou-23).
  role("liu-liansuo", "volunteer", "huoju-road"),
  role("guo-jinglong", "volunteer", "huoju-road"),
]

const HUOJU_WORKER = minxinWorker(0, 0)
const SHENGTANG_WORKER = minxinWorker(1, 0)

/** Each team knocks on its doors; the instructor's fourth door is Hao Rong's. */
const knocks = TEAMS.flatMap((team) =>
  team.doors.flatMap((door) => {
    const householdId = branchHousehold(team.branch, door)
    const found = householdId === HAO_HOME
    return [
      wait(20),
      campaign(
        KNOCK_DRIVE,
        team.cadre,
        "RecordDoorKnock",
        {
          householdId,
          companions: [`${team.branch}-leader`],
          outcome: {
            _tag: "visited",
            facts: found
              ? { occupants: 1, tenure: "other", mayNeedCare: [], note: "只做过一次核酸检测，查不到身份信息" }
              : { occupants: 3, tenure: "owned", mayNeedCare: [] },
          },
        },
        found ? "The instructor finds 郝荣: one test only, and no identity on record." : undefined,
      ),
    ]
  }),
)

/**
 * Baotou (包头), Rare-Earth hi-tech zone: "党建+网格" (docs/domain.md#seed-baotou), in its one town
 * and two streets. Wanshuiquan town's knock drive — 500 cadres, each team an organ staff member
 * with the grid's leader — runs end to end as a campaign; the police station's instructor finds
 * 郝荣, with no identity on record, and his station reunites her with the family who raised her.
 * In Minxin Road street (100 grids, 45 grid workers), Huoju Road's moral bank takes deposits and
 * Shengtang Road's volunteer mediator takes up a quarrel at the 百姓说事点; in Xitu Road street's
 * Fulin Road community a veteran helps an 86-year-old living alone, and staff settle a leak dispute.
 */
export const baotou: Scenario = {
  name: "baotou",
  title: "包头 · 稀土高新区 — 敲门行动, the 百姓说事点, the moral bank",
  source:
    "docs/domain.md#seed-baotou: Wanshuiquan town's knock drive (500+ cadres, 机关工作人员+基层网格长), Minxin Road street (100 grids, 45 workers), the moral bank (道德银行), Fulin Road.",
  district: withMore(
    planDistrict({
      territoryId: "xitu-gaoxin",
      districtName: "稀土高新区",
      streetId: "minxin-road",
      streetName: "民馨路街道",
      communities: [
        { id: MINXIN_COMMUNITIES[0], name: "火炬路社区", grids: GRIDS_PER_COMMUNITY },
        { id: MINXIN_COMMUNITIES[1], name: "盛唐路社区", grids: GRIDS_PER_COMMUNITY },
      ],
      workers: 45,
      // Minxin Road's 20,000 households are the simulation's; the story places only those it visits.
      householdsPerGrid: 0,
      origin: { lat: 40.61, long: 109.83 },
      gridSize: 0.002,
      gridsPerRow: 10,
    }),
    {
      areas: TOWN_AND_XITU,
      departments: [
        { departmentId: "wanshuiquan-police", name: "万水泉派出所 — police station", areaId: "wanshuiquan" },
      ],
      roles: ROLES,
      households: HOUSEHOLDS,
    },
  ),
  // 「今年2月下旬以来」: the drive starts on a Tuesday in late February (2026 assumed).
  start: Date.parse("2026-02-24T09:00:00+08:00"),
  steps: [
    say(
      "Wanshuiquan town's 500 cadres go out in teams: an organ staff member with the grid's leader (敲门行动).",
    ),
    campaign(KNOCK_DRIVE, "wanshuiquan-command", "LaunchCampaign", {
      title: "万水泉镇敲门行动",
      areaId: "wanshuiquan",
      households: BRANCH_COMPANIES.flatMap((branch) =>
        Array.from({ length: HOUSEHOLDS_PER_BRANCH }, (_, h) => ({
          householdId: branchHousehold(branch.id, h + 1),
          areaId: branchGrid(branch.id),
        })),
      ),
    }),
    wait(60),
    ...knocks,
    reportCase(FAMILY, {
      by: INSTRUCTOR,
      source: "visit",
      category: "vulnerablePerson",
      description:
        "居民只做过一次核酸检测，查不到身份信息，18年前离家 — no identity on record, left home 18 years ago",
      gridId: branchGrid("nongye-12"),
    }),
    resident("baotou-hao-rong", "nongye-12-leader", "RegisterResident", {
      householdId: HAO_HOME,
      person: { name: "郝荣（化名）" },
    }),
    ...reportAndDispatch(FAMILY, {
      owner: "nongye-12-leader",
      to: { department: "wanshuiquan-police", handler: INSTRUCTOR },
      acknowledgedAfter: 30,
    }),
    wait(DAY),
    act(FAMILY, INSTRUCTOR, "AddProgressNote", { note: "多方沟通联系，寻找乌拉特中旗的亲人" }),
    wait(DAY),
    act(FAMILY, INSTRUCTOR, "ResolveCase", {
      result:
        "找到养育郝荣的五叔、五婶，视频连线团聚 — the uncle and aunt who raised her found, reunited by video",
    }),
    act(FAMILY, "nongye-12-leader", "VerifyCase", { passed: true }),
    ...closeAndCallBack(FAMILY, "nongye-12-leader", "wanshuiquan-command", "satisfied"),
    campaign(KNOCK_DRIVE, "wanshuiquan-command", "CloseCampaign", { note: "每户都已走访" }),
    say(
      "In Minxin Road street, Huoju Road's moral bank (道德银行): the secretary is its president, grid workers collect deposits.",
    ),
    resident("baotou-liu-liansuo", HUOJU_WORKER, "RegisterResident", {
      householdId: "huoju-road-liu-home",
      person: { name: "刘连锁" },
    }),
    resident("baotou-guo-jinglong", HUOJU_WORKER, "RegisterResident", {
      householdId: "huoju-road-guo-home",
      person: { name: "郭景隆" },
    }),
    // The amounts are 本地设定: the article gives none (docs/domain.md#baotou-17).
    ...["baotou-liu-liansuo", "baotou-guo-jinglong"].map((depositor) =>
      bank(depositor, HUOJU_WORKER, "AwardPoints", {
        awardId: `${depositor}-bins`,
        points: 60,
        act: "environment",
        reason: "自掏腰包制作垃圾桶简易铁架和拉手 — paid for bin frames and handles",
        approvedBy: "huoju-road-head",
      }),
    ),
    bank("baotou-liu-liansuo", HUOJU_WORKER, "AwardPoints", {
      awardId: "liu-homework",
      points: 30,
      act: "helpingNeighbours",
      reason: "帮助有需要的儿童辅导功课 — tutored children who needed it",
      approvedBy: "huoju-road-head",
    }),
    wait(7 * DAY),
    bank(
      "baotou-liu-liansuo",
      HUOJU_WORKER,
      "RedeemPoints",
      { redemptionId: "liu-oil", rewardId: "cooking-oil", quantity: 1 },
      "根据积分多少可以兑换相应的礼品: he takes home a bottle of cooking oil.",
    ),
    say(
      "At Shengtang Road, 韩女士 comes to the 百姓说事点: her husband shouts at her, the neighbours cannot sleep.",
    ),
    resident("baotou-shengtang-han", SHENGTANG_WORKER, "RegisterResident", {
      householdId: "shengtang-road-han-home",
      person: { name: "韩女士" },
    }),
    ...reportAndDispatch(QUARREL, {
      report: {
        by: "li-xifen",
        source: "residentReport",
        category: "neighbourDispute",
        description: "丈夫经常无故大声呵斥，吵骂声扰邻 — shouting at home, neighbours disturbed",
        gridId: "shengtang-road-grid-01",
      },
      owner: "shengtang-road-leader",
      to: { person: SHENGTANG_WORKER },
    }),
    ...[1, 2, 3].flatMap((n) => [
      wait(DAY),
      resident("baotou-shengtang-han", "li-xifen", "RecordVisit", {
        visitId: `li-xifen-mediation-${n}`,
        findings: `义务调解员第${n}次上门劝说、安抚`,
      }),
    ]),
    act(QUARREL, SHENGTANG_WORKER, "AddProgressNote", { note: "邀请律师为他们提供法律援助" }),
    act(QUARREL, SHENGTANG_WORKER, "ResolveCase", { result: "双方达成谅解 — an understanding reached" }),
    act(QUARREL, "li-xifen", "VerifyCase", { passed: true }, "The mediator who brought it confirms it."),
    ...closeAndCallBack(QUARREL, "shengtang-road-leader", "hotline-1", "basicallySatisfied"),
    say("In Xitu Road street's Fulin Road community a veteran helps 耿大娘, 86, who lives alone."),
    resident("fulin-geng", "fulin-road-worker", "RegisterResident", {
      householdId: "fulin-road-geng-home",
      person: { name: "耿大娘" },
    }),
    resident("fulin-geng", "fulin-road-head", "TagResident", { tag: "elderlyAlone", note: "86岁独居" }),
    resident("fulin-veteran-resident", "fulin-road-worker", "RegisterResident", {
      householdId: "fulin-road-veteran-home",
      person: { name: "退伍军人" },
    }),
    resident("fulin-veteran-resident", "fulin-road-head", "TagResident", { tag: "veteran" }),
    resident("fulin-geng", "fulin-veteran", "RecordVisit", {
      visitId: "fulin-veteran-voucher",
      findings: "转送退伍军人服务券；联系家政公司为其打扫卫生",
    }),
    say("Ms Wang and her upstairs neighbour fall out over a leaking pipe; community staff settle it."),
    ...reportAndDispatch(LEAK, {
      report: {
        by: "fulin-wang",
        source: "residentReport",
        category: "neighbourDispute",
        description: "楼上邻居家里管道漏水，产生纠纷 — a leak from upstairs, a dispute",
        gridId: "fulin-road-grid-01",
      },
      owner: "fulin-road-leader",
      to: { person: "fulin-road-worker" },
    }),
    wait(DAY),
    act(LEAK, "fulin-road-worker", "AddProgressNote", { note: "多方联系楼上住户和维修人员，积极协调" }),
    act(LEAK, "fulin-road-worker", "ResolveCase", {
      result: "管道修好，纠纷化解 — pipe mended, dispute settled",
    }),
    act(LEAK, "fulin-wang", "VerifyCase", { passed: true }),
    ...closeAndCallBack(LEAK, "fulin-road-leader", "district-dispatcher", "satisfied"),
  ],
  outcome: {
    [FAMILY]: { status: "closed", level: "grid" },
    [QUARREL]: { status: "closed", level: "grid" },
    [LEAK]: { status: "closed", level: "grid" },
  },
}
