import { describe, expect, it } from "vitest"
import { CaseTimeline } from "../../src/index.ts"
import { command, eventsOf, fullLoop, projectHistory, query, report } from "../support/cases.ts"

describe("a case's timeline", () => {
  it("holds every event of the case, oldest first, with its position and recording time", async () => {
    const history = eventsOf([
      report("c1", 0),
      report("c2", 1),
      ...fullLoop("c1", 2),
      command("RegisterCase", "c2", 9, {}),
    ])
    const readModels = await projectHistory(history, [CaseTimeline.projection])
    const timeline = await query(readModels, CaseTimeline.of("c1"))
    const ofC1 = history.filter((event) => event.caseId === "c1")
    expect(timeline.caseId).toBe("c1")
    expect(timeline.entries.map((entry) => entry.event)).toEqual(ofC1)
    expect(timeline.entries.map((entry) => entry.position)).toEqual([1, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(timeline.entries.map((entry) => entry.recordedAt)).toEqual(ofC1.map((event) => event.at))
  })

  it("is empty for a case nobody reported", async () => {
    const readModels = await projectHistory(eventsOf([report("c1", 0)]), [CaseTimeline.projection])
    expect(await query(readModels, CaseTimeline.of("nobody"))).toEqual({ caseId: "nobody", entries: [] })
  })
})
