import { planDistrict } from "../district/plan-district.ts"
import { act, closeAndCallBack, reportCase, type Scenario, say, wait, withMore } from "./scenario.ts"

const GAS = "tianhong-gas-904"
const PUMPS = "tianhong-basement-pumps"

/**
 * Tianhong's grids. The article gives no number of grids or micro-grids: three grids of four
 * micro-grids are the story's assumption, and the test asserts the organisation of each grid,
 * not the counts.
 */
export const TIANHONG_GRIDS = ["tianhong-grid-01", "tianhong-grid-02", "tianhong-grid-03"] as const
/** 于志峰, micro-grid worker of the third micro-grid of grid 2 (docs/domain.md#nantong-1). */
export const YU_ZHIFENG = "tianhong-grid-02-m3-worker"
/** The compound's property company (小区物业公司, docs/domain.md#nantong-13), a unit the community can send work to. */
export const PROPERTY_COMPANY = "tianhong-property"

/**
 * Nantong (南通), Tongzhou district, Tianhong community: "精网微格" (docs/domain.md#seed-nantong).
 * Each grid is organised as 「网格长+党小组长+微网格员+N名志愿者」. A micro-grid worker on his
 * daily round hears a child crying and smells burning, and has the gas turned off before anything
 * happens; broken basement pumps climb from the grid leader to the community party branch (the
 * community level's owner, `tianhong-head`: the branch is not a role of its own), which consults the grid's people and the property company and brings in the
 * departments — the urgent parts are fixed, the rest is parked until a tender (挂账).
 */
export const nantong: Scenario = {
  name: "nantong",
  title: "南通 · 天虹社区 — 精网微格: gas left on, and basement pumps that wait for a tender",
  source:
    "docs/domain.md#seed-nantong (江苏苏讯网): Tianhong community, Jinsha street; 网格长 + 党小组长 + 微网格员 + N名志愿者.",
  district: withMore(
    planDistrict({
      territoryId: "tongzhou",
      districtName: "通州区",
      streetId: "jinsha",
      streetName: "金沙街道",
      communities: [{ id: "tianhong", name: "天虹社区", grids: TIANHONG_GRIDS.length, microGridsPerGrid: 4 }],
      workers: 3,
      householdsPerGrid: 0,
      origin: { lat: 32.06, long: 121.07 },
      gridSize: 0.004,
    }),
    {
      departments: [
        { departmentId: PROPERTY_COMPANY, name: "天虹苑物业公司 — property company", areaId: "jinsha" },
      ],
      roles: [
        ...TIANHONG_GRIDS.flatMap((grid) => [
          { personId: `${grid}-party-group-leader`, role: "partyGroupLeader" as const, areaId: grid },
          // 「N名志愿者」: two per grid in the story.
          { personId: `${grid}-volunteer-1`, role: "volunteer" as const, areaId: grid },
          { personId: `${grid}-volunteer-2`, role: "volunteer" as const, areaId: grid },
        ]),
        {
          personId: `${PROPERTY_COMPANY}-manager`,
          role: "departmentHandler" as const,
          departmentId: PROPERTY_COMPANY,
        },
      ],
    },
  ),
  // 「11月9日…上午10點多」: 2026 is assumed (the article gives no year).
  start: Date.parse("2026-11-09T10:10:00+08:00"),
  steps: [
    say("微网格员于志峰, on his daily round, hears a child crying at 天虹苑12号楼904 and smells burning."),
    act(
      GAS,
      YU_ZHIFENG,
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
    reportCase(PUMPS, {
      by: "tianhong-leader",
      source: "patrol",
      category: "safetyHazard",
      description:
        "地库和人防抽水泵年久失修，不能正常使用；居民担心大雨地库淹水、电梯设备损坏 — pumps broken",
      gridId: "tianhong-grid-01",
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
    act(
      PUMPS,
      "tianhong-head",
      "DispatchCase",
      {
        assignee: { _tag: "department", departmentId: "jinsha-housing" },
        note: "经网格长、微网格员、党小组长、物业及相关部门协商，协调相关部门对明显的安全隐患部位进行维修更换",
      },
      "The party branch consults the grid's people and the property company, then sends it to the department.",
    ),
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
    act(PUMPS, "jinsha-housing-handler", "ResolveCase", {
      result: "全部水泵统一更换完成 — all pumps replaced",
    }),
    act(PUMPS, "worker-001", "VerifyCase", { passed: true }),
    ...closeAndCallBack(PUMPS, "tianhong-head", "hotline-1", "satisfied"),
  ],
  outcome: {
    [GAS]: { status: "closed", level: "microGrid" },
    [PUMPS]: { status: "closed", level: "community" },
  },
}
