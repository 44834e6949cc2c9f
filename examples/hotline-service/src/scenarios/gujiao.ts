import { planDistrict } from "../district/plan-district.ts"
import { act, type Scenario, say, TUESDAY_9H, tick, wait } from "./scenario.ts"

const PIPE = "goudi-water-pipe"

/**
 * Gujiao (古交), Hekou town, Goudi village: on patrol a grid worker hears villagers have no
 * water and phones the grid leader, who walks two kilometres of overgrown mountain path to find
 * the rusted pipe and calls the professionals: fixed in under an hour (网格事网格了).
 */
export const gujiao: Scenario = {
  name: "gujiao",
  title: "古交 · 河口镇沟底村 — a burst pipe found on the mountain and fixed within the hour",
  source: "docs/domain.md#seed-gujiao: Hekou town's grids, 'small grids hear the people' (小网格听民声).",
  district: planDistrict({
    territoryId: "gujiao",
    districtName: "古交市",
    streetId: "hekou",
    streetName: "河口镇",
    communities: [
      { id: "goudi", name: "沟底村", grids: 2 },
      { id: "zhaishang", name: "寨上社区", grids: 2 },
    ],
    workers: 4,
    householdsPerGrid: 0,
    origin: { lat: 37.9, long: 112.17 },
    gridSize: 0.01,
  }),
  start: TUESDAY_9H + 60 * 60_000,
  steps: [
    say(
      "网格员张春燕 (worker-001) hears on patrol that villagers have no water, and phones 网格长闫志平 (goudi-leader).",
    ),
    act(PIPE, "worker-001", "ReportCase", {
      source: "patrol",
      category: "utilities",
      urgency: "urgent",
      description: "村民反映吃水困难，疑似管道破裂 — no drinking water",
      location: { gridId: "goudi-grid-01" },
      level: "grid",
    }),
    act(PIPE, "goudi-leader", "RegisterCase"),
    wait(50),
    say(
      "He follows the pipe up the mountain, nearly two kilometres, and finds the crack in the rusted iron.",
    ),
    act(PIPE, "goudi-leader", "DispatchCase", {
      assignee: { _tag: "department", departmentId: "hekou-water" },
      note: "铁管生锈裂缝，施工难度大，需专业人员 — professionals needed",
    }),
    wait(5),
    act(PIPE, "hekou-water-handler", "AcknowledgeCase"),
    act(PIPE, "hekou-water-handler", "StartHandling"),
    wait(50),
    act(PIPE, "hekou-water-handler", "ResolveCase", {
      result: "不到1小时水管更换完成 — replaced in under an hour",
    }),
    act(PIPE, "worker-001", "VerifyCase", { passed: true }),
    act(PIPE, "goudi-leader", "CloseCase", { satisfaction: "satisfied" }),
    wait(60 * 24 * 3),
    tick("Three days later the deadline process has nothing to escalate: the grid kept its own case."),
  ],
  outcome: { [PIPE]: { status: "closed", level: "grid" } },
}
