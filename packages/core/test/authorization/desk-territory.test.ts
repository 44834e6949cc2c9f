import { makeMemoryEventStore } from "@gridcase/adapters/memory"
import { describe, expect, it } from "vitest"
import { BusinessClock, type EventStore, Gridcase, Territory } from "../../src/index.ts"
import { installTerritory, pipeReport, run } from "../support/handler-fixture.ts"
import { DISTRICT, T1 } from "../territory/fixture.ts"

describe("a desk's territory", () => {
  it("is read once for a request that routes on it and then sends with its readsSince; a command without reads again", async () => {
    const inner = makeMemoryEventStore()
    await run(installTerritory, inner)
    let territoryReads = 0
    const store: EventStore.Shape = {
      ...inner,
      readStream: (streamId, options) => {
        if (streamId.startsWith(Territory.STREAM_PREFIX)) territoryReads += 1
        return inner.readStream(streamId, options)
      },
    }
    const desk = Gridcase.make({
      store,
      clock: BusinessClock.makeFixed(T1),
      authorization: { territoryOf: () => DISTRICT },
    })
    const arrived = performance.now()
    expect((await desk.territory.get(DISTRICT, arrived)).exists).toBe(true)
    expect(territoryReads).toBe(1)
    await desk.cases.send(pipeReport("case-1"), { readsSince: arrived })
    expect(territoryReads).toBe(1)
    await desk.cases.send(pipeReport("case-2"))
    expect(territoryReads).toBe(2)
    // A later request's arrival: the reads made before it do not answer it.
    const next = performance.now()
    await desk.cases.send(pipeReport("case-3"), { readsSince: next })
    expect(territoryReads).toBe(3)
    await desk.dispose()
  })
})
