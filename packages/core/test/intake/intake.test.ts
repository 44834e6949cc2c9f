import { makeMemoryEventStore } from "@gridcase/adapters/memory"
import { describe, expect, it } from "vitest"
import { Authorization, BusinessClock, Gridcase, Instant, Intake, Territory } from "../../src/index.ts"
import { DeciderSpecification } from "../../src/testing/index.ts"
import { DISTRICT, SAMPLE_COMMANDS, T1 } from "../territory/fixture.ts"
import { unplacedReport } from "./fixture.ts"

const received = unplacedReport("open311:client")
const { _tag: _receive, ...receivedFields } = received
const receivedEvent: Intake.Event = { _tag: "UnplacedReportReceived", ...receivedFields }
const locate = (by: string, at = T1 + Instant.HOUR): Intake.Command => ({
  _tag: "LocateReport",
  reportId: "r-1",
  at,
  by,
  gridId: "nanshan-g1",
})

describe("the intake of unplaced reports (待定位)", () => {
  const spec = DeciderSpecification.for(Intake.makeDecider())

  it("receives a report once and locates it once, only after receiving it", () => {
    spec.given([]).when(received).then(receivedEvent)
    expect(spec.given(receivedEvent).when(received).thenFails("IntakeRuleViolated").rule).toBe(
      "alreadyReceived",
    )
    expect(spec.given([]).when(locate("dispatcher-zhou")).thenFails("IntakeRuleViolated").rule).toBe(
      "notReceived",
    )
    const located: Intake.Event = {
      _tag: "ReportLocated",
      reportId: "r-1",
      at: T1 + Instant.HOUR,
      by: "d",
      gridId: "nanshan-g1",
    }
    spec.given(receivedEvent).when(locate("d")).then(located)
    expect(spec.given([receivedEvent, located]).when(locate("d")).thenFails("IntakeRuleViolated").rule).toBe(
      "alreadyLocated",
    )
    expect(
      spec
        .given(receivedEvent)
        .when(locate("d", T1 - 1))
        .thenFails("IntakeRuleViolated").rule,
    ).toBe("clockWentBackwards")
  })

  it("through a guarded desk: anyone's report is taken, only a dispatcher over its area locates it, and the case starts at receipt", async () => {
    const store = makeMemoryEventStore()
    const clock = BusinessClock.makeFixed(T1)
    // The territory is set up through an unguarded desk, as an installer would.
    const installer = Gridcase.make({ store, clock })
    for (const command of SAMPLE_COMMANDS) await installer.territory.send(command)
    await installer.dispose()
    const desk = Gridcase.make({ store, clock, authorization: { territoryOf: () => DISTRICT } })

    const taken = await desk.intake.send(received)
    expect(taken.intake.events.map((event) => event._tag)).toEqual(["UnplacedReportReceived"])
    expect(taken.reportedCase).toBeUndefined()
    clock.advance(2 * Instant.HOUR)
    // A grid worker does not dispatch; the street's dispatcher does.
    await expect(desk.intake.send(locate("worker-wang", clock.now()))).rejects.toBeInstanceOf(
      Authorization.Forbidden,
    )
    const located = await desk.intake.send(locate("centre-zhou", clock.now()), { commandId: "locate-1" })
    expect(located.reportedCase?.state).toMatchObject({
      exists: true,
      caseId: "r-1",
      levelEnteredAt: T1,
      steps: { whole: { startedAt: T1 } },
      reportedBy: "centre-zhou",
      location: { gridId: "nanshan-g1", address: "民馨路街道 3 号楼" },
      level: "grid",
      status: "reported",
    })
    // A retry reports the case once.
    const again = await desk.intake.send(locate("centre-zhou", clock.now()), { commandId: "locate-1" })
    expect(again.intake.duplicate).toBe(true)
    expect(again.reportedCase?.duplicate).toBe(true)
    expect((await desk.cases.history("r-1")).length).toBe(1)
    expect(await desk.intake.get("r-1")).toMatchObject({
      located: { gridId: "nanshan-g1", by: "centre-zhou" },
    })
    expect(Territory.STREAM_PREFIX).not.toBe(Intake.STREAM_PREFIX)
    await desk.dispose()
  })
})
