import { describe, expect, it } from "vitest"
import { CaseFlow } from "../../src/index.ts"
import { at, command, eventsOf, fullLoop, projectHistory, query, report } from "../support/cases.ts"
import { areaTree } from "../support/residents.ts"

// Monday 2 March 2026 09:00 in Shanghai is at(0); Tuesday is at(24), Wednesday at(48).
const history = eventsOf([
  // Reported and closed on Monday.
  report("monday", 0),
  ...fullLoop("monday", 1),
  // Reported on Monday at 23:30 in grid-b, closed on Tuesday.
  report("late-monday", 14.5, { location: { gridId: "grid-b" } }),
  ...fullLoop("late-monday", 24),
  // Reported on Tuesday, escalated by the deadline process to the community, then asked up to
  // the street; still open.
  report("escalated", 25),
  command("EscalateCase", "escalated", 80, { fromLevel: "grid", reason: "overdue", by: "system:deadlines" }),
  command("EscalateCase", "escalated", 81, { fromLevel: "community", reason: "requested" }),
  // Reported on Wednesday in grid-b, closed unsatisfied and reopened: no closure counts.
  report("reopened", 48, { location: { gridId: "grid-b" } }),
  ...fullLoop("reopened", 49, { satisfaction: "unsatisfied" }),
  command("ReopenCase", "reopened", 56, { reason: "漏水依旧 — still leaking" }),
  // Escalated on request by its grid worker on Wednesday.
  report("asked-up", 49, { location: { gridId: "grid-b" } }),
  command("EscalateCase", "asked-up", 50, { fromLevel: "grid", reason: "requested" }),
])

/** grid-a and grid-b in two communities of one street. */
const territory = areaTree([
  ["kunqu", "district"],
  ["street", "street", "kunqu"],
  ["east", "community", "street"],
  ["west", "community", "street"],
  ["grid-a", "grid", "east"],
  ["grid-b", "grid", "west"],
])

describe("the flow of cases (案件流转)", () => {
  it("counts reports and closures per Shanghai day, zeros included, a reopened case not closed", async () => {
    const readModels = await projectHistory(history, [CaseFlow.projection])
    expect(await query(readModels, CaseFlow.daily({ from: at(0), to: at(72) }))).toEqual([
      { day: "2026-03-02", reported: 2, closed: 1 },
      { day: "2026-03-03", reported: 1, closed: 1 },
      { day: "2026-03-04", reported: 2, closed: 0 },
      { day: "2026-03-05", reported: 0, closed: 0 },
    ])
    expect(
      await query(
        readModels,
        CaseFlow.daily({ from: at(0), to: at(48), within: { territory, areaId: "west" } }),
      ),
    ).toEqual([
      { day: "2026-03-02", reported: 1, closed: 0 },
      { day: "2026-03-03", reported: 0, closed: 1 },
      { day: "2026-03-04", reported: 2, closed: 0 },
    ])
  })

  it("counts escalations by the level reached and their reason, with the cases they concern", async () => {
    const readModels = await projectHistory(history, [CaseFlow.projection])
    expect(await query(readModels, CaseFlow.escalations())).toEqual([
      { level: "community", reason: "overdue", escalations: 1, cases: 1 },
      { level: "community", reason: "requested", escalations: 1, cases: 1 },
      { level: "street", reason: "requested", escalations: 1, cases: 1 },
    ])
    expect(await query(readModels, CaseFlow.escalations({ territory, areaId: "east" }))).toEqual([
      { level: "community", reason: "overdue", escalations: 1, cases: 1 },
      { level: "street", reason: "requested", escalations: 1, cases: 1 },
    ])
  })

  it("lists the days between two instants in Shanghai time", () => {
    // 15:59 UTC on 1 March is 23:59 in Shanghai; 16:00 UTC on 3 March is midnight starting the 4th.
    expect(CaseFlow.daysBetween(Date.UTC(2026, 2, 1, 15, 59), Date.UTC(2026, 2, 3, 16, 0))).toEqual([
      "2026-03-01",
      "2026-03-02",
      "2026-03-03",
      "2026-03-04",
    ])
  })
})
