import { describe, expect, it } from "vitest"
import { Case, type Resident } from "../../src/index.ts"
import { raisedCaseCommandId } from "../../src/resident/visit-recorder.ts"
import { ctx, minutes, residentWorld } from "./setup.ts"

const residentId = "resident-blind-couple"
const stamp = (n: number) => ({ residentId, at: minutes(n), by: "grid-worker-li" })

const visit: Resident.CommandOf<"RecordVisit"> = {
  _tag: "RecordVisit",
  ...stamp(10),
  visitId: "visit-2026-03",
  findings: "盲人夫妇生活困难，尚未申请残疾人补贴",
  raiseCase: {
    caseId: "case-subsidy-1",
    gridId: "haikou-port-grid-07",
    category: "vulnerablePerson",
    urgency: "normal",
    description: "协助盲人夫妇申请残疾人两项补贴",
    level: "grid",
  },
}

const registered = async () => {
  const world = residentWorld()
  await world.run(
    world.residents(
      {
        _tag: "RegisterResident",
        ...stamp(0),
        householdId: "household-port-12",
        person: { name: "王建国" },
      },
      ctx("c-register"),
    ),
  )
  return world
}

describe("a visit that raises a case (走访发现问题上报)", () => {
  it("records the visit and reports the case in one call, the case pointing back at the resident", async () => {
    const { run, recordVisit, cases, store } = await registered()
    const outcome = await run(recordVisit(visit, ctx("c-visit")))
    expect(outcome.visit.events.map((event) => event._tag)).toEqual(["ResidentVisited"])
    expect(outcome.raisedCase?.events).toEqual([
      {
        _tag: "CaseReported",
        caseId: "case-subsidy-1",
        at: minutes(10),
        by: "grid-worker-li",
        source: "visit",
        category: "vulnerablePerson",
        urgency: "normal",
        description: "协助盲人夫妇申请残疾人两项补贴",
        location: { gridId: "haikou-port-grid-07" },
        level: "grid",
        reporterRef: residentId,
      },
    ])
    const loaded = await run(cases.load(Case.streamId("case-subsidy-1")))
    expect(loaded.state).toMatchObject({ exists: true, status: "reported", source: "visit" })
    const [reported] = await run(store.readStream(Case.streamId("case-subsidy-1")))
    expect(reported?.metadata).toMatchObject({
      commandId: raisedCaseCommandId("c-visit"),
      causationId: "c-visit",
      correlationId: "c-visit",
      actor: "grid-worker-li",
    })
  })

  it("is idempotent as a whole: a retry appends nothing and reports the case once", async () => {
    const { run, recordVisit, allEvents } = await registered()
    await run(recordVisit(visit, ctx("c-visit")))
    const retried = await run(recordVisit(visit, ctx("c-visit")))
    expect(retried.visit.duplicate).toBe(true)
    expect(retried.raisedCase?.duplicate).toBe(true)
    expect((await allEvents()).map((event) => event.type)).toEqual([
      "ResidentRegistered",
      "ResidentVisited",
      "CaseReported",
    ])
  })

  it("completes the report on retry when the first attempt stopped after storing the visit", async () => {
    const { run, residents, recordVisit, allEvents } = await registered()
    // The first attempt stored the visit, then the process died before the case was reported.
    await run(residents(visit, ctx("c-visit")))
    const retried = await run(recordVisit(visit, ctx("c-visit")))
    expect(retried.visit.duplicate).toBe(true)
    expect(retried.raisedCase?.duplicate).toBe(false)
    expect((await allEvents()).filter((event) => event.type === "CaseReported")).toHaveLength(1)
  })

  it("reports nothing for a visit that raises no case", async () => {
    const { run, recordVisit, allEvents } = await registered()
    const { raiseCase: _, ...quiet } = visit
    const outcome = await run(recordVisit(quiet, ctx("c-visit")))
    expect(outcome.raisedCase).toBeUndefined()
    expect((await allEvents()).map((event) => event.type)).toEqual(["ResidentRegistered", "ResidentVisited"])
  })
})
