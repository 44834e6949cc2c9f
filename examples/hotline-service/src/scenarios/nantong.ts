import { planDistrict } from "../district/plan-district.ts"
import { act, type Scenario, say, TUESDAY_9H, wait } from "./scenario.ts"

const GAS = "tianhong-gas-904"
const PUMPS = "tianhong-basement-pumps"

/**
 * Nantong (南通), Tongzhou district, Tianhong community: "精网微格". A micro-grid worker hears a
 * child crying and smells burning, and has the gas turned off before anything happens; broken
 * basement pumps climb from the grid leader to the community party branch, which brings in the
 * departments — the urgent parts are fixed, the rest is parked until a tender (挂账).
 */
export const nantong: Scenario = {
  name: "nantong",
  title: "南通 · 天虹社区 — 精网微格: gas left on, and basement pumps that wait for a tender",
  source:
    "docs/domain.md#seed-nantong (江苏苏讯网): Tianhong community, Jinsha street; 网格长 + 党小组长 + 微网格员 + N名志愿者.",
  district: planDistrict({
    territoryId: "tongzhou",
    districtName: "通州区",
    streetId: "jinsha",
    streetName: "金沙街道",
    communities: [{ id: "tianhong", name: "天虹社区", grids: 3, microGridsPerGrid: 4 }],
    workers: 3,
    householdsPerGrid: 0,
    origin: { lat: 32.06, long: 121.07 },
    gridSize: 0.004,
  }),
  start: TUESDAY_9H + 70 * 60_000,
  steps: [
    say(
      "微网格员于志峰 (tianhong-grid-02-m3-worker), on his round, hears a child crying at 天虹苑12号楼904 and smells burning.",
    ),
    act(
      GAS,
      "tianhong-grid-02-m3-worker",
      "RecordSelfHandledCase",
      {
        source: "microGridReport",
        category: "safetyHazard",
        urgency: "urgent",
        description: "904室孩童被关在家中，燃气未关，有烧焦味 — child alone, gas left on",
        location: { gridId: "tianhong-grid-02-m3", address: "天虹苑12号楼904室" },
        level: "microGrid",
        result: "电话联系业主立即回家关闭燃气 — the owner came straight home and turned it off",
      },
      "Handled on the spot (自处理); the community checks it afterwards.",
    ),
    wait(240),
    act(GAS, "tianhong-head", "AuditSelfHandledCase", { passed: true, note: "避免了一起安全事故" }),
    say(
      "On patrol, the grid leader finds the basement and shelter pumps broken: residents fear the car park will flood.",
    ),
    act(PUMPS, "tianhong-leader", "ReportCase", {
      source: "patrol",
      category: "safetyHazard",
      urgency: "normal",
      description: "地库和人防抽水泵年久失修，不能正常使用 — pumps broken",
      location: { gridId: "tianhong-grid-01" },
      level: "grid",
    }),
    act(PUMPS, "tianhong-leader", "RegisterCase"),
    wait(60),
    act(
      PUMPS,
      "tianhong-leader",
      "EscalateCase",
      { fromLevel: "grid", reason: "requested" },
      "能解决的及时解决，不能解决的上报社区党总支.",
    ),
    act(PUMPS, "tianhong-head", "DispatchCase", {
      assignee: { _tag: "department", departmentId: "jinsha-housing" },
      note: "协调物业及相关部门",
    }),
    wait(120),
    act(PUMPS, "jinsha-housing-handler", "AcknowledgeCase"),
    act(PUMPS, "jinsha-housing-handler", "StartHandling"),
    wait(60 * 24),
    act(PUMPS, "jinsha-housing-handler", "AddProgressNote", {
      note: "明显隐患部位已维修更换 — the worst parts replaced",
    }),
    act(PUMPS, "jinsha-housing-handler", "RequestShelve", {
      reason: "其余部位待招标后统一更换 — the rest after a tender",
    }),
    act(
      PUMPS,
      "tianhong-head",
      "ApproveRequest",
      { kind: "shelve" },
      "Parked (挂账): no deadline runs while the tender is out.",
    ),
    wait(60 * 24 * 30),
    act(PUMPS, "tianhong-head", "RestoreCase", { note: "招标完成 — tender awarded" }),
    wait(60 * 24 * 2),
    act(PUMPS, "jinsha-housing-handler", "ResolveCase", { result: "全部水泵更换完成 — all pumps replaced" }),
    act(PUMPS, "worker-001", "VerifyCase", { passed: true }),
    act(PUMPS, "tianhong-head", "CloseCase", { satisfaction: "satisfied" }),
  ],
  outcome: {
    [GAS]: { status: "closed", level: "microGrid" },
    [PUMPS]: { status: "closed", level: "community" },
  },
}
