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

  it("shows a supervision notice (督办) with its reason and responder, its answer, and a step's reminder (催办)", async () => {
    const wang = { _tag: "person", personId: "grid-worker-wang" } as const
    const history = eventsOf([
      report("c1", 0),
      command("RegisterCase", "c1", 0.2, {}),
      command("DispatchCase", "c1", 0.4, { assignee: wang }),
      command("SuperviseCase", "c1", 5, {
        reason: "overdue",
        note: "未签收 — not taken",
        by: "supervisor-chen",
      }),
      command("AnswerSupervision", "c1", 6, { note: "今日签收 — taking it today", by: "grid-worker-wang" }),
      command("RemindCase", "c1", 24, { step: "acknowledge", note: "催办通知书", by: "system:deadlines" }),
    ])
    const readModels = await projectHistory(history, [CaseTimeline.projection])
    const timeline = await query(readModels, CaseTimeline.of("c1"))
    expect(timeline.entries.slice(-3).map((entry) => entry.event)).toMatchObject([
      { _tag: "CaseSupervised", reason: "overdue", responder: wang, by: "supervisor-chen" },
      { _tag: "SupervisionAnswered", by: "grid-worker-wang" },
      { _tag: "CaseReminded", step: "acknowledge", by: "system:deadlines" },
    ])
  })

  it("is empty for a case nobody reported", async () => {
    const readModels = await projectHistory(eventsOf([report("c1", 0)]), [CaseTimeline.projection])
    expect(await query(readModels, CaseTimeline.of("nobody"))).toEqual({ caseId: "nobody", entries: [] })
  })
})
