import { makeMemoryEventStore } from "@gridcase/adapters/memory"
import { describe, expect, it } from "vitest"
import { BusinessClock, Gridcase, Instant } from "../../src/index.ts"

/** 2026-03-10 (a Tuesday, a working day) at 10:00 in Shanghai. */
const TUESDAY_10H = Date.UTC(2026, 2, 10, 2, 0)

const deskAt = (start: number) => {
  const clock = BusinessClock.makeFixed(start)
  const desk = Gridcase.make({ store: makeMemoryEventStore(), clock })
  /** Sends a command stamped with the clock's time, then lets `minutes` pass. */
  const step = async (command: Record<string, unknown>, minutes = 1) => {
    const handled = await desk.cases.send({ ...command, at: clock.now() })
    clock.advance(minutes * Instant.MINUTE)
    return handled
  }
  return { clock, desk, step }
}

describe("seed stories", () => {
  it("Tianhong: gas left on — the micro-grid worker reports to the grid leader, who solves it in the grid", async () => {
    const { desk, step } = deskAt(TUESDAY_10H)
    const caseId = "tianhong-gas"
    const ids = { caseId }
    await step({
      _tag: "ReportCase",
      ...ids,
      by: "micro-grid-worker-wang",
      source: "microGridReport",
      category: "safetyHazard",
      urgency: "urgent",
      description: "燃气灶未关，屋内有燃气味 — gas smell, stove left on, resident away",
      location: { gridId: "tianhong-grid-03", address: "Tianhong community, building 5, unit 2" },
      level: "microGrid",
    })
    await step({
      _tag: "EscalateCase",
      ...ids,
      by: "micro-grid-worker-wang",
      fromLevel: "microGrid",
      reason: "requested",
    })
    await step({ _tag: "RegisterCase", ...ids, by: "grid-leader-li" })
    await step({
      _tag: "DispatchCase",
      ...ids,
      by: "grid-leader-li",
      assignee: { _tag: "person", personId: "grid-leader-li" },
    })
    await step({ _tag: "AcknowledgeCase", ...ids, by: "grid-leader-li" })
    await step({ _tag: "StartHandling", ...ids, by: "grid-leader-li" })
    await step(
      {
        _tag: "ResolveCase",
        ...ids,
        by: "grid-leader-li",
        result: "联系住户回家关阀，开窗通风 — valve closed",
      },
      30,
    )
    await step({ _tag: "VerifyCase", ...ids, by: "micro-grid-worker-wang", passed: true })
    await step({ _tag: "CloseCase", ...ids, by: "grid-leader-li" })
    // 回访: the call-back after closing brings the resident's verdict.
    const closed = await step({
      _tag: "FollowUpCase",
      ...ids,
      by: "hotline-operator-zhao",
      satisfaction: "satisfied",
    })

    expect(closed.state).toMatchObject({
      status: "closed",
      level: "grid",
      escalations: 1,
      satisfaction: "satisfied",
    })
    const timeline = (await desk.cases.history(caseId)).map((e) => e.type)
    expect(timeline).toEqual([
      "CaseReported",
      "CaseEscalated",
      "CaseRegistered",
      "CaseDispatched",
      "CaseAcknowledged",
      "HandlingStarted",
      "CaseResolved",
      "VerificationPassed",
      "CaseClosed",
      "CaseFollowedUp",
    ])
    // Handled in the grid: nothing overdue, nothing escalated further by the deadline process.
    expect((await desk.tick()).escalated).toEqual([])
    await desk.dispose()
  })

  it("Hekou: a broken water pipe climbs from the patrolling worker to the grid leader and is fixed within the hour", async () => {
    const { desk, step, clock } = deskAt(TUESDAY_10H)
    const caseId = "hekou-pipe"
    const ids = { caseId }
    const reportedAt = clock.now()
    await step({
      _tag: "ReportCase",
      ...ids,
      by: "grid-worker-zhang",
      source: "patrol",
      category: "utilities",
      urgency: "urgent",
      description: "巡查时听居民说停水 — residents say the water is off",
      location: { gridId: "hekou-grid-01" },
      level: "microGrid",
    })
    await step({
      _tag: "EscalateCase",
      ...ids,
      by: "grid-worker-zhang",
      fromLevel: "microGrid",
      reason: "requested",
    })
    await step({ _tag: "RegisterCase", ...ids, by: "grid-leader-chen" })
    await step({
      _tag: "DispatchCase",
      ...ids,
      by: "grid-leader-chen",
      assignee: { _tag: "department", departmentId: "hekou-water-works" },
      note: "水管破裂，请专业人员维修 — broken pipe found, professionals called",
    })
    await step({ _tag: "AcknowledgeCase", ...ids, by: "water-works-crew" })
    await step({ _tag: "StartHandling", ...ids, by: "water-works-crew" }, 40)
    const resolved = await step({
      _tag: "ResolveCase",
      ...ids,
      by: "water-works-crew",
      result: "管道已修复，恢复供水",
    })

    const resolvedAt = resolved.events[0]?.at ?? Number.NaN
    expect(resolvedAt - reportedAt).toBeLessThan(60 * Instant.MINUTE)
    expect(resolved.state).toMatchObject({ status: "resolved", level: "grid", escalations: 1 })
    const handle = (await desk.cases.timers(caseId)).find((timer) => timer.step === "handle")
    expect(handle?.light).toBe("green")
    await desk.dispose()
  })

  it("an unattended urgent hazard escalates on its own, skipping to the community as the policy allows", async () => {
    const { desk, step, clock } = deskAt(TUESDAY_10H)
    await step({
      _tag: "ReportCase",
      caseId: "unattended",
      by: "micro-grid-worker-wang",
      source: "microGridReport",
      category: "safetyHazard",
      urgency: "urgent",
      description: "地下室水泵损坏 — basement pump broken",
      location: { gridId: "tianhong-grid-03" },
      level: "microGrid",
    })
    clock.advance(3 * 60 * Instant.MINUTE)
    const first = await desk.tick()
    expect(first.escalated).toEqual([{ caseId: "unattended", from: "microGrid", to: "community" }])
    expect((await desk.tick()).escalated).toEqual([])
    await desk.dispose()
  })
})
