import { describe, expect, it } from "vitest"
import { Resident } from "../../src/index.ts"
import { DeciderSpecification, sealedPlaceholder } from "../../src/testing/index.ts"

const spec = DeciderSpecification.for(Resident.makeDecider())
const T0 = Date.UTC(2026, 2, 2, 1, 0)
const residentId = "resident-chen"
const at = (minutes: number) => T0 + minutes * 60_000
const who = (minutes: number, by = "grid-worker-li") => ({ residentId, at: at(minutes), by })

const sealed = sealedPlaceholder(residentId)
const registered: Resident.EventOf<"ResidentRegistered"> = {
  _tag: "ResidentRegistered",
  ...who(0),
  householdId: "household-301",
  person: { name: sealed, phone: sealed },
}
const tagged: Resident.Event = { _tag: "ResidentTagged", ...who(1), tag: "elderlyAlone" }
const planned: Resident.Event = {
  _tag: "CarePlanSet",
  ...who(2, "grid-leader-wang"),
  tag: "elderlyAlone",
  cadence: { visits: 1, per: "month" },
}
const erased: Resident.Event = {
  _tag: "ResidentErased",
  ...who(3, "community-head-zhao"),
  reason: "本人申请删除",
}

const register: Resident.SealedCommandOf<"RegisterResident"> = {
  _tag: "RegisterResident",
  ...who(0),
  householdId: "household-301",
  person: { name: sealed, phone: sealed },
}

describe("resident decider", () => {
  it("registers a resident with sealed details, once", () => {
    spec.given([]).when(register).then(registered)
    expect(spec.given(registered).when(register).thenFails("ResidentRuleViolated").rule).toBe(
      "alreadyRegistered",
    )
  })

  it("refuses details sealed under someone else's key: they would outlive this resident's erasure", () => {
    const foreign = { ...register, person: { name: sealed, phone: sealedPlaceholder("resident-other") } }
    expect(spec.given([]).when(foreign).thenFails().rule).toBe("sealedForAnotherSubject")
    const correction: Resident.SealedCommand = {
      _tag: "CorrectPersonalDetails",
      ...who(1),
      changes: { address: sealedPlaceholder("resident-other") },
    }
    expect(spec.given(registered).when(correction).thenFails().rule).toBe("sealedForAnotherSubject")
  })

  it("takes no command before registration", () => {
    const move: Resident.SealedCommand = { _tag: "MoveResident", ...who(1), householdId: "household-302" }
    expect(spec.given([]).when(move).thenFails().rule).toBe("notRegistered")
  })

  it("corrects sealed details field by field", () => {
    const phone = { ...sealedPlaceholder(residentId), iv: "BBBBBBBBBBBBBBBB" }
    spec
      .given(registered)
      .when({ _tag: "CorrectPersonalDetails", ...who(1), changes: { phone } })
      .thenState({
        exists: true,
        residentId,
        householdId: "household-301",
        person: { name: sealed, phone },
        erased: false,
        lastAt: at(1),
        tags: [],
        carePlans: [],
        visits: [],
      })
  })

  it("moves a resident to another household, not to the one they are in", () => {
    spec
      .given(registered)
      .when({ _tag: "MoveResident", ...who(1), householdId: "household-502" })
      .then({ _tag: "ResidentMoved", ...who(1), from: "household-301", to: "household-502" })
    const stay: Resident.SealedCommand = { _tag: "MoveResident", ...who(1), householdId: "household-301" }
    expect(spec.given(registered).when(stay).thenFails().rule).toBe("sameHousehold")
  })

  it("tags and untags special-care groups (重点人群), each once", () => {
    spec
      .given(registered)
      .when({ _tag: "TagResident", ...who(1), tag: "elderlyAlone" })
      .then(tagged)
    const again: Resident.SealedCommand = { _tag: "TagResident", ...who(2), tag: "elderlyAlone" }
    expect(spec.given([registered, tagged]).when(again).thenFails().rule).toBe("alreadyTagged")
    const untag: Resident.SealedCommand = {
      _tag: "UntagResident",
      ...who(2),
      tag: "veteran",
      reason: "登记有误",
    }
    expect(spec.given([registered, tagged]).when(untag).thenFails().rule).toBe("notTagged")
  })

  it("sets a care plan only for a tag the resident has, and ends it with the tag", () => {
    const plan: Resident.SealedCommand = {
      _tag: "SetCarePlan",
      ...who(2, "grid-leader-wang"),
      tag: "elderlyAlone",
      cadence: { visits: 1, per: "month" },
    }
    spec.given([registered, tagged]).when(plan).then(planned)
    expect(spec.given(registered).when(plan).thenFails().rule).toBe("notTagged")
    expect(spec.given([registered, tagged, planned]).when(plan).thenFails().rule).toBe("carePlanUnchanged")
    spec
      .given([registered, tagged, planned])
      .when({ _tag: "UntagResident", ...who(5), tag: "elderlyAlone", reason: "已入住养老院" })
      .thenState({
        exists: true,
        residentId,
        householdId: "household-301",
        person: { name: sealed, phone: sealed },
        erased: false,
        lastAt: at(5),
        tags: [],
        carePlans: [
          { tag: "elderlyAlone", cadence: { visits: 1, per: "month" }, since: at(2), until: at(5) },
        ],
        visits: [],
      })
  })

  it("replaces a plan's cadence from the change on, and ends a running plan only", () => {
    const weekly: Resident.SealedCommand = {
      _tag: "SetCarePlan",
      ...who(5),
      tag: "elderlyAlone",
      cadence: { visits: 1, per: "week" },
    }
    const result = spec.given([registered, tagged, planned]).when(weekly)
    result.then({ _tag: "CarePlanSet", ...who(5), tag: "elderlyAlone", cadence: { visits: 1, per: "week" } })
    const end: Resident.SealedCommand = {
      _tag: "EndCarePlan",
      ...who(3),
      tag: "elderlyAlone",
      reason: "情况好转",
    }
    expect(spec.given([registered, tagged]).when(end).thenFails().rule).toBe("noCarePlan")
  })

  it("records a visit with the household it happened in and the case it raises, each visit once", () => {
    const raiseCase = {
      caseId: "case-hardship-1",
      gridId: "haikou-port-grid-07",
      category: "vulnerablePerson",
      urgency: "normal",
      description: "家庭生活困难，需协助申请低保",
      level: "grid",
    } as const
    const visit: Resident.SealedCommand = {
      _tag: "RecordVisit",
      ...who(10),
      visitId: "visit-1",
      findings: "盲人夫妇，生活困难",
      raiseCase,
    }
    spec
      .given(registered)
      .when(visit)
      .then({
        _tag: "ResidentVisited",
        ...who(10),
        visitId: "visit-1",
        householdId: "household-301",
        findings: "盲人夫妇，生活困难",
        raisedCase: raiseCase,
      })
  })

  it("refuses a visit id twice and a command dated before the last event", () => {
    const visited: Resident.Event = {
      _tag: "ResidentVisited",
      ...who(10),
      visitId: "visit-1",
      householdId: "household-301",
      findings: "一切正常",
    }
    const again: Resident.SealedCommand = {
      _tag: "RecordVisit",
      ...who(11),
      visitId: "visit-1",
      findings: "再次走访",
    }
    expect(spec.given([registered, visited]).when(again).thenFails().rule).toBe("visitAlreadyRecorded")
    const late: Resident.SealedCommand = {
      _tag: "RecordVisit",
      ...who(9),
      visitId: "visit-2",
      findings: "补录",
    }
    expect(spec.given([registered, visited]).when(late).thenFails().rule).toBe("clockWentBackwards")
  })

  it("refuses a command for another resident on this stream", () => {
    const other: Resident.SealedCommand = {
      _tag: "TagResident",
      residentId: "resident-li",
      at: at(1),
      by: "x",
      tag: "veteran",
    }
    expect(spec.given(registered).when(other).thenFails().rule).toBe("residentIdMismatch")
  })

  it("erases: drops the sealed details and the tags, ends the plans, and takes nothing more — but erasing again is a no-op", () => {
    spec
      .given([registered, tagged, planned])
      .when({ _tag: "EraseResident", ...who(3, "community-head-zhao"), reason: "本人申请删除" })
      .thenState({
        exists: true,
        residentId,
        householdId: "household-301",
        person: undefined,
        erased: true,
        lastAt: at(3),
        tags: [],
        carePlans: [
          { tag: "elderlyAlone", cadence: { visits: 1, per: "month" }, since: at(2), until: at(3) },
        ],
        visits: [],
      })
    spec
      .given([registered, erased])
      .when({ _tag: "EraseResident", ...who(4), reason: "重复申请" })
      .then([])
    const visit: Resident.SealedCommand = {
      _tag: "RecordVisit",
      ...who(4),
      visitId: "visit-9",
      findings: "x",
    }
    expect(spec.given([registered, erased]).when(visit).thenFails().rule).toBe("erased")
  })

  it("records who looked at the personal details, when and why; an erased resident has none to show", () => {
    const reveal: Resident.SealedCommand = {
      _tag: "RevealPersonalDetails",
      ...who(3, "community-head-zhao"),
      reason: "联系家属 — calling the family",
    }
    spec
      .given([registered])
      .when(reveal)
      .then({
        _tag: "PersonalDetailsRevealed",
        ...who(3, "community-head-zhao"),
        reason: "联系家属 — calling the family",
      })
    expect(spec.given([registered, erased]).when(reveal).thenFails().rule).toBe("erased")
  })
})
