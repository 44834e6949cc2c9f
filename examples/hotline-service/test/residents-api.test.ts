import { EventStore, Resident } from "@gridcase/core"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { readJson, staffApi, startService, type TestService } from "./support/harness.ts"

let service: TestService
beforeAll(async () => {
  service = await startService()
})
afterAll(() => service.close())

const api = (path: string, person: string, body?: unknown) => staffApi(service)(path, person, body)
const later = () => service.clock.advance(30 * 60_000)

const HOUSEHOLD = "huoju-road-grid-01-h001"
const NAME = "黄桂香"
const PHONE = "13912345678"

describe("residents, care visits and points through the office API", () => {
  it("registers a resident with sealed details, plans monthly visits, and a visit raises a case", async () => {
    const registered = await api("residents", "worker-001", {
      residentId: "res-huang",
      householdId: HOUSEHOLD,
      person: { name: NAME, phone: PHONE },
    })
    expect(registered.status).toBe(201)
    // What is stored is sealed: neither the name nor the phone number is in the log.
    const stored = await service.office.run(
      Effect.gen(function* () {
        return yield* (yield* EventStore.EventStore).readStream(Resident.streamId("res-huang"))
      }),
    )
    expect(JSON.stringify(stored)).not.toContain(NAME)
    expect(JSON.stringify(stored)).not.toContain(PHONE)
    later()
    expect(
      (
        await api("residents/res-huang/commands", "huoju-road-leader", {
          _tag: "TagResident",
          tag: "disabled",
        })
      ).status,
    ).toBe(200)
    expect(
      (
        await api("residents/res-huang/commands", "huoju-road-leader", {
          _tag: "SetCarePlan",
          tag: "disabled",
          cadence: { visits: 1, per: "month" },
        })
      ).status,
    ).toBe(200)
    later()
    const visit = await readJson(
      await api("residents/res-huang/commands", "worker-001", {
        _tag: "RecordVisit",
        findings: "帮助申请政府补贴；家中需打扫 — subsidy application, cleaning needed",
        raiseCase: {
          caseId: "visit-case-1",
          gridId: "huoju-road-grid-01-m1",
          category: "vulnerablePerson",
          urgency: "normal",
          description: "盲人夫妇需要帮助打扫卫生 — the blind couple need help cleaning",
          level: "grid",
        },
      }),
    )
    expect(visit).toMatchObject({
      events: ["ResidentVisited"],
      raisedCase: { caseId: "visit-case-1", status: "reported" },
    })
    expect(await service.office.cases.get("visit-case-1")).toMatchObject({
      source: "visit",
      reportedBy: "worker-001",
    })

    const read = await readJson(await api("residents/res-huang", "worker-001"))
    expect(read).toMatchObject({
      residentId: "res-huang",
      tags: ["disabled"],
      visits: [{ raisedCaseId: "visit-case-1" }],
    })
    expect(JSON.stringify(read)).not.toContain(NAME)
    expect(JSON.stringify(read)).not.toContain(PHONE)
  })

  it("keeps the moral bank's ledger: awards approved by the bank, redemptions never below zero", async () => {
    const deposit = {
      awardId: "award-1",
      points: 30,
      act: "volunteering",
      reason: "社区文艺活动义务演唱 — sang at the community's show",
    }
    // One person's token cannot speak for another's approval: the one-step award is not offered.
    const named = await api("residents/res-huang/points", "worker-001", {
      _tag: "AwardPoints",
      ...deposit,
      approvedBy: "huoju-road-head",
    })
    expect(named.status).toBe(400)
    const requested = await readJson(
      await api("residents/res-huang/points", "worker-001", { _tag: "RequestAward", ...deposit }),
    )
    expect(requested).toMatchObject({ events: ["AwardRequested"], balance: 0 })
    // The collector cannot confirm their own request, whatever they send.
    const own = await api("residents/res-huang/points", "worker-001", {
      _tag: "ConfirmAward",
      awardId: "award-1",
    })
    expect(own.status).toBe(403)
    const award = await readJson(
      await api("residents/res-huang/points", "huoju-road-head", {
        _tag: "ConfirmAward",
        awardId: "award-1",
      }),
    )
    expect(award).toMatchObject({ events: ["PointsAwarded"], balance: 30 })
    const [confirmed] = (await service.office.points.history("res-huang")).slice(-1)
    expect(confirmed?.data).toMatchObject({ by: "worker-001", approvedBy: "huoju-road-head" })
    expect(confirmed?.metadata.actor).toBe("huoju-road-head")
    later()
    const redeemed = await readJson(
      await api("residents/res-huang/points", "worker-001", {
        _tag: "RedeemPoints",
        redemptionId: "r-1",
        rewardId: "laundry-soap",
        quantity: 1,
      }),
    )
    expect(redeemed).toMatchObject({ balance: 10 })
    const tooMuch = await api("residents/res-huang/points", "worker-001", {
      _tag: "RedeemPoints",
      redemptionId: "r-2",
      rewardId: "rice-5kg",
      quantity: 1,
    })
    expect(tooMuch.status).toBe(409)
    expect(await readJson(await api("residents/res-huang/points", "worker-001"))).toMatchObject({
      balance: 10,
    })
  })

  it("applies the rules: outsiders are refused, and an erased resident's details cannot come back", async () => {
    const outsider = await api("residents", "worker-002", {
      residentId: "res-x",
      householdId: HOUSEHOLD,
      person: { name: "某人" },
    })
    expect(outsider.status).toBe(403)
    expect((await service.office.residents.get("res-x")).exists).toBe(false)
    expect((await api("residents/res-huang", "shengtang-road-leader")).status).toBe(403)
    expect(
      (await api("residents/res-huang/commands", "worker-001", { _tag: "TagResident", tag: "veteran" }))
        .status,
    ).toBe(403)
    const malformed = await api("residents", "worker-001", {
      residentId: "res-y",
      householdId: HOUSEHOLD,
      person: { name: "某人", idNumber: "123" },
    })
    expect(malformed.status).toBe(400)

    later()
    expect(
      (
        await api("residents/res-huang/commands", "huoju-road-head", {
          _tag: "EraseResident",
          reason: "本人申请删除 — asked to be forgotten",
        })
      ).status,
    ).toBe(200)
    later()
    const again = await api("residents/res-huang/commands", "worker-001", {
      _tag: "CorrectPersonalDetails",
      changes: { name: NAME },
    })
    expect(again.status).toBe(409)
    expect(await readJson(again)).toMatchObject({ type: "ResidentRuleViolated", rule: "erased" })
  })

  it("lists residents by building (楼栋): those whose household the territory places in it, each row naming it", async () => {
    // The demo district puts three households in each building: h001–h003 in b1, h004–h006 in b2.
    for (const [residentId, householdId] of [
      ["res-li", "huoju-road-grid-01-h002"],
      ["res-wu", "huoju-road-grid-01-h004"],
    ]) {
      const registered = await api("residents", "huoju-road-leader", {
        residentId,
        householdId,
        person: { name: "某人" },
      })
      expect(registered.status).toBe(201)
    }
    const inB1 = await readJson(await api("residents?building=huoju-road-grid-01-b1", "huoju-road-leader"))
    const ids = (inB1.items as ReadonlyArray<{ residentId: string; buildingId: string }>).map(
      (row) => row.residentId,
    )
    expect(ids).toEqual(expect.arrayContaining(["res-huang", "res-li"]))
    expect(ids).not.toContain("res-wu")
    for (const row of inB1.items) expect(row.buildingId).toBe("huoju-road-grid-01-b1")
    const inB2 = await readJson(await api("residents?building=huoju-road-grid-01-b2", "huoju-road-leader"))
    expect(inB2.items.map((row: { residentId: string }) => row.residentId)).toEqual(["res-wu"])
    const nowhere = await readJson(await api("residents?building=no-such-building", "huoju-road-leader"))
    expect(nowhere.items).toEqual([])
  })
})
