import { MemoryEventStore } from "@gridcase/adapters/memory"
import { BusinessClock, Case } from "@gridcase/core"
import { ReadModelStore } from "@gridcase/projections"
import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { demoPlan } from "../src/district/demo-district.ts"
import { seedDistrict } from "../src/district/seed.ts"
import { officeProjections, openOffice } from "../src/office/office.ts"
import { T0 } from "./support/harness.ts"

/** Read models in memory whose commits take a while, so that an answer given before them finds them short. */
const slowReadModels = Layer.sync(ReadModelStore.ReadModelStore, () => {
  const inner = ReadModelStore.makeMemory()
  return ReadModelStore.ReadModelStore.of({
    ...inner,
    commitAll: (requests) => Effect.andThen(Effect.sleep("25 millis"), inner.commitAll(requests)),
  })
})

describe("the office's settle (read your own writes)", () => {
  it("returns only once every read model of the written stream has committed its last event", async () => {
    const clock = BusinessClock.makeFixed(T0)
    const office = await openOffice({
      store: MemoryEventStore.layer,
      readModels: slowReadModels,
      territoryId: demoPlan.territoryId,
      clock,
    })
    try {
      await seedDistrict(office, demoPlan)
      const caseProjections = officeProjections(office.config).filter((projection) =>
        Case.streamId("x").startsWith(projection.filter.streamPrefix ?? ""),
      )
      expect(caseProjections.length).toBeGreaterThan(5)
      for (const n of [1, 2, 3]) {
        clock.advance(60_000)
        const written = await office.cases.send({
          _tag: "ReportCase",
          caseId: `settle-${n}`,
          at: clock.now(),
          by: "worker-001",
          source: "patrol",
          category: "sanitation",
          urgency: "normal",
          description: "overflowing bins",
          location: { gridId: "huoju-road-grid-01-m1" },
          level: "grid",
        })
        await office.settle(written)
        const checkpoints = await office.query(
          Effect.gen(function* () {
            const readModels = yield* ReadModelStore.ReadModelStore
            return yield* Effect.forEach(caseProjections, (projection) =>
              readModels.checkpoint(projection.name),
            )
          }),
        )
        expect(checkpoints.map((checkpoint) => (checkpoint?.position ?? 0) >= written.lastPosition)).toEqual(
          caseProjections.map(() => true),
        )
      }
    } finally {
      await office.close()
    }
  })
})
