import { planDistrict, workerId } from "../district/plan-district.ts"
import {
  act,
  campaign,
  closeAndCallBack,
  reportAndDispatch,
  reportCase,
  resident,
  type Scenario,
  say,
  tick,
  wait,
  withMore,
} from "./scenario.ts"

const PARKING = "nanshan-parking"
const QUARREL = "nanshan-stairwell-quarrel"
const VENDING = "nanshan-vending-rubbish"
/** Nanshan's door-knocking (敲门行动, docs/domain.md#bijie-8). */
export const KNOCKS = "nanshan-knock-2026"
const DAY = 60 * 24

/** Friday 2026-03-13, 17:00 in Shanghai: just before a weekend. */
const FRIDAY_17H = Date.parse("2026-03-13T17:00:00+08:00")

/**
 * The five owners' committees (小区业委会, docs/domain.md#bijie-13). The library's only unit a case
 * can be sent to outside the area tree is a department, and departments sit at a street: each
 * committee is one, at Biyang street, with its chair as its handler.
 */
export const OWNERS_COMMITTEES = Array.from({ length: 5 }, (_, i) => ({
  departmentId: `nanshan-owners-${i + 1}`,
  name: `南山社区第${i + 1}小区业主委员会 — owners' committee`,
  areaId: "biyang",
}))

/** The grid worker of a Nanshan grid: the 19 workers, one per grid, in order. */
const worker = (grid: number) => workerId(grid - 1)
const home = (grid: number, n: number) =>
  `nanshan-grid-${String(grid).padStart(2, "0")}-h${String(n).padStart(3, "0")}`

/** The households knocked on: the first four of grids 3 and 4. */
const KNOCKED = [3, 4].flatMap((grid) => [1, 2, 3, 4].map((n) => ({ grid, householdId: home(grid, n) })))
const LI_HOME = home(3, 1)
const ELDER_HOME = home(4, 2)

/** Basic facts a knock collects (采集居民基本信息); two doors tell more. */
const factsAt = (householdId: string) =>
  householdId === LI_HOME
    ? {
        occupants: 4,
        tenure: "owned",
        mayNeedCare: [],
        note: "宣传《家庭教育促进法》；家有青春期孩子，关注亲子沟通",
      }
    : householdId === ELDER_HOME
      ? { occupants: 1, tenure: "owned", mayNeedCare: ["elderlyAlone"], note: "老人独居，子女在外地" }
      : { occupants: 3, tenure: "rented", mayNeedCare: [] }

/**
 * Bijie (毕节), Qixingguan district, Nanshan community (docs/domain.md#seed-bijie): 18
 * comprehensive grids and one commercial-zone grid, 19 community workers as full-time grid
 * workers, five owners' committees. The grid workers knock on doors (敲门行动): as information
 * collectors they record each household's facts and the special groups, as publicists they
 * explain a law at the door, as mediators they settle a quarrel a knock turned up (信息员、宣传员、
 * 调解员). Parking goes to an owners' committee, which writes it into the owners' covenant.
 */
export const bijie: Scenario = {
  name: "bijie",
  title:
    "毕节 · 南山社区 — 18+1 grids, door-knocking, an owners' covenant, a case the deadline process escalates",
  source:
    "docs/domain.md#seed-bijie (网易号): Nanshan community, Biyang street; 19 grid workers as 信息员、宣传员、调解员; 5 owners' committees.",
  district: withMore(
    planDistrict({
      territoryId: "qixingguan",
      districtName: "七星关区",
      streetId: "biyang",
      streetName: "碧阳街道",
      communities: [{ id: "nanshan", name: "南山社区", grids: 18, dedicated: ["commercialZone"] }],
      workers: 19,
      householdsPerGrid: 4,
      origin: { lat: 27.3, long: 105.28 },
      gridSize: 0.003,
    }),
    {
      departments: OWNERS_COMMITTEES,
      roles: OWNERS_COMMITTEES.map((committee) => ({
        personId: `${committee.departmentId}-chair`,
        role: "departmentHandler" as const,
        departmentId: committee.departmentId,
      })),
    },
  ),
  start: FRIDAY_17H,
  steps: [
    say("The station head sends the grid workers door to door (敲门行动) in grids 3 and 4."),
    campaign(KNOCKS, "nanshan-head", "LaunchCampaign", {
      title: "南山社区敲门行动",
      areaId: "nanshan",
      households: KNOCKED.map(({ grid, householdId }) => ({
        householdId,
        areaId: `nanshan-grid-${String(grid).padStart(2, "0")}`,
      })),
    }),
    ...KNOCKED.flatMap(({ grid, householdId }) => [
      wait(15),
      campaign(
        KNOCKS,
        worker(grid),
        "RecordDoorKnock",
        { householdId, outcome: { _tag: "visited", facts: factsAt(householdId) } },
        householdId === LI_HOME
          ? "“李阿姨，这是最新的《家庭教育促进法》解读手册” — the publicist's hat (宣传员)."
          : undefined,
      ),
    ]),
    campaign(KNOCKS, "nanshan-head", "CloseCampaign", { note: "两个网格的住户全部走访" }),
    say(
      "The knock found an elder living alone: the grid worker registers her and the community tags her (掌握特殊群体情况).",
    ),
    resident("nanshan-elder", worker(4), "RegisterResident", {
      householdId: ELDER_HOME,
      person: { name: "独居老人" },
    }),
    resident("nanshan-elder", "nanshan-leader", "TagResident", {
      tag: "elderlyAlone",
      note: "敲门行动中发现",
    }),
    say("A grid worker (worker-003) reports cars parked all over a compound's lanes."),
    reportCase(PARKING, {
      by: worker(3),
      source: "patrol",
      category: "disorderlyParking",
      description: "小区乱停乱放 — cars parked everywhere",
      gridId: "nanshan-grid-03",
    }),
    say(
      "In the commercial-zone grid (专属网格), rubbish piles up by the vending machines; nobody takes it before the weekend.",
    ),
    reportCase(VENDING, {
      by: worker(19),
      source: "patrol",
      category: "sanitation",
      description: "自动售货机旁垃圾堆积 — rubbish by the vending machines",
      gridId: "nanshan-grid-19",
    }),
    wait(60 * 24 * 2 + 16 * 60 - 8 * 15),
    say("Monday morning: the grid leader sends the parking case to the compound's owners' committee."),
    ...reportAndDispatch(PARKING, {
      owner: "nanshan-leader",
      to: { department: "nanshan-owners-1", handler: "nanshan-owners-1-chair" },
    }),
    say("A neighbours' quarrel a knock turned up: the grid worker mediates (调解员)."),
    ...reportAndDispatch(QUARREL, {
      report: {
        by: worker(3),
        source: "visit",
        category: "neighbourDispute",
        description: "楼道噪音引起邻里争吵 — neighbours quarrel over stairwell noise",
        gridId: "nanshan-grid-03",
      },
      owner: "nanshan-leader",
      to: { person: worker(3) },
    }),
    wait(DAY),
    act(PARKING, "nanshan-owners-1-chair", "ResolveCase", {
      result: "召开业委会，规范停车写入业主公约 — written into the owners' covenant",
    }),
    act(PARKING, worker(3), "VerifyCase", { passed: true }),
    ...closeAndCallBack(PARKING, "nanshan-leader", "hotline-1", "satisfied"),
    act(QUARREL, worker(3), "ResolveCase", {
      result: "上门调解，双方约定作息 — mediated, quiet hours agreed",
    }),
    act(QUARREL, "nanshan-leader", "VerifyCase", { passed: true }),
    ...closeAndCallBack(QUARREL, "nanshan-leader", "hotline-1", "satisfied"),
    wait(DAY),
    tick("Wednesday: the rubbish has sat two working days at the grid — the deadline process passes it up."),
    ...reportAndDispatch(VENDING, {
      owner: "nanshan-head",
      to: { person: worker(19) },
      registered: "The community's station head now owns it.",
    }),
    wait(90),
    act(VENDING, worker(19), "ResolveCase", { result: "清运并增设垃圾桶 — cleared, a bin added" }),
    act(VENDING, "nanshan-leader", "VerifyCase", { passed: true }),
    ...closeAndCallBack(VENDING, "nanshan-head", "hotline-1", "satisfied"),
  ],
  outcome: {
    [PARKING]: { status: "closed", level: "grid" },
    [QUARREL]: { status: "closed", level: "grid" },
    [VENDING]: { status: "closed", level: "community" },
  },
}
