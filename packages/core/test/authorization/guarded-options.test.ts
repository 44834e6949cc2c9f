import { makeMemoryEventStore } from "@gridcase/adapters/memory"
import { Effect, Layer } from "effect"
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
  Instant,
  Intake,
  Points,
  Privacy,
  Resident,
  Territory,
} from "../../src/index.ts"
import { unplacedReport } from "../intake/fixture.ts"
import { DISTRICT, SAMPLE_COMMANDS, T1 } from "../territory/fixture.ts"

/**
 * The guarded handlers' own options and their intake guard: every guarded handler passes its
 * `maxAttempts` on (a count below one is refused when the handler is made, as the plain handlers
 * do), asks `territoryOf` only about places a command names (a deployment's lookup table may not
 * know `undefined`), and the unplaced-report intake is guarded like the rest. Found by
 * `pnpm mutate authorization` (docs/mutation.md): no test built a guarded handler with
 * `maxAttempts`, nor the guarded intake handler at all.
 */
const caseConfig = { policy: Escalation.defaultPolicy, calendar: Calendar.shanghai }

/** A `territoryOf` that remembers what it was asked: the district for any place it is given. */
const recordingTerritoryOf = () => {
  const asked: Array<unknown> = []
  const territoryOf = (place: string) => {
    asked.push(place)
    return DISTRICT
  }
  return { asked, territoryOf }
}

let store: EventStore.Shape
const run = <A, E>(program: Effect.Effect<A, E, CommandHandler.Services>) =>
  Effect.runPromise(
    Effect.provide(
      program,
      Layer.mergeAll(
        Layer.succeed(EventStore.EventStore, store),
        Ids.Ids.uuidV7,
        BusinessClock.makeFixed(T1).layer,
      ),
    ),
  )

beforeEach(async () => {
  store = makeMemoryEventStore()
  const setup = Territory.makeHandler()
  await run(
    Effect.forEach(SAMPLE_COMMANDS, (command, i) =>
      setup(command, { commandId: `setup-${i}`, actor: "installer" }),
    ),
  )
})

describe("the guarded handlers' maxAttempts", () => {
  it("reaches the command handler: a count below one is refused when the handler is made", () => {
    const territoryOf = () => DISTRICT
    const makers: ReadonlyArray<[string, (maxAttempts: number) => unknown]> = [
      ["case", (maxAttempts) => Case.makeGuardedHandler(caseConfig, { territoryOf, maxAttempts })],
      ["territory", (maxAttempts) => Territory.makeGuardedHandler({ maxAttempts })],
      ["intake", (maxAttempts) => Intake.makeGuardedHandler({ territoryOf, maxAttempts })],
      ["campaign", (maxAttempts) => Campaign.makeGuardedHandler({ territoryOf, maxAttempts })],
      ["resident", (maxAttempts) => Resident.makeGuardedHandler({ territoryOf, maxAttempts })],
      ["points", (maxAttempts) => Points.makeGuardedHandler({ catalogue: {} }, { territoryOf, maxAttempts })],
    ]
    for (const [name, make] of makers) {
      expect(() => make(0), name).toThrow(RangeError)
      expect(() => make(1), name).not.toThrow()
    }
  })
})

describe("the guarded territory handler", () => {
  it("made without options, keeps the district's stream and refuses what the actor's roles do not cover", async () => {
    const territories = Territory.makeGuardedHandler()
    const rename = (by: string): Territory.Command => ({
      _tag: "RenameArea",
      territoryId: DISTRICT,
      at: T1,
      by,
      areaId: "nanshan-g2",
      name: "南山第二网格",
    })
    const refused = await run(
      Effect.flip(territories(rename("worker-ma"), { commandId: "t-1", actor: "worker-ma" })),
    )
    expect(refused).toBeInstanceOf(Authorization.Forbidden)
    const renamed = await run(territories(rename("head-zhao"), { commandId: "t-2", actor: "head-zhao" }))
    expect(renamed.streamId).toBe(Territory.streamId(DISTRICT))
    expect(renamed.events.map((event) => event._tag)).toEqual(["AreaRenamed"])
  })
})

describe("the guarded intake of unplaced reports (待定位)", () => {
  const received = unplacedReport("resident-7")
  const locate = (by: string, reportId = "r-1"): Intake.Command => ({
    _tag: "LocateReport",
    reportId,
    at: T1 + Instant.HOUR,
    by,
    gridId: "nanshan-g1",
  })

  it("takes anybody's report; only the dispatchers over the area it waits in locate it", async () => {
    const { asked, territoryOf } = recordingTerritoryOf()
    const intake = Intake.makeGuardedHandler({ territoryOf })
    const send = (command: Intake.Command, commandId: string) =>
      run(Effect.result(intake(command, { commandId, actor: command.by })))
    expect((await send(received, "c-1"))._tag).toBe("Success")
    const refused = await send(locate("worker-wang"), "c-2")
    expect(refused._tag === "Failure" && refused.failure).toMatchObject({
      _tag: "Forbidden",
      actor: "worker-wang",
      command: "LocateReport",
      reason:
        "needs dispatcher/hotlineOperator/supervisor over minxin; holds gridWorker@nanshan-g1, volunteer@tianhong",
    })
    expect((await send(locate("centre-zhou"), "c-3"))._tag).toBe("Success")
    // Asked on every try (a command may be tried more than once), always about the area the report waits in.
    expect(new Set(asked)).toEqual(new Set(["minxin"]))
  })

  it("places a command on a report never received nowhere, without asking territoryOf", async () => {
    const { asked, territoryOf } = recordingTerritoryOf()
    const intake = Intake.makeGuardedHandler({ territoryOf })
    const refused = await run(
      Effect.flip(intake(locate("centre-zhou", "r-none"), { commandId: "c-1", actor: "centre-zhou" })),
    )
    expect(refused).toBeInstanceOf(Authorization.Forbidden)
    expect(refused).toMatchObject({
      reason: expect.stringContaining("over an area the territory does not know"),
    })
    expect(asked).toEqual([])
  })
})

describe("territoryOf is asked only about a place a command names", () => {
  it("a command on a case, a campaign or a resident that does not exist is refused without asking", async () => {
    const { asked, territoryOf } = recordingTerritoryOf()
    const cases = Case.makeGuardedHandler(caseConfig, { territoryOf })
    const campaigns = Campaign.makeGuardedHandler({ territoryOf })
    const residents = Resident.makeGuardedHandler({ territoryOf })
    const context = { commandId: "c-1", actor: "centre-zhou" }
    const stamp = { at: T1, by: "centre-zhou" }
    const refusals = await run(
      Effect.all([
        Effect.flip(
          cases(
            {
              _tag: "DispatchCase",
              caseId: "c-none",
              ...stamp,
              assignee: { _tag: "person", personId: "worker-wang" },
            },
            context,
          ),
        ),
        Effect.flip(campaigns({ _tag: "CloseCampaign", campaignId: "k-none", ...stamp }, context)),
        Effect.flip(
          Effect.provide(
            residents({ _tag: "EraseResident", residentId: "r-none", ...stamp, reason: "迁出" }, context),
            Privacy.memoryKeyStoreLayer,
          ),
        ),
      ]),
    )
    for (const refused of refusals) expect(refused).toBeInstanceOf(Authorization.Forbidden)
    expect(asked).toEqual([])
  })
})
