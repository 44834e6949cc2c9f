import { planDistrict } from "../district/plan-district.ts"
import {
  act,
  campaign,
  closeAndCallBack,
  reportAndDispatch,
  reportCase,
  resident,
  type Scenario,
  say,
  TUESDAY_9H,
  tick,
  wait,
  withMore,
} from "./scenario.ts"

const PIPE = "goudi-water-pipe"
const TESTING_QUEUE = "zhaishang-testing-queue"
/** The civilised-city questionnaire round (创建全国文明城市调查问卷, docs/domain.md#gujiao-1). */
export const QUESTIONNAIRE = "hekou-civilised-city-2026"
/** The town's communities and villages, two grids each (assumed: the article gives no count). */
export const HEKOU_COMMUNITIES = ["goudi", "zhaishang"] as const
const GRIDS = HEKOU_COMMUNITIES.flatMap((community) => [`${community}-grid-01`, `${community}-grid-02`])
const HOUSEHOLDS_PER_GRID = 3
const household = (grid: string, n: number) => `${grid}-h${String(n).padStart(3, "0")}`
/** Zhaishang's left-behind elders the grid worker looks after (docs/domain.md#gujiao-14), in its first grid. */
export const ZHAISHANG_ELDERS = ["zhaishang-elder-1", "zhaishang-elder-2", "zhaishang-elder-3"] as const
/** The town's grid volunteers at the testing points (docs/domain.md#gujiao-22), one per community. */
const VOLUNTEERS = HEKOU_COMMUNITIES.map((community) => `${community}-grid-volunteer`)

/** The grid worker of each grid: the four workers, one per grid in order. */
const workerOf = (grid: string) => `worker-00${GRIDS.indexOf(grid) + 1}`

/**
 * Gujiao (古交), Hekou town (docs/domain.md#seed-gujiao). The grid workers go house to house with
 * the civilised-city questionnaire (a campaign); in Goudi village a grid worker hears on patrol
 * that villagers have no water and phones the grid leader, who follows the pipe nearly two
 * kilometres up the mountain and calls the professionals: fixed in under an hour (网格事网格了).
 * In Zhaishang community, mostly left-behind elders, the grid worker takes their blood pressure
 * on visits; at the testing point the queue and the registration are sorted out.
 */
export const gujiao: Scenario = {
  name: "gujiao",
  title: "古交 · 河口镇 — a burst pipe fixed within the hour, the questionnaire, Zhaishang's elders",
  source:
    "docs/domain.md#seed-gujiao: Hekou town's grids — 小网格听民声 (Goudi's pipe), 暖民心 (Zhaishang's elders), 解民忧 (epidemic duties); the civilised-city questionnaire.",
  district: withMore(
    planDistrict({
      territoryId: "gujiao",
      districtName: "古交市",
      streetId: "hekou",
      streetName: "河口镇",
      communities: [
        { id: "goudi", name: "沟底村", grids: 2 },
        { id: "zhaishang", name: "寨上社区", grids: 2 },
      ],
      workers: 4,
      householdsPerGrid: HOUSEHOLDS_PER_GRID,
      origin: { lat: 37.9, long: 112.17 },
      gridSize: 0.01,
    }),
    {
      roles: VOLUNTEERS.map((personId, i) => ({
        personId,
        role: "volunteer" as const,
        areaId: HEKOU_COMMUNITIES[i]!,
      })),
    },
  ),
  start: TUESDAY_9H + 60 * 60_000,
  steps: [
    say(
      "The town's grid workers take the civilised-city questionnaire door to door (知晓率、支持率、满意率).",
    ),
    campaign(QUESTIONNAIRE, "dispatcher-1", "LaunchCampaign", {
      title: "河口镇创建全国文明城市调查问卷",
      areaId: "hekou",
      households: GRIDS.flatMap((grid) =>
        Array.from({ length: HOUSEHOLDS_PER_GRID }, (_, h) => ({
          householdId: household(grid, h + 1),
          areaId: grid,
        })),
      ),
    }),
    say(
      "网格员张春燕 (worker-001) hears on patrol that villagers have no water, and phones 网格长闫志平 (goudi-leader).",
    ),
    reportCase(PIPE, {
      by: "worker-001",
      source: "patrol",
      category: "utilities",
      description: "村民反映吃水遇到问题，不知道哪儿的管道破裂了 — no drinking water, a pipe burst somewhere",
      gridId: "goudi-grid-01",
      extra: { urgency: "urgent" },
    }),
    act(PIPE, "goudi-leader", "RegisterCase"),
    wait(50),
    say(
      "He takes the village cadres along the pipe, up and down the mountain, nearly two kilometres, and finds the crack in the rusted iron.",
    ),
    act(PIPE, "goudi-leader", "DispatchCase", {
      assignee: { _tag: "department", departmentId: "hekou-water" },
      note: "沿水管爬了将近2公里山路，铁管生锈造成裂缝，施工难度大，需专业人员 — nearly 2 km of path, professionals needed",
    }),
    wait(5),
    act(PIPE, "hekou-water-handler", "AcknowledgeCase"),
    act(PIPE, "hekou-water-handler", "StartHandling"),
    wait(50),
    act(PIPE, "hekou-water-handler", "ResolveCase", {
      result: "不到1小时水管更换完成，解决了村民的吃水问题 — replaced in under an hour",
    }),
    act(PIPE, "worker-001", "VerifyCase", { passed: true }),
    ...closeAndCallBack(PIPE, "goudi-leader", "hotline-1", "satisfied"),
    ...GRIDS.flatMap((grid) =>
      Array.from({ length: HOUSEHOLDS_PER_GRID }, (_, h) => [
        wait(20),
        campaign(QUESTIONNAIRE, workerOf(grid), "RecordDoorKnock", {
          householdId: household(grid, h + 1),
          outcome: {
            _tag: "visited",
            facts: { occupants: 2, tenure: "owned", mayNeedCare: [], note: "完成创城调查问卷" },
          },
        }),
      ]).flat(),
    ),
    campaign(QUESTIONNAIRE, "dispatcher-1", "CloseCampaign", { note: "问卷全部完成" }),
    say(
      "In Zhaishang, mostly left-behind elders: the grid worker registers them and takes their blood pressure.",
    ),
    ...ZHAISHANG_ELDERS.flatMap((residentId, i) => [
      resident(residentId, workerOf("zhaishang-grid-01"), "RegisterResident", {
        householdId: household("zhaishang-grid-01", i + 1),
        person: { name: `寨上老人${i + 1}` },
      }),
      resident(residentId, "zhaishang-leader", "TagResident", {
        tag: "emptyNestElderly",
        note: "留守老人，子女在外",
      }),
      resident(residentId, workerOf("zhaishang-grid-01"), "RecordVisit", {
        visitId: `${residentId}-blood-pressure`,
        findings: "在专业医生指导下免费测血压、讲解正确饮食，示范养生保健操",
      }),
    ]),
    say(
      "At Zhaishang's testing point, a grid volunteer reports long queues and slow registration (疫情防控).",
    ),
    ...reportAndDispatch(TESTING_QUEUE, {
      report: {
        by: "zhaishang-grid-volunteer",
        source: "residentReport",
        category: "epidemic",
        description: "检测点排队难、登记难、等待时间长 — long queues, slow registration",
        gridId: "zhaishang-grid-01",
      },
      owner: "zhaishang-leader",
      to: { person: workerOf("zhaishang-grid-01") },
    }),
    wait(120),
    act(TESTING_QUEUE, workerOf("zhaishang-grid-01"), "ResolveCase", {
      result:
        "在等候区协助提前做好检疫信息登记，引导居民保持一米距离 — registration ahead of the queue, one metre apart",
    }),
    act(TESTING_QUEUE, "zhaishang-leader", "VerifyCase", { passed: true }),
    ...closeAndCallBack(TESTING_QUEUE, "zhaishang-leader", "hotline-1", "satisfied"),
    wait(60 * 24 * 3),
    tick("Three days later the deadline process has nothing to escalate: the grids kept their own cases."),
  ],
  outcome: {
    [PIPE]: { status: "closed", level: "grid" },
    [TESTING_QUEUE]: { status: "closed", level: "grid" },
  },
}
