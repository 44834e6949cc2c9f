import { makeMemoryEventStore } from "@gridcase/adapters/memory"
import { describe, expect, it } from "vitest"
import { Authorization, BusinessClock, type EventStore, Gridcase, Territory } from "../../src/index.ts"
import { unplacedReport } from "../intake/fixture.ts"
import { installTerritory, pipeReport, run } from "../support/handler-fixture.ts"
import { DISTRICT, T1 } from "../territory/fixture.ts"

/** A guarded desk on the sample territory whose store counts the reads of territory streams. */
const deskCountingTerritoryReads = async () => {
  const inner = makeMemoryEventStore()
  await run(installTerritory, inner)
  let reads = 0
  const store: EventStore.Shape = {
    ...inner,
    readStream: (streamId, options) => {
      if (streamId.startsWith(Territory.STREAM_PREFIX)) reads += 1
      return inner.readStream(streamId, options)
    },
  }
  const desk = Gridcase.make({
    store,
    clock: BusinessClock.makeFixed(T1),
    authorization: { territoryOf: () => DISTRICT },
  })
  return { desk, territoryReads: () => reads }
}

describe("a desk's territory", () => {
  it("is read once for a request that routes on it and then sends with its readsSince; a command without reads again", async () => {
    const { desk, territoryReads } = await deskCountingTerritoryReads()
    const arrived = performance.now()
    expect((await desk.territory.get(DISTRICT, arrived)).exists).toBe(true)
    expect(territoryReads()).toBe(1)
    await desk.cases.send(pipeReport("case-1"), { readsSince: arrived })
    expect(territoryReads()).toBe(1)
    await desk.cases.send(pipeReport("case-2"))
    expect(territoryReads()).toBe(2)
    // A later request's arrival: the reads made before it do not answer it.
    const next = performance.now()
    await desk.cases.send(pipeReport("case-3"), { readsSince: next })
    expect(territoryReads()).toBe(3)
    await desk.dispose()
  })

  it("refuses a request that arrived after another instance revoked the role, however recent the read kept", async () => {
    const store = makeMemoryEventStore()
    await run(installTerritory, store)
    const desk = Gridcase.make({
      store,
      clock: BusinessClock.makeFixed(T1),
      authorization: { territoryOf: () => DISTRICT },
    })
    const register = (caseId: string) => ({ _tag: "RegisterCase", caseId, at: T1, by: "leader-li" }) as const
    const first = performance.now()
    for (const caseId of ["case-1", "case-2"]) await desk.cases.send(pipeReport(caseId))
    await desk.cases.send(register("case-1"), { actor: "leader-li", readsSince: first })
    // Another instance of the office, on the same store: nothing of it reaches this desk.
    const elsewhere = Territory.makeHandler()
    await run(
      elsewhere(
        {
          _tag: "RevokeRole",
          territoryId: DISTRICT,
          at: T1,
          by: "installer",
          personId: "leader-li",
          role: "gridLeader",
          scope: { _tag: "area", areaId: "nanshan-g1" },
        },
        { commandId: "revoke-li", actor: "installer" },
      ),
      store,
    )
    const next = performance.now()
    await expect(
      desk.cases.send(register("case-2"), { actor: "leader-li", readsSince: next }),
    ).rejects.toBeInstanceOf(Authorization.Forbidden)
    await desk.dispose()
  })

  it("is read once for locating a report (待定位) and reporting its case, given the request's readsSince", async () => {
    const { desk, territoryReads } = await deskCountingTerritoryReads()
    const locate = (reportId: string) =>
      ({ _tag: "LocateReport", reportId, at: T1, by: "centre-zhou", gridId: "nanshan-g1" }) as const
    for (const reportId of ["r-1", "r-2"])
      await desk.intake.send({ ...unplacedReport("resident-7"), reportId })
    const before = territoryReads()
    const arrived = performance.now()
    const located = await desk.intake.send(locate("r-1"), { actor: "centre-zhou", readsSince: arrived })
    expect(located.reportedCase?.state.exists).toBe(true)
    // The location's guard and the case report's guard share the read begun after the request arrived.
    expect(territoryReads() - before).toBe(1)
    await desk.intake.send(locate("r-2"), { actor: "centre-zhou" })
    expect(territoryReads() - before).toBe(3)
    await desk.dispose()
  })
})
