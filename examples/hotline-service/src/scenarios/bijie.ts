import { planDistrict } from "../district/plan-district.ts"
import { act, type Scenario, say, tick, wait } from "./scenario.ts"

const PARKING = "nanshan-parking"
const VENDING = "nanshan-vending-rubbish"

/** Friday 2026-03-13, 17:00 in Shanghai: just before a weekend. */
const FRIDAY_17H = Date.parse("2026-03-13T17:00:00+08:00")

/**
 * Bijie (毕节), Qixingguan district, Nanshan community: 18 comprehensive grids and one
 * commercial-zone grid, 19 community workers as full-time grid workers, five owners' committees.
 * Parking gets written into an owners' compact; rubbish by the vending machines in the
 * commercial grid is left over a weekend, and the deadline process hands it to the community.
 */
export const bijie: Scenario = {
  name: "bijie",
  title: "毕节 · 南山社区 — 18+1 grids: an owners' compact, and a case the deadline process escalates",
  source: "docs/domain.md#seed-bijie (网易号): Nanshan community, Biyang street; 信息员、宣传员、调解员.",
  district: planDistrict({
    territoryId: "qixingguan",
    districtName: "七星关区",
    streetId: "biyang",
    streetName: "碧阳街道",
    communities: [{ id: "nanshan", name: "南山社区", grids: 18, dedicated: ["commercialZone"] }],
    workers: 19,
    householdsPerGrid: 0,
    origin: { lat: 27.3, long: 105.28 },
    gridSize: 0.003,
  }),
  start: FRIDAY_17H,
  steps: [
    say("A grid worker (worker-003) reports cars parked all over a compound's lanes."),
    act(PARKING, "worker-003", "ReportCase", {
      source: "patrol",
      category: "commonAreaClutter",
      urgency: "normal",
      description: "小区乱停乱放 — cars parked everywhere",
      location: { gridId: "nanshan-grid-03" },
      level: "grid",
    }),
    say(
      "In the commercial-zone grid (专属网格), rubbish piles up by the vending machines; nobody takes it before the weekend.",
    ),
    act(VENDING, "worker-019", "ReportCase", {
      source: "patrol",
      category: "sanitation",
      urgency: "normal",
      description: "自动售货机旁垃圾堆积 — rubbish by the vending machines",
      location: { gridId: "nanshan-grid-19" },
      level: "grid",
    }),
    wait(60 * 24 * 2 + 16 * 60),
    say("Monday morning: the grid leader takes up the parking case; the rubbish is forgotten."),
    act(PARKING, "nanshan-leader", "RegisterCase"),
    act(PARKING, "nanshan-leader", "DispatchCase", { assignee: { _tag: "person", personId: "worker-003" } }),
    act(PARKING, "worker-003", "AcknowledgeCase"),
    act(PARKING, "worker-003", "StartHandling"),
    wait(60 * 24),
    act(PARKING, "worker-003", "ResolveCase", {
      result: "召开业委会，规范停车写入业主公约 — written into the owners' compact",
    }),
    act(
      PARKING,
      "nanshan-leader",
      "VerifyCase",
      { passed: true },
      "The grid leader checks it on site: never the handler.",
    ),
    act(PARKING, "nanshan-leader", "CloseCase", { satisfaction: "satisfied" }),
    wait(60 * 24),
    tick("Wednesday: the rubbish has sat two working days at the grid — the deadline process passes it up."),
    act(VENDING, "nanshan-head", "RegisterCase", {}, "The community's station head now owns it."),
    act(VENDING, "nanshan-head", "DispatchCase", { assignee: { _tag: "person", personId: "worker-019" } }),
    act(VENDING, "worker-019", "AcknowledgeCase"),
    act(VENDING, "worker-019", "StartHandling"),
    wait(90),
    act(VENDING, "worker-019", "ResolveCase", { result: "清运并增设垃圾桶 — cleared, a bin added" }),
    act(VENDING, "nanshan-head", "VerifyCase", { passed: true }),
    act(VENDING, "nanshan-head", "CloseCase", { satisfaction: "satisfied" }),
  ],
  outcome: {
    [PARKING]: { status: "closed", level: "grid" },
    [VENDING]: { status: "closed", level: "community" },
  },
}
