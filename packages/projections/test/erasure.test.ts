import { makeMemoryEventStore } from "@gridcase/adapters/memory"
import {
  BusinessClock,
  Calendar,
  Case,
  Escalation,
  EventStore,
  Ids,
  Points,
  Privacy,
  Resident,
} from "@gridcase/core"
import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { CASE_TIMELINE, caseTimelineProjection } from "../src/read-models/case-timeline.ts"
import { POINTS_BALANCES, pointsBalancesProjection } from "../src/read-models/points-balances.ts"
import { RESIDENTS, residentsProjection } from "../src/read-models/residents.ts"
import { makeMemoryReadModelStore } from "../src/stores/memory/memory-read-model-store.ts"
import { catchUp } from "./support/cases.ts"

const T0 = Date.UTC(2026, 2, 10, 2, 0)
const PLAINTEXT = ["陈秀英", "11010519491231002X", "13812345678", "海口市秀英区海港社区向荣街5号201"]

describe("erasure reaches the read models", () => {
  it("after a resident is erased, no read model built from the library's events holds any of their personal data", async () => {
    const events = makeMemoryEventStore()
    const readModels = makeMemoryReadModelStore()
    const residents = Resident.makeHandler()
    const recordVisit = Resident.makeVisitRecorder(
      residents,
      Case.makeHandler({ policy: Escalation.defaultPolicy, calendar: Calendar.shanghai }),
    )
    const points = Points.makeHandler({ catalogue: {} })
    const stamp = (minutes: number, by = "grid-worker-li") => ({
      residentId: "r-chen",
      at: T0 + minutes * 60_000,
      by,
    })
    const program = Effect.gen(function* () {
      yield* residents(
        {
          _tag: "RegisterResident",
          ...stamp(0),
          householdId: "h-201",
          person: {
            name: PLAINTEXT[0]!,
            idNumber: PLAINTEXT[1]!,
            phone: PLAINTEXT[2]!,
            address: PLAINTEXT[3]!,
          },
        },
        { commandId: "c-1", actor: "grid-worker-li" },
      )
      yield* recordVisit(
        {
          _tag: "RecordVisit",
          ...stamp(5),
          visitId: "v-1",
          findings: "独居老人生活困难",
          raiseCase: {
            caseId: "case-1",
            gridId: "haikou-port-grid-07",
            category: "vulnerablePerson",
            urgency: "normal",
            description: "协助申请临时救助",
            level: "grid",
          },
        },
        { commandId: "c-2", actor: "grid-worker-li" },
      )
      yield* points(
        {
          _tag: "AwardPoints",
          ...stamp(6),
          awardId: "a-1",
          points: 10,
          act: "helpingNeighbours",
          reason: "帮助邻居",
          approvedBy: "bank-president-liu",
        },
        { commandId: "c-3", actor: "grid-worker-li" },
      )
      yield* residents(
        { _tag: "EraseResident", ...stamp(10, "community-head-zhao"), reason: "本人申请删除" },
        { commandId: "c-4", actor: "community-head-zhao" },
      )
      for (const projection of [residentsProjection, pointsBalancesProjection, caseTimelineProjection]) {
        yield* catchUp(projection, events, readModels)
      }
      return yield* Effect.all([
        readModels.get(RESIDENTS, "r-chen"),
        readModels.get(POINTS_BALANCES, "r-chen"),
        readModels.get(CASE_TIMELINE, "case-1"),
      ])
    })
    const documents = await Effect.runPromise(
      Effect.provide(
        program,
        Layer.mergeAll(
          Layer.succeed(EventStore.EventStore, events),
          Layer.succeed(Privacy.KeyStore, Privacy.makeMemoryKeyStore()),
          Ids.Ids.sequential,
          BusinessClock.makeFixed(T0).layer,
        ),
      ),
    )
    // The documents exist — the scan has something to read — and refer to the resident by id only.
    for (const document of documents) expect(document).toBeDefined()
    expect(documents[0]).toMatchObject({ residentId: "r-chen", erased: true })
    const json = JSON.stringify(documents)
    expect(json).toContain("协助申请临时救助")
    for (const plaintext of PLAINTEXT) expect(json).not.toContain(plaintext)
    expect(json).not.toContain("ciphertext")
  })
})
