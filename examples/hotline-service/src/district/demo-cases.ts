import { Instant } from "@gridcase/core"
import type { Office } from "../office/office.ts"
import { runStory, type StoryStep, storyLength } from "../stories/story.ts"
import { centreOf, demoPlan } from "./demo-district.ts"

interface DemoCase {
  /** How long ago it was reported. */
  readonly hoursAgo: number
  readonly steps: ReadonlyArray<StoryStep>
}

/**
 * Where the worker stood when reporting (the patrol app records it): a little off the middle
 * of the grid, each case apart, so the dashboard's map shows every case as its own point.
 */
const spotIn = (gridId: string, caseId: string) => {
  const centre = centreOf(demoPlan, gridId)
  const turn = [...caseId].reduce((sum, character) => sum + character.charCodeAt(0), 0)
  return {
    lat: centre.lat + ((turn % 3) - 1) * 0.0011,
    long: centre.long + ((turn % 2) * 2 - 1) * 0.0007,
  }
}

const report = (
  caseId: string,
  by: string,
  gridId: string,
  category: string,
  description: string,
  extra: Record<string, unknown> = {},
): StoryStep => ({
  send: {
    _tag: "ReportCase",
    caseId,
    by,
    source: "patrol",
    category,
    urgency: "normal",
    description,
    location: { gridId, ...spotIn(gridId, caseId) },
    level: "grid",
    ...extra,
  },
})

const step = (caseId: string, by: string, tag: string, fields: Record<string, unknown> = {}): StoryStep => ({
  send: { _tag: tag, caseId, by, ...fields },
})

const wait = (minutes: number): StoryStep => ({ wait: minutes })

/** Dispatch to a person, who accepts and starts: the common middle of the loop. */
const toWorker = (caseId: string, leader: string, worker: string): ReadonlyArray<StoryStep> => [
  step(caseId, leader, "RegisterCase"),
  wait(15),
  step(caseId, leader, "DispatchCase", { assignee: { _tag: "person", personId: worker } }),
  wait(20),
  step(caseId, worker, "AcknowledgeCase"),
  wait(10),
  step(caseId, worker, "StartHandling"),
]

/** The street's 12345 operator, as `planDistrict` names them. */
const HOTLINE = "hotline-1"

const closing = (
  caseId: string,
  worker: string,
  leader: string,
  result: string,
): ReadonlyArray<StoryStep> => [
  step(caseId, worker, "ResolveCase", { result }),
  wait(60),
  // The check (核查) is the grid leader's on site, never the handler's own.
  step(caseId, leader, "VerifyCase", { passed: true }),
  wait(30),
  step(caseId, leader, "CloseCase"),
  wait(60),
  // The call-back (回访) is the 12345 desk's: the reporter's verdict comes with it, not with closing.
  step(caseId, HOTLINE, "FollowUpCase", { satisfaction: "satisfied" }),
]

const HUOJU = "huoju-road-leader"
const SHENGTANG = "shengtang-road-leader"

/**
 * The cases the demo district starts with, in every part of the loop, drawn from the seed
 * stories: a leak between floors, clutter in a stairwell, broken basement pumps left
 * unattended (the deadline process escalates them), a 12345 transfer solved in the grid…
 */
const DEMO_CASES: ReadonlyArray<DemoCase> = [
  {
    hoursAgo: 50,
    steps: [
      report(
        "demo-leak",
        "worker-001",
        "huoju-road-grid-01-m1",
        "neighbourDispute",
        "楼上漏水至楼下卫生间 — leak from the flat above",
      ),
      wait(30),
      ...toWorker("demo-leak", HUOJU, "worker-001"),
      wait(180),
      ...closing("demo-leak", "worker-001", HUOJU, "协调双方，更换防水层 — waterproofing redone"),
    ],
  },
  {
    hoursAgo: 30,
    steps: [
      report(
        "demo-clutter",
        "worker-002",
        "huoju-road-grid-02",
        "commonAreaClutter",
        "楼道堆放杂物 — stairwell blocked",
      ),
      wait(40),
      ...toWorker("demo-clutter", HUOJU, "worker-002"),
      wait(60),
      step("demo-clutter", "worker-002", "AddProgressNote", {
        note: "已通知住户周末清理 — residents asked to clear it",
      }),
    ],
  },
  {
    hoursAgo: 30,
    steps: [
      report(
        "demo-pumps",
        "worker-003",
        "huoju-road-grid-03",
        "safetyHazard",
        "地下车库抽水泵损坏 — basement pumps broken",
        {
          urgency: "urgent",
        },
      ),
    ],
  },
  {
    hoursAgo: 72,
    steps: [
      report(
        "demo-elderly",
        "worker-004",
        "huoju-road-grid-04",
        "vulnerablePerson",
        "独居老人家中电线老化 — old wiring at a lone elder's home",
        {
          source: "visit",
        },
      ),
      wait(60),
      ...toWorker("demo-elderly", HUOJU, "worker-004"),
      wait(600),
      ...closing("demo-elderly", "worker-004", HUOJU, "重新布线，申请补贴 — rewired, subsidy applied for"),
    ],
  },
  {
    hoursAgo: 40,
    steps: [
      report(
        "demo-hotline",
        HOTLINE,
        "shengtang-road-grid-03",
        "policyConsultation",
        "咨询退役军人服务券使用 — veterans' service vouchers",
        {
          source: "hotline",
          hotlineTicketId: "12345-20261124-0311",
        },
      ),
      wait(20),
      ...toWorker("demo-hotline", SHENGTANG, "worker-003"),
      wait(90),
      ...closing("demo-hotline", "worker-003", SHENGTANG, "上门讲解并代为预约 — explained at home"),
      wait(10),
      step("demo-hotline", HOTLINE, "ReportHotlineOutcome", {
        outcome: "网格内办结",
        solvedByGrid: true,
      }),
    ],
  },
  {
    hoursAgo: 20,
    steps: [
      report(
        "demo-heating",
        "worker-002",
        "shengtang-road-grid-02",
        "utilities",
        "暖气不热 — radiators cold in building 3",
      ),
      wait(30),
      step("demo-heating", SHENGTANG, "RegisterCase"),
      wait(10),
      step("demo-heating", SHENGTANG, "DispatchCase", {
        assignee: { _tag: "department", departmentId: "minxin-road-housing" },
      }),
      wait(45),
      step("demo-heating", "minxin-road-housing-handler", "AcknowledgeCase"),
    ],
  },
  {
    hoursAgo: 8,
    steps: [
      report(
        "demo-rubbish",
        "worker-004",
        "shengtang-road-grid-04",
        "sanitation",
        "商圈垃圾外溢 — bins overflowing in the shopping street",
      ),
      wait(20),
      ...toWorker("demo-rubbish", SHENGTANG, "worker-004"),
      wait(120),
      step("demo-rubbish", "worker-004", "ResolveCase", { result: "已清运 — cleared" }),
    ],
  },
  {
    hoursAgo: 6,
    steps: [
      report(
        "demo-noise",
        "worker-001",
        "shengtang-road-grid-01",
        "complaint",
        "夜间装修噪音扰民 — renovation noise at night",
      ),
      wait(30),
      step("demo-noise", SHENGTANG, "RegisterCase"),
    ],
  },
]

/** Plays the demo cases, each starting as long ago as it says, through the office's command path. */
export const seedDemoCases = async (office: Office): Promise<number> => {
  const now = office.now()
  for (const demo of DEMO_CASES) {
    const start = now - demo.hoursAgo * Instant.HOUR
    if (start + storyLength(demo.steps) > now) throw new Error("a demo case would end in the future")
    await runStory(office, demo.steps, { start })
  }
  return DEMO_CASES.length
}
