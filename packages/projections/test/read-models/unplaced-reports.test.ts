import { Intake } from "@gridcase/core"
import { describe, expect, it } from "vitest"
import { UnplacedReports } from "../../src/index.ts"
import { at, MONDAY_9AM, projectStorable, query } from "../support/cases.ts"
import { storable } from "../support/domain-events.ts"

const received = (reportId: string, areaId: string, hours: number): Intake.Event => ({
  _tag: "UnplacedReportReceived",
  reportId,
  at: at(hours),
  by: "open311:client",
  areaId,
  source: "residentReport",
  category: "sanitation",
  urgency: "normal",
  description: "垃圾堆放",
  location: { address: "民馨路街道 3 号楼" },
})
const located = (reportId: string, hours: number): Intake.Event => ({
  _tag: "ReportLocated",
  reportId,
  at: at(hours),
  by: "dispatcher-1",
  gridId: "grid-01",
})

const project = (events: ReadonlyArray<Intake.Event>) =>
  projectStorable(
    storable(Intake.eventCodec, (event) => Intake.streamId(event.reportId), events),
    [UnplacedReports.projection],
  )

describe("the queue of unplaced reports (待定位)", () => {
  it("holds each report from receipt until it is located, per area, oldest first", async () => {
    const readModels = await project([
      received("r-2", "street-a", 2),
      received("r-1", "street-a", 1),
      received("r-3", "street-b", 3),
      located("r-2", 4),
    ])
    const waiting = await query(readModels, UnplacedReports.waitingIn(["street-a", "street-b"]))
    expect(waiting.map((report) => report.reportId)).toEqual(["r-1", "r-3"])
    expect(await query(readModels, UnplacedReports.waitingIn(["street-b"]))).toMatchObject([
      { reportId: "r-3", areaId: "street-b", at: at(3), location: { address: "民馨路街道 3 号楼" } },
    ])
    expect(await query(readModels, UnplacedReports.waitingIn([]))).toEqual([])
    expect(await query(readModels, UnplacedReports.one("r-2"))).toBeUndefined()
    expect((await query(readModels, UnplacedReports.one("r-1")))?.at).toBe(MONDAY_9AM + 3_600_000)
  })
})
