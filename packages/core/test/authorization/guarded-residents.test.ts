import { makeMemoryEventStore } from "@gridcase/adapters/memory"
import { Effect, Layer, ManagedRuntime } from "effect"
import { beforeEach, describe, expect, it } from "vitest"
import {
  Authorization,
  BusinessClock,
  Calendar,
  Campaign,
  Case,
  type CommandHandler,
  Escalation,
  EventStore,
  Ids,
  Points,
  Privacy,
  Resident,
} from "../../src/index.ts"
import { installTerritory, registerResident } from "../support/handler-fixture.ts"
import { DISTRICT, T1 } from "../territory/fixture.ts"

// The sample territory: Nanshan community (station head head-zhao) has grids g1 (leader-li,
// worker-wang; households h1–h4) and g2 (worker-ma; household h5).
const territoryOf = () => DISTRICT
const residents = Resident.makeGuardedHandler({ territoryOf })
const points = Points.makeGuardedHandler({ catalogue: { soap: { name: "肥皂", cost: 5 } } }, { territoryOf })
const campaigns = Campaign.makeGuardedHandler({ territoryOf })
const cases = Case.makeGuardedHandler(
  { policy: Escalation.defaultPolicy, calendar: Calendar.shanghai },
  { territoryOf },
)
const recordVisit = Resident.makeVisitRecorder(residents, cases)

let store: EventStore.Shape
let runtime: ManagedRuntime.ManagedRuntime<CommandHandler.Services | Privacy.KeyStore, never>
const run = <A, E>(program: Effect.Effect<A, E, CommandHandler.Services | Privacy.KeyStore>) =>
  runtime.runPromise(program)
let sent = 0
const context = (actor: string) => ({ commandId: `c-${++sent}`, actor })
const streamLength = async (streamId: string) => (await Effect.runPromise(store.readStream(streamId))).length

const at = (minutes: number) => T1 + minutes * 60_000
const register = registerResident
const resident = (residentId: string, minutes: number, by: string) => ({ residentId, at: at(minutes), by })
const send = (command: Resident.Command, actor = command.by) => run(residents(command, context(actor)))
const refusal = (command: Resident.Command, actor = command.by) =>
  run(Effect.flip(residents(command, context(actor))))

beforeEach(async () => {
  store = makeMemoryEventStore()
  runtime = ManagedRuntime.make(
    Layer.mergeAll(
      Layer.succeed(EventStore.EventStore, store),
      Layer.succeed(Privacy.KeyStore, Privacy.makeMemoryKeyStore()),
      Ids.Ids.uuidV7,
      BusinessClock.makeFixed(T1).layer,
    ),
  )
  await run(installTerritory)
  await send(register("r1", "h1", "worker-wang"))
})

describe("guarded resident handler", () => {
  it("lets a grid's worker register its residents, not the next grid's, and a refusal stores nothing", async () => {
    const denied = await refusal(register("r5", "h5", "worker-wang"))
    expect(denied).toBeInstanceOf(Authorization.Forbidden)
    expect(denied).toMatchObject({ actor: "worker-wang", command: "RegisterResident" })
    expect(await streamLength(Resident.streamId("r5"))).toBe(0)
    expect((await send(register("r5", "h5", "worker-ma"))).state).toMatchObject({ exists: true })
    expect(await refusal(register("r9", "h-unplaced", "head-zhao"))).toBeInstanceOf(Authorization.Forbidden)
  })

  it("leaves special-care tagging to the grid leader and the community; visits to those who visit", async () => {
    const tag: Resident.Command = {
      _tag: "TagResident",
      ...resident("r1", 1, "worker-wang"),
      tag: "elderlyAlone",
    }
    expect(await refusal(tag)).toBeInstanceOf(Authorization.Forbidden)
    await send({ ...tag, by: "leader-li" })
    const visit: Resident.Command = {
      _tag: "RecordVisit",
      ...resident("r1", 2, "worker-ma"),
      visitId: "v-1",
      findings: "一切正常",
    }
    expect(await refusal(visit)).toBeInstanceOf(Authorization.Forbidden)
    await send({ ...visit, by: "head-zhao" })
    expect(await streamLength(Resident.streamId("r1"))).toBe(3)
  })

  it("needs both grids covered to move a resident between them", async () => {
    const move: Resident.Command = {
      _tag: "MoveResident",
      ...resident("r1", 1, "worker-wang"),
      householdId: "h5",
    }
    expect(await refusal(move)).toBeInstanceOf(Authorization.Forbidden)
    expect((await send({ ...move, by: "head-zhao" })).state).toMatchObject({ householdId: "h5" })
  })

  it("leaves erasure to the community, and refuses a command issued in another's name", async () => {
    const erase: Resident.Command = {
      _tag: "EraseResident",
      ...resident("r1", 1, "worker-wang"),
      reason: "本人申请",
    }
    expect(await refusal(erase)).toBeInstanceOf(Authorization.Forbidden)
    expect(await refusal({ ...erase, by: "head-zhao" }, "worker-wang")).toMatchObject({
      _tag: "Forbidden",
      reason: "the command is issued in the name of head-zhao",
    })
    expect((await send({ ...erase, by: "head-zhao" })).state).toMatchObject({ erased: true })
  })

  it("records a visit and raises its case through both guards in one call", async () => {
    const outcome = await run(
      recordVisit(
        {
          _tag: "RecordVisit",
          ...resident("r1", 5, "worker-wang"),
          visitId: "v-2",
          findings: "家中水管漏水",
          raiseCase: {
            caseId: "leak-1",
            gridId: "nanshan-g1",
            category: "utilities",
            urgency: "normal",
            description: "入户走访发现水管漏水",
            level: "grid",
          },
        },
        context("worker-wang"),
      ),
    )
    expect(outcome.raisedCase?.state).toMatchObject({
      exists: true,
      source: "visit",
      reportedBy: "worker-wang",
    })
  })
})

describe("guarded points handler", () => {
  const award = (by: string, residentId = "r1", approvedBy = "head-zhao"): Points.Command => ({
    _tag: "AwardPoints",
    residentId,
    at: at(1),
    by,
    awardId: `award-${by}-${residentId}`,
    points: 20,
    act: "helpingNeighbours",
    reason: "帮助邻居搬运物品",
    approvedBy,
  })
  const send = (command: Points.Command, actor = command.by) => run(points(command, context(actor)))
  const refusal = (command: Points.Command) => run(Effect.flip(points(command, context(command.by))))

  it("places a ledger where its resident lives: the grid's worker awards, the next grid's cannot", async () => {
    expect(await refusal(award("worker-ma"))).toBeInstanceOf(Authorization.Forbidden)
    expect(await streamLength(Points.streamId("r1"))).toBe(0)
    expect((await send(award("worker-wang"))).state.balance).toBe(20)
  })

  it("asks the approver an award names (审批人) to be the bank's president over the resident's grid", async () => {
    expect(await refusal(award("worker-wang", "r1", "leader-li"))).toMatchObject({
      _tag: "Forbidden",
      actor: "worker-wang",
      command: "AwardPoints",
      reason:
        "needs an approver holding stationHead/supervisor over nanshan-g1; approver leader-li holds gridLeader@nanshan-g1",
    })
    expect(await refusal(award("worker-wang", "r1", "bank-president-liu"))).toMatchObject({
      _tag: "Forbidden",
      reason:
        "needs an approver holding stationHead/supervisor over nanshan-g1; approver bank-president-liu holds no role",
    })
    expect(await streamLength(Points.streamId("r1"))).toBe(0)
    expect((await send(award("worker-wang", "r1", "super-sun"))).state.balance).toBe(20)
  })

  it("leaves approval by the collector themself to the ledger, which refuses it", async () => {
    expect(await refusal(award("head-zhao", "r1", "head-zhao"))).toMatchObject({
      _tag: "PointsRuleViolated",
      rule: "selfApproval",
    })
    expect(await streamLength(Points.streamId("r1"))).toBe(0)
  })

  it("refuses points for a resident the register does not know", async () => {
    expect(await refusal(award("head-zhao", "r-unknown"))).toBeInstanceOf(Authorization.Forbidden)
  })

  it("leaves reversals to the community", async () => {
    await send(award("worker-wang"))
    const reverse: Points.Command = {
      _tag: "ReverseAward",
      residentId: "r1",
      at: at(2),
      by: "worker-wang",
      awardId: "award-worker-wang-r1",
      reason: "登记错误",
    }
    expect(await refusal(reverse)).toBeInstanceOf(Authorization.Forbidden)
    expect((await send({ ...reverse, by: "head-zhao" })).state.balance).toBe(0)
  })
})

describe("guarded campaign handler", () => {
  const launch: Campaign.Command = {
    _tag: "LaunchCampaign",
    campaignId: "nanshan-spring",
    at: at(1),
    by: "head-zhao",
    title: "南山社区敲门行动",
    areaId: "nanshan",
    households: [
      { householdId: "h1", areaId: "nanshan-g1" },
      { householdId: "h5", areaId: "nanshan-g2" },
    ],
  }
  const knock = (householdId: string, by: string): Campaign.Command => ({
    _tag: "RecordDoorKnock",
    campaignId: "nanshan-spring",
    at: at(2),
    by,
    householdId,
    outcome: { _tag: "noAnswer" },
  })
  const send = (command: Campaign.Command) => run(campaigns(command, context(command.by)))
  const refusal = (command: Campaign.Command) => run(Effect.flip(campaigns(command, context(command.by))))

  it("lets the community launch over its area, and each grid's people knock on their own doors", async () => {
    expect(await refusal({ ...launch, by: "worker-wang" })).toBeInstanceOf(Authorization.Forbidden)
    await send(launch)
    expect(await refusal(knock("h5", "worker-wang"))).toBeInstanceOf(Authorization.Forbidden)
    await send(knock("h1", "worker-wang"))
    await send(knock("h5", "worker-ma"))
    expect(await streamLength(Campaign.streamId("nanshan-spring"))).toBe(3)
  })
})
