import { Result } from "effect"
import { describe, expect, it } from "vitest"
import {
  Authorization,
  Case,
  Decider,
  type Level,
  type Points,
  Resident,
  type Territory,
} from "../../src/index.ts"
import { sealedPlaceholder } from "../../src/testing/index.ts"
import { cmd, run, SECOND_STREET_COMMANDS, sample, T1 } from "../territory/fixture.ts"

const { state: territory } = sample()

/** An open case in `gridId`, owned at `level`, optionally dispatched. */
const openCase = (gridId: string, level: Level.Level, assignee?: Case.Assignee): Case.State =>
  ({
    exists: true,
    caseId: "c-1",
    status: assignee === undefined ? "registered" : "dispatched",
    category: "utilities",
    urgency: "normal",
    source: "residentReport",
    location: { gridId },
    reportedBy: "resident-7",
    level,
    lastAt: T1,
    levelEnteredAt: T1,
    steps: { whole: { startedAt: T1 } },
    pauses: [],
    assignee,
    extensionsGranted: 0,
    extensionsAtLevel: 0,
    extensionMinutes: 0,
    extensionMinutesTotal: 0,
    selfHandled: false,
    hotlineOutcomeReported: false,
    reworks: 0,
    sendBacks: 0,
    reopens: 0,
    escalations: 0,
    supervisions: 0,
    reminders: 0,
    remindedOf: {},
    explainedOf: {},
    criticizedOf: {},
  }) satisfies Case.OpenedCase

const caseCommand = (_tag: Case.Command["_tag"], by: string) =>
  ({ _tag, by, caseId: "c-1", at: T1 }) as Case.Command

const mayCase = (
  person: string,
  tag: Case.Command["_tag"],
  state: Case.State,
  t: Territory.EstablishedTerritory = territory,
) => {
  const command = caseCommand(tag, person)
  return Result.isSuccess(
    Authorization.authorize(
      Authorization.actorIn(t, person),
      command,
      Authorization.caseTarget(t, command, state),
    ),
  )
}

const report = (by: string, gridId: string, level: Level.Level = "grid"): Case.Command => ({
  _tag: "ReportCase",
  caseId: "c-1",
  at: T1,
  by,
  source: "residentReport",
  category: "utilities",
  urgency: "normal",
  description: "水管破裂 — broken water pipe",
  location: { gridId },
  level,
})

describe("authorize: case commands", () => {
  it("anyone may report; a resident may do nothing else with roles' rights", () => {
    const command = report("resident-7", "nanshan-g1")
    expect(
      Result.isSuccess(
        Authorization.authorize(
          Authorization.actorIn(territory, "resident-7"),
          command,
          Authorization.caseTarget(territory, command, Case.initialState),
        ),
      ),
    ).toBe(true)
    expect(mayCase("resident-7", "RegisterCase", openCase("nanshan-g1", "grid"))).toBe(false)
  })

  it("a grid's people act on their grid's cases, not on the neighbour's", () => {
    expect(mayCase("leader-li", "RegisterCase", openCase("nanshan-g1", "grid"))).toBe(true)
    expect(mayCase("leader-li", "RegisterCase", openCase("nanshan-g2", "grid"))).toBe(false)
    expect(mayCase("worker-wang", "EscalateCase", openCase("nanshan-g1", "grid"))).toBe(true)
    expect(mayCase("worker-ma", "EscalateCase", openCase("nanshan-g1", "grid"))).toBe(false)
  })

  it("a community role covers its grids, a street role its communities", () => {
    expect(mayCase("head-zhao", "DispatchCase", openCase("nanshan-g2", "grid"))).toBe(true)
    expect(mayCase("head-zhao", "DispatchCase", openCase("tianhong-g3-m1", "microGrid"))).toBe(false)
    expect(mayCase("centre-zhou", "DispatchCase", openCase("tianhong-g3-m1", "microGrid"))).toBe(true)
    expect(mayCase("hotline-he", "LinkHotlineTicket", openCase("tianhong-g3-m1", "microGrid"))).toBe(true)
  })

  it("once a case climbs to the community, the grid no longer runs it but still verifies on site", () => {
    const escalated = openCase("nanshan-g1", "community")
    expect(mayCase("leader-li", "DispatchCase", escalated)).toBe(false)
    expect(mayCase("head-zhao", "DispatchCase", escalated)).toBe(true)
    expect(mayCase("worker-wang", "VerifyCase", escalated)).toBe(true)
    expect(mayCase("worker-ma", "VerifyCase", escalated)).toBe(false)
  })

  it("the receiver of a dispatch acts on it: in person, as a department, as a unit's staff", () => {
    expect(
      mayCase(
        "worker-wang",
        "AcknowledgeCase",
        openCase("nanshan-g1", "grid", { _tag: "person", personId: "worker-wang" }),
      ),
    ).toBe(true)
    expect(
      mayCase(
        "worker-ma",
        "AcknowledgeCase",
        openCase("nanshan-g1", "grid", { _tag: "person", personId: "worker-wang" }),
      ),
    ).toBe(false)
    const toWater = openCase("nanshan-g1", "street", { _tag: "department", departmentId: "water" })
    expect(mayCase("plumber-liu", "ResolveCase", toWater)).toBe(true)
    expect(mayCase("leader-li", "ResolveCase", toWater)).toBe(false)
    const toTianhong = openCase("tianhong-g3-m1", "community", {
      _tag: "unit",
      level: "community",
      unitId: "tianhong",
    })
    expect(mayCase("worker-wang", "AcknowledgeCase", toTianhong)).toBe(false) // a volunteer there, not staff
    const toNanshan = openCase("nanshan-g1", "community", {
      _tag: "unit",
      level: "community",
      unitId: "nanshan",
    })
    expect(mayCase("head-zhao", "AcknowledgeCase", toNanshan)).toBe(true)
  })

  it("the reporter may verify; only a supervisor approves, restores and de-escalates", () => {
    expect(mayCase("resident-7", "VerifyCase", openCase("nanshan-g1", "grid"))).toBe(true)
    expect(mayCase("super-sun", "ApproveRequest", openCase("nanshan-g1", "grid"))).toBe(true)
    expect(mayCase("centre-zhou", "ApproveRequest", openCase("nanshan-g1", "grid"))).toBe(false)
    expect(mayCase("leader-li", "DeEscalateCase", openCase("nanshan-g1", "grid"))).toBe(false)
  })

  it("only a supervisor issues a supervision notice (督办); only its responder answers it (督办回复)", () => {
    const toWang = { _tag: "person", personId: "worker-wang" } as const
    const dispatched = openCase("nanshan-g1", "grid", toWang)
    expect(mayCase("super-sun", "SuperviseCase", dispatched)).toBe(true)
    expect(mayCase("leader-li", "SuperviseCase", dispatched)).toBe(false)
    expect(mayCase("hotline-he", "SuperviseCase", dispatched)).toBe(false)
    const notice = { by: "super-sun", at: T1, reason: "sensitive", responder: toWang } as const
    const supervised = (responder: Case.Assignee, open: boolean): Case.State => ({
      ...(dispatched as Case.OpenedCase),
      supervision: { ...notice, responder },
      steps: {
        whole: { startedAt: T1 },
        supervision: open ? { startedAt: T1 } : { startedAt: T1, endedAt: T1 },
      },
    })
    // The assignee answers the notice sent to them; not the supervisor who sent it, nor their leader.
    expect(mayCase("worker-wang", "AnswerSupervision", supervised(toWang, true))).toBe(true)
    expect(mayCase("super-sun", "AnswerSupervision", supervised(toWang, true))).toBe(false)
    expect(mayCase("leader-li", "AnswerSupervision", supervised(toWang, true))).toBe(false)
    // A notice to a unit is answered by its staff; a department's, by its handlers.
    const nanshan = { _tag: "unit", level: "community", unitId: "nanshan" } as const
    expect(mayCase("head-zhao", "AnswerSupervision", supervised(nanshan, true))).toBe(true)
    expect(mayCase("worker-wang", "AnswerSupervision", supervised(nanshan, true))).toBe(false)
    const water = { _tag: "department", departmentId: "water" } as const
    expect(mayCase("plumber-liu", "AnswerSupervision", supervised(water, true))).toBe(true)
    // Once answered, the notice has no responder left: nobody may answer it again.
    expect(mayCase("worker-wang", "AnswerSupervision", supervised(toWang, false))).toBe(false)
  })

  it("only the unit holding the late step reports why (报告说明理由); only a supervisor criticises (通报批评)", () => {
    const toWang = { _tag: "person", personId: "worker-wang" } as const
    const nanshan = { _tag: "unit", level: "community", unitId: "nanshan" } as const
    const handled = openCase("nanshan-g1", "grid", toWang)
    const explain = (by: string, step: Case.Step, state: Case.State) => {
      const command = { _tag: "ExplainDelay", caseId: "c-1", at: T1, by, step, reason: "等待配件" } as const
      return Result.isSuccess(
        Authorization.authorize(
          Authorization.actorIn(territory, by),
          command,
          Authorization.caseTarget(territory, command, state),
        ),
      )
    }
    // The handling is the assignee's: worker-wang explains it; the grid leader above them does not.
    expect(explain("worker-wang", "handle", handled)).toBe(true)
    expect(explain("leader-li", "handle", handled)).toBe(false)
    expect(explain("super-sun", "handle", handled)).toBe(false)
    // Dispatch is the office's own step: no unit holds it, so nobody reports a reason for it.
    expect(explain("worker-wang", "dispatch", handled)).toBe(false)
    // The answer to a notice is its responder's, not the assignee's.
    const noticed: Case.State = {
      ...(handled as Case.OpenedCase),
      supervision: { by: "super-sun", at: T1, reason: "overdue", responder: nanshan },
      steps: { whole: { startedAt: T1 }, supervision: { startedAt: T1 } },
    }
    expect(explain("head-zhao", "supervision", noticed)).toBe(true)
    expect(explain("worker-wang", "supervision", noticed)).toBe(false)
    expect(mayCase("super-sun", "CriticizeCase", handled)).toBe(true)
    expect(mayCase("centre-zhou", "CriticizeCase", handled)).toBe(false)
    expect(mayCase("worker-wang", "CriticizeCase", handled)).toBe(false)
  })

  describe("a supervision notice (督办单) before dispatch names the unit of the case's owner level over its grid", () => {
    // A second street beside Minxin Road, and a supervisor over the district.
    const { state: twoStreets } = run(
      [
        ...SECOND_STREET_COMMANDS,
        cmd({
          _tag: "GrantRole",
          personId: "super-qian",
          role: "supervisor",
          scope: { _tag: "area", areaId: "kunqu" },
        }),
      ],
      territory,
    )
    const unit = (level: Level.Level, unitId: string): Case.Assignee => ({ _tag: "unit", level, unitId })
    const notice = (responder: Case.Assignee | undefined): Case.Command => ({
      _tag: "SuperviseCase",
      caseId: "c-1",
      at: T1,
      by: "super-qian",
      reason: "sensitive",
      responder,
      note: "请说明 — explain",
    })
    const decided = (state: Case.State, responder: Case.Assignee | undefined) => {
      const command = notice(responder)
      return Authorization.authorize(
        Authorization.actorIn(twoStreets, "super-qian"),
        command,
        Authorization.caseTarget(twoStreets, command, state),
      )
    }
    const refusal = (state: Case.State, responder: Case.Assignee | undefined) => {
      const result = decided(state, responder)
      return Result.isFailure(result) ? [result.failure.rule, result.failure.reason] : "granted"
    }
    const atCommunity = openCase("nanshan-g1", "community")

    it("grants the case's own community, refuses another community of the street and one of another street", () => {
      expect(refusal(atCommunity, unit("community", "nanshan"))).toBe("granted")
      expect(refusal(atCommunity, unit("community", "tianhong"))).toEqual([
        "responderOutsideCase",
        "the notice names unit tianhong to answer, which is not the case's owner over its grid at its level (nanshan)",
      ])
      expect(refusal(atCommunity, unit("community", "xitu-c"))).toEqual([
        "responderOutsideCase",
        "the notice names unit xitu-c to answer, which is not the case's owner over its grid at its level (nanshan)",
      ])
    })

    it("refuses a unit of the chain at another level: the grid itself for a case its community owns", () => {
      expect(refusal(atCommunity, unit("community", "nanshan-g1"))[0]).toBe("responderOutsideCase")
      expect(refusal(atCommunity, unit("street", "minxin"))[0]).toBe("responderOutsideCase")
    })

    it("at grid level, the case's own grid answers and the neighbouring grid does not", () => {
      const atGrid = openCase("nanshan-g1", "grid")
      expect(refusal(atGrid, unit("grid", "nanshan-g1"))).toBe("granted")
      expect(refusal(atGrid, unit("grid", "nanshan-g2"))[0]).toBe("responderOutsideCase")
      expect(refusal(atGrid, unit("grid", "xitu-c-g1"))[0]).toBe("responderOutsideCase")
    })

    it("a case of the other street: its own community answers, Minxin Road's do not", () => {
      const there = openCase("xitu-c-g1", "community")
      expect(refusal(there, unit("community", "xitu-c"))).toBe("granted")
      expect(refusal(there, unit("community", "nanshan"))[0]).toBe("responderOutsideCase")
    })

    it("checks who sends first: a non-supervisor naming a stray unit is refused as not granted", () => {
      const command = { ...notice(unit("community", "tianhong")), by: "head-zhao" } as Case.Command
      const result = Authorization.authorize(
        Authorization.actorIn(twoStreets, "head-zhao"),
        command,
        Authorization.caseTarget(twoStreets, command, atCommunity),
      )
      expect(Result.isFailure(result) && result.failure.rule).toBe("notGranted")
    })

    it("leaves the responder to the decider once the case has an assignee, or when the notice names none", () => {
      // After dispatch the notice goes to the assignee, and the decider refuses any other party it names.
      const dispatched = openCase("nanshan-g1", "community", unit("community", "tianhong"))
      expect(refusal(dispatched, unit("community", "tianhong"))).toBe("granted")
      expect(refusal(atCommunity, undefined)).toBe("granted")
    })
  })

  it("a case in a grid the territory does not know is open only to open and self rules", () => {
    const unknown = openCase("elsewhere-g9", "grid", { _tag: "person", personId: "worker-wang" })
    expect(mayCase("centre-zhou", "DispatchCase", unknown)).toBe(false)
    expect(mayCase("worker-wang", "AcknowledgeCase", unknown)).toBe(true)
  })

  it("refuses a command issued in someone else's name, and says who, what and why", () => {
    const command = caseCommand("RegisterCase", "leader-li")
    const refused = Authorization.authorize(
      Authorization.actorIn(territory, "worker-ma"),
      command,
      Authorization.caseTarget(territory, command, openCase("nanshan-g1", "grid")),
    )
    expect(Result.isFailure(refused) && refused.failure).toEqual(
      new Authorization.Forbidden({
        actor: "worker-ma",
        command: "RegisterCase",
        rule: "issuedInAnotherName",
        reason: "the command is issued in the name of leader-li",
      }),
    )
    const own = caseCommand("RegisterCase", "worker-ma")
    const denied = Authorization.authorize(
      Authorization.actorIn(territory, "worker-ma"),
      own,
      Authorization.caseTarget(territory, own, openCase("nanshan-g1", "grid")),
    )
    expect(Result.isFailure(denied) && denied.failure.message).toBe(
      "worker-ma may not RegisterCase: needs gridLeader/stationHead/dispatcher/supervisor over nanshan-g1; holds gridWorker@nanshan-g2",
    )
  })
})

describe("authorize: territory commands", () => {
  const may = (person: string, command: Territory.Command) =>
    Result.isSuccess(
      Authorization.authorize(
        Authorization.actorIn(territory, person),
        command,
        Authorization.territoryTarget(territory, command),
      ),
    )
  const as = (by: string, payload: Parameters<typeof cmd>[0]) => cmd(payload, T1, by)

  it("the command centre redraws the map; a station head only renames and redraws within the community", () => {
    const split = (by: string) =>
      as(by, {
        _tag: "SplitGrid",
        gridId: "nanshan-g1",
        parts: [
          { areaId: "a", name: "a", households: [] },
          { areaId: "b", name: "b", households: [] },
        ],
      })
    expect(may("centre-zhou", split("centre-zhou"))).toBe(true)
    expect(may("head-zhao", split("head-zhao"))).toBe(false)
    expect(may("head-zhao", as("head-zhao", { _tag: "RenameArea", areaId: "nanshan-g2", name: "x" }))).toBe(
      true,
    )
    expect(may("head-zhao", as("head-zhao", { _tag: "RenameArea", areaId: "tianhong-g3", name: "x" }))).toBe(
      false,
    )
  })

  it("a merge needs a role over every grid merged", () => {
    const merge = (by: string, gridIds: ReadonlyArray<string>) =>
      as(by, { _tag: "MergeGrids", gridIds, into: { areaId: "m", name: "m" } })
    expect(may("centre-zhou", merge("centre-zhou", ["nanshan-g1", "nanshan-g2"]))).toBe(true)
    expect(may("super-sun", merge("super-sun", ["nanshan-g1", "nanshan-g2"]))).toBe(false)
  })

  it("a grid worker registers households in the grid, but moving one to another grid needs a role over both", () => {
    expect(
      may(
        "worker-wang",
        as("worker-wang", { _tag: "PlaceHousehold", householdId: "h9", areaId: "nanshan-g1" }),
      ),
    ).toBe(true)
    expect(
      may(
        "worker-wang",
        as("worker-wang", { _tag: "PlaceHousehold", householdId: "h9", areaId: "nanshan-g2" }),
      ),
    ).toBe(false)
    expect(
      may(
        "worker-wang",
        as("worker-wang", { _tag: "MoveHousehold", householdId: "h1", toAreaId: "nanshan-g2" }),
      ),
    ).toBe(false)
    expect(
      may("head-zhao", as("head-zhao", { _tag: "MoveHousehold", householdId: "h1", toAreaId: "nanshan-g2" })),
    ).toBe(true)
    expect(
      may(
        "head-zhao",
        as("head-zhao", { _tag: "MoveHousehold", householdId: "h1", toAreaId: "tianhong-g3-m2" }),
      ),
    ).toBe(false)
  })

  it("appointments are the command centre's, within its street", () => {
    const grant = (by: string) =>
      as(by, {
        _tag: "GrantRole",
        personId: "new",
        role: "gridWorker",
        scope: { _tag: "area", areaId: "nanshan-mall" },
      })
    expect(may("centre-zhou", grant("centre-zhou"))).toBe(true)
    expect(may("head-zhao", grant("head-zhao"))).toBe(false)
    const toWater = as("centre-zhou", {
      _tag: "GrantRole",
      personId: "new",
      role: "departmentHandler",
      scope: { _tag: "department", departmentId: "water" },
    })
    expect(may("centre-zhou", toWater)).toBe(true)
  })
})

describe("authorize: an award's approver (审批人)", () => {
  // Tianhong gets a station head too, so Nanshan's awards can be approved by the wrong community's.
  const { state: withTianhongHead } = run(
    [
      cmd(
        {
          _tag: "GrantRole",
          personId: "head-tian",
          role: "stationHead",
          scope: { _tag: "area", areaId: "tianhong" },
        },
        T1,
      ),
    ],
    territory,
  )
  /** A resident of household h1, in Nanshan's grid g1. */
  const resident = Decider.fold(Resident.makeDecider(), [
    {
      _tag: "ResidentRegistered",
      residentId: "r1",
      at: T1,
      by: "worker-wang",
      householdId: "h1",
      person: { name: sealedPlaceholder("r1") },
    },
  ])
  const award = (by: string, approvedBy: string): Points.Command => ({
    _tag: "AwardPoints",
    residentId: "r1",
    at: T1,
    by,
    awardId: "a-1",
    points: 20,
    act: "helpingNeighbours",
    reason: "帮助邻居搬运物品",
    approvedBy,
  })
  /** What the guarded points handler does: both people resolved in the resident's territory. */
  const decide = (command: Points.Command, approver?: Authorization.Actor) =>
    Authorization.authorize(
      Authorization.actorIn(withTianhongHead, command.by),
      command,
      Authorization.pointsTarget(withTianhongHead, resident),
      approver ?? Authorization.approverIn(withTianhongHead, command),
    )
  const reason = (command: Points.Command, approver?: Authorization.Actor) => {
    const refused = decide(command, approver)
    return Result.isFailure(refused) ? refused.failure.reason : "granted"
  }

  it("grants an award collected by the grid and approved by the community's station head or a supervisor above", () => {
    expect(Result.isSuccess(decide(award("worker-wang", "head-zhao")))).toBe(true)
    expect(Result.isSuccess(decide(award("leader-li", "super-sun")))).toBe(true)
  })

  it("refuses an approver without the president's role, saying what they need and what they hold", () => {
    expect(reason(award("worker-wang", "leader-li"))).toBe(
      "needs an approver holding stationHead/supervisor over nanshan-g1; approver leader-li holds gridLeader@nanshan-g1",
    )
    expect(reason(award("worker-wang", "centre-zhou"))).toBe(
      "needs an approver holding stationHead/supervisor over nanshan-g1; approver centre-zhou holds dispatcher@minxin",
    )
  })

  it("refuses the right role held over another community", () => {
    expect(reason(award("worker-wang", "head-tian"))).toBe(
      "needs an approver holding stationHead/supervisor over nanshan-g1; approver head-tian holds stationHead@tianhong",
    )
  })

  it("refuses an approver the territory does not know", () => {
    const refused = decide(award("worker-wang", "bank-president-liu"))
    expect(Result.isFailure(refused) && refused.failure).toEqual(
      new Authorization.Forbidden({
        actor: "worker-wang",
        command: "AwardPoints",
        rule: "approvalRefused",
        reason:
          "needs an approver holding stationHead/supervisor over nanshan-g1; approver bank-president-liu holds no role",
      }),
    )
  })

  it("refuses a command that names no approver, or one resolved as someone else", () => {
    const target = Authorization.pointsTarget(withTianhongHead, resident)
    const unnamed = Authorization.authorize(
      Authorization.actorIn(withTianhongHead, "worker-wang"),
      { _tag: "AwardPoints", by: "worker-wang" },
      target,
      Authorization.actorIn(withTianhongHead, "head-zhao"),
    )
    expect(Result.isFailure(unnamed) && unnamed.failure.reason).toBe(
      "needs an approver holding stationHead/supervisor over nanshan-g1; the command names none",
    )
    expect(
      reason(award("worker-wang", "head-zhao"), Authorization.actorIn(withTianhongHead, "super-sun")),
    ).toBe("the command names approver head-zhao, but approver super-sun was resolved")
    const unresolved = Authorization.authorize(
      Authorization.actorIn(withTianhongHead, "worker-wang"),
      award("worker-wang", "head-zhao"),
      target,
    )
    expect(Result.isFailure(unresolved) && unresolved.failure.reason).toBe(
      "the command names approver head-zhao, but no approver was resolved",
    )
  })

  it("checks the issuer first: a good approver does not let the next grid's worker collect", () => {
    expect(reason(award("worker-ma", "head-zhao"))).toBe(
      "needs gridWorker/gridLeader/stationHead over nanshan-g1; holds gridWorker@nanshan-g2",
    )
  })

  it("asks for no approver where the rule names none", () => {
    const redeem: Points.Command = {
      _tag: "RedeemPoints",
      residentId: "r1",
      at: T1,
      by: "worker-wang",
      redemptionId: "x-1",
      rewardId: "soap",
      quantity: 1,
    }
    expect(Authorization.approverIn(withTianhongHead, redeem)).toBeUndefined()
    expect(Result.isSuccess(decide(redeem))).toBe(true)
  })
})
