import { makeMemoryEventStore } from "@gridcase/adapters/memory"
import { Effect } from "effect"
import { beforeEach, describe, expect, it } from "vitest"
import {
  Authorization,
  Calendar,
  Case,
  type CommandHandler,
  Escalation,
  type EventStore,
  Territory,
} from "../../src/index.ts"
import { installTerritory, pipeReport, run as runOn } from "../support/handler-fixture.ts"
import { cmd, DISTRICT, SECOND_STREET_COMMANDS, T1 } from "../territory/fixture.ts"

const cases = Case.makeGuardedHandler(
  { policy: Escalation.defaultPolicy, calendar: Calendar.shanghai },
  { territoryOf: () => DISTRICT },
)
const territories = Territory.makeGuardedHandler()

let store: EventStore.Shape
const run = <A, E>(program: Effect.Effect<A, E, CommandHandler.Services>) => runOn(program, store, { at: T1 })
let sent = 0
const send = (command: Case.Command, actor: string = command.by, commandId = `c-${++sent}`) =>
  run(cases(command, { commandId, actor }))
const refusal = (command: Case.Command, actor: string = command.by, commandId?: string) =>
  run(Effect.flip(cases(command, { commandId: commandId ?? `c-${++sent}`, actor })))
const streamLength = async (streamId: string) => (await Effect.runPromise(store.readStream(streamId))).length

const ids = { caseId: "pipe-1", at: T1 }
const report = pipeReport(ids.caseId)

beforeEach(async () => {
  store = makeMemoryEventStore()
  await run(installTerritory)
})

describe("guarded handlers with the memory store", () => {
  it("a resident reports, the grid's leader registers; a worker of the next grid is refused and nothing is appended", async () => {
    await send(report)
    const denied = await refusal({ _tag: "RegisterCase", ...ids, by: "worker-ma" })
    expect(denied).toBeInstanceOf(Authorization.Forbidden)
    // The tag is what callers branch on (the example's API answers a "Forbidden" with 403).
    expect(denied).toMatchObject({ _tag: "Forbidden", actor: "worker-ma", command: "RegisterCase" })
    expect(await streamLength(Case.streamId("pipe-1"))).toBe(1)
    const registered = await send({ _tag: "RegisterCase", ...ids, by: "leader-li" })
    expect(registered.state).toMatchObject({ status: "registered" })
  })

  it("only the person a case is dispatched to acknowledges it", async () => {
    await send(report)
    await send({ _tag: "RegisterCase", ...ids, by: "leader-li" })
    await send({
      _tag: "DispatchCase",
      ...ids,
      by: "leader-li",
      assignee: { _tag: "person", personId: "worker-wang" },
    })
    expect(await refusal({ _tag: "AcknowledgeCase", ...ids, by: "leader-li" })).toBeInstanceOf(
      Authorization.Forbidden,
    )
    expect(await streamLength(Case.streamId("pipe-1"))).toBe(3)
    expect((await send({ _tag: "AcknowledgeCase", ...ids, by: "worker-wang" })).state).toMatchObject({
      status: "acknowledged",
    })
  })

  it("refuses a command signed in someone else's name, even one the signer could send", async () => {
    await send(report)
    const denied = await refusal({ _tag: "RegisterCase", ...ids, by: "leader-li" }, "worker-ma")
    expect(denied).toEqual(
      new Authorization.Forbidden({
        actor: "worker-ma",
        command: "RegisterCase",
        rule: "issuedInAnotherName",
        reason: "the command is issued in the name of leader-li",
      }),
    )
    expect(await streamLength(Case.streamId("pipe-1"))).toBe(1)
  })

  it("checks before replaying a retried command: an outsider reusing a command id learns nothing", async () => {
    await send(report)
    await send({ _tag: "RegisterCase", ...ids, by: "leader-li" }, "leader-li", "register-once")
    const denied = await refusal(
      { _tag: "RegisterCase", ...ids, by: "worker-ma" },
      "worker-ma",
      "register-once",
    )
    expect(denied).toBeInstanceOf(Authorization.Forbidden)
  })

  it("sees role changes at once: a revoked leader is refused on the next command", async () => {
    await send(report)
    await run(
      territories(
        cmd(
          {
            _tag: "RevokeRole",
            personId: "leader-li",
            role: "gridLeader",
            scope: { _tag: "area", areaId: "nanshan-g1" },
          },
          T1,
          "centre-zhou",
        ),
        { commandId: "revoke-li", actor: "centre-zhou" },
      ),
    )
    expect(await refusal({ _tag: "RegisterCase", ...ids, by: "leader-li" })).toBeInstanceOf(
      Authorization.Forbidden,
    )
  })

  it("a supervision notice (督办单) before dispatch goes only to the unit owning the case's grid at its level", async () => {
    // Another street beside Minxin Road, set up as the installer would, and a case Nanshan community owns.
    await run(
      Effect.forEach(SECOND_STREET_COMMANDS, (command, i) =>
        Territory.makeHandler()(command, { commandId: `xitu-${i}`, actor: "installer" }),
      ),
    )
    await send({ ...report, level: "community" } as Case.Command)
    await send({ _tag: "RegisterCase", ...ids, by: "head-zhao" })
    const notice = (unitId: string): Case.Command => ({
      _tag: "SuperviseCase",
      ...ids,
      by: "super-sun",
      reason: "sensitive",
      responder: { _tag: "unit", level: "community", unitId },
      note: "请说明 — explain",
    })
    for (const stray of ["tianhong", "xitu-c"]) {
      const denied = await refusal(notice(stray))
      expect(denied).toBeInstanceOf(Authorization.Forbidden)
      expect(denied).toMatchObject({
        actor: "super-sun",
        command: "SuperviseCase",
        rule: "responderOutsideCase",
      })
    }
    expect(await streamLength(Case.streamId("pipe-1"))).toBe(2)
    const supervised = await send(notice("nanshan"))
    expect(supervised.events).toMatchObject([
      { _tag: "CaseSupervised", responder: { _tag: "unit", level: "community", unitId: "nanshan" } },
    ])
  })

  it("guards the territory too: a station head may not split a grid, the command centre may", async () => {
    const split = (by: string): Territory.Command =>
      cmd(
        {
          _tag: "SplitGrid",
          gridId: "nanshan-g2",
          parts: [
            { areaId: "nanshan-g2a", name: "2A", households: ["h5"] },
            { areaId: "nanshan-g2b", name: "2B", households: [] },
          ],
        },
        T1,
        by,
      )
    const before = await streamLength(Territory.streamId(DISTRICT))
    const denied = await run(
      Effect.flip(territories(split("head-zhao"), { commandId: "split-1", actor: "head-zhao" })),
    )
    expect(denied).toBeInstanceOf(Authorization.Forbidden)
    expect(await streamLength(Territory.streamId(DISTRICT))).toBe(before)
    const done = await run(territories(split("centre-zhou"), { commandId: "split-2", actor: "centre-zhou" }))
    expect(done.events.map((event) => event._tag)).toEqual(["GridSplit", "RoleRevoked"])
  })
})
