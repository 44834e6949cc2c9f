import { Instant, Intake } from "@gridcase/core"
import type { Exploration } from "./explore.ts"

/** Tuesday 2026-03-10 09:30 in Shanghai. */
const START = Date.UTC(2026, 2, 10, 1, 30)
const REPORT = "report-1"

type Examples = { readonly [T in Intake.CommandTag]: (s: Intake.State) => ReadonlyArray<Intake.CommandOf<T>> }

const at = (s: Intake.State) => (s.exists ? s.lastAt + Instant.MINUTE : START)

/** Example commands, one entry per command so that a new command fails to typecheck here until it has examples. */
const EXAMPLES: Examples = {
  ReceiveUnplacedReport: (s) => [
    {
      _tag: "ReceiveUnplacedReport",
      reportId: REPORT,
      at: at(s),
      by: "open311:client",
      areaId: "district-1",
      source: "residentReport",
      category: "sanitation",
      urgency: "normal",
      description: "垃圾堆放",
      location: { address: "民馨路街道 3 号楼" },
    },
  ],
  LocateReport: (s) => [
    { _tag: "LocateReport", reportId: REPORT, at: at(s), by: "dispatcher-1", gridId: "grid-1" },
  ],
}

/** A report no grid matched (待定位), from receipt until a dispatcher places it. */
export const intakeExploration: Exploration<Intake.Command, Intake.Event, Intake.State> = {
  decider: Intake.makeDecider(),
  statusOf: (s) => (!s.exists ? "none" : s.located === undefined ? "waiting" : "located"),
  keyOf: (s) => (!s.exists ? "none" : s.located === undefined ? "waiting" : "located"),
  examples: (s) =>
    (Object.values(EXAMPLES) as ReadonlyArray<(s: Intake.State) => ReadonlyArray<Intake.Command>>).flatMap(
      (make) => make(s),
    ),
  statusOrder: ["none", "waiting", "located"],
}
