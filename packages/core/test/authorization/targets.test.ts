import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { Authorization, Campaign, type Case, Decider, Intake, Resident, Territory } from "../../src/index.ts"
import { sealedPlaceholder } from "../../src/testing/index.ts"
import { unplacedReport } from "../intake/fixture.ts"
import { cmd, sample, T1 } from "../territory/fixture.ts"

/**
 * Where each target function places a command, read against the sample territory's map (Kunqu →
 * Minxin Road → Nanshan: grids g1, g2; Tianhong: grid g3 with micro-grids m1, m2; the water
 * department at Minxin Road; households h1–h4 in g1, h5 in g2, h6 in m1). A command the territory
 * cannot place has no area at all: no area role covers it, and its refusal says the territory
 * does not know where it is. Found by `pnpm mutate authorization` (docs/mutation.md): the tests
 * reached these places only through authorization's yes or no.
 */
const { state: territory } = sample()
const none = Territory.initialState
const G1 = ["nanshan-g1", "nanshan", "minxin", "kunqu"]
const NANSHAN = ["nanshan", "minxin", "kunqu"]
const MINXIN = ["minxin", "kunqu"]

describe("territory commands", () => {
  const place = (payload: Parameters<typeof cmd>[0], t: Territory.State = territory) =>
    Authorization.territoryTarget(t, cmd(payload, T1, "centre-zhou")).area

  it("a new area under its parent, a district (no parent) nowhere", () => {
    expect(
      place({ _tag: "CreateArea", areaId: "nanshan-g9", name: "9", level: "grid", parentId: "nanshan" }),
    ).toEqual(NANSHAN)
    expect(place({ _tag: "CreateArea", areaId: "other", name: "另一区", level: "district" })).toEqual([])
  })

  it("a department where it sits; one the territory does not know nowhere", () => {
    expect(place({ _tag: "RetireDepartment", departmentId: "water" })).toEqual(MINXIN)
    expect(place({ _tag: "RenameDepartment", departmentId: "water", name: "水务" })).toEqual(MINXIN)
    expect(place({ _tag: "RetireDepartment", departmentId: "power" })).toEqual([])
    expect(
      place({
        _tag: "GrantRole",
        personId: "p",
        role: "departmentHandler",
        scope: { _tag: "department", departmentId: "power" },
      }),
    ).toEqual([])
  })

  it("a household where it sits, a move at the lowest area holding both ends; an unplaced household nowhere", () => {
    expect(place({ _tag: "RemoveHousehold", householdId: "h5" })).toEqual(["nanshan-g2", ...NANSHAN])
    expect(place({ _tag: "RemoveHousehold", householdId: "h-none" })).toEqual([])
    expect(place({ _tag: "MoveHousehold", householdId: "h1", toAreaId: "nanshan-g2" })).toEqual(NANSHAN)
    expect(place({ _tag: "MoveHousehold", householdId: "h-none", toAreaId: "nanshan-g2" })).toEqual([])
  })

  it("nothing before the territory exists", () => {
    expect(
      place({ _tag: "CreateArea", areaId: "x", name: "x", level: "grid", parentId: "nanshan" }, none),
    ).toEqual([])
  })
})

describe("case commands", () => {
  const report = (gridId: string): Case.Command => ({
    _tag: "ReportCase",
    caseId: "c-1",
    at: T1,
    by: "resident-7",
    source: "residentReport",
    category: "utilities",
    urgency: "normal",
    description: "水管破裂",
    location: { gridId },
    level: "community",
  })

  it("a new case at its level's area, on site at its grid, reported by its sender", () => {
    expect(Authorization.caseTarget(territory, report("nanshan-g1"), { exists: false })).toEqual({
      area: NANSHAN,
      site: G1,
      reporter: "resident-7",
    })
  })

  it("a case in a grid the territory does not know, or with no territory, nowhere", () => {
    expect(Authorization.caseTarget(territory, report("elsewhere-g9"), { exists: false }).area).toEqual([])
    expect(Authorization.caseTarget(none, report("nanshan-g1"), { exists: false }).area).toEqual([])
  })

  it("a command on a case that does not exist nowhere", () => {
    const acknowledge = { _tag: "AcknowledgeCase", caseId: "c-1", at: T1, by: "worker-wang" } as Case.Command
    expect(Authorization.caseTarget(territory, acknowledge, { exists: false })).toEqual({ area: [] })
  })
})

describe("resident and points commands", () => {
  const stamp = { residentId: "r1", at: T1, by: "worker-wang" }
  const registered = (householdId: string) =>
    Decider.fold(Resident.makeDecider(), [
      { _tag: "ResidentRegistered", ...stamp, householdId, person: { name: sealedPlaceholder("r1") } },
    ])
  const move = (householdId: string): Resident.SealedCommand => ({
    _tag: "MoveResident",
    ...stamp,
    householdId,
  })
  const register = (householdId: string): Resident.SealedCommand => ({
    _tag: "RegisterResident",
    ...stamp,
    householdId,
    person: { name: sealedPlaceholder("r1") },
  })

  it("a resident at their household's grid, a move at the lowest area holding both households", () => {
    expect(Authorization.residentTarget(territory, register("h6"), { exists: false }).area).toEqual([
      "tianhong-g3-m1",
      "tianhong-g3",
      "tianhong",
      ...MINXIN,
    ])
    expect(Authorization.residentTarget(territory, move("h5"), registered("h1")).area).toEqual(NANSHAN)
  })

  it("nowhere: a resident not registered, an unplaced household at either end, no territory", () => {
    expect(Authorization.residentTarget(territory, move("h5"), { exists: false }).area).toEqual([])
    expect(Authorization.residentTarget(territory, move("h5"), registered("h-none")).area).toEqual([])
    expect(Authorization.residentTarget(territory, move("h-none"), registered("h1")).area).toEqual([])
    expect(Authorization.residentTarget(none, register("h1"), { exists: false }).area).toEqual([])
  })

  it("a ledger where its resident lives; nowhere for an unplaced household, an unknown resident, no territory", () => {
    expect(Authorization.pointsTarget(territory, registered("h5")).area).toEqual(["nanshan-g2", ...NANSHAN])
    expect(Authorization.pointsTarget(territory, registered("h-none")).area).toEqual([])
    expect(Authorization.pointsTarget(territory, { exists: false }).area).toEqual([])
    expect(Authorization.pointsTarget(none, registered("h1")).area).toEqual([])
  })
})

describe("campaign commands", () => {
  const stamp = { campaignId: "k-1", at: T1, by: "head-zhao" }
  const launch: Campaign.Command = {
    _tag: "LaunchCampaign",
    ...stamp,
    title: "南山敲门行动",
    areaId: "nanshan",
    households: [{ householdId: "h5", areaId: "nanshan-g2" }],
  }
  const decided = Campaign.makeDecider().decide(launch, Campaign.initialState)
  if (Result.isFailure(decided)) throw decided.failure
  const launched = Decider.fold(Campaign.makeDecider(), decided.success)
  const knock = (householdId: string): Campaign.Command => ({
    _tag: "RecordDoorKnock",
    ...stamp,
    householdId,
    outcome: { _tag: "noAnswer" },
  })

  it("a knock at the grid the household was listed in, or the campaign's area for a door not listed", () => {
    expect(Authorization.campaignTarget(territory, knock("h5"), launched).area).toEqual([
      "nanshan-g2",
      ...NANSHAN,
    ])
    expect(Authorization.campaignTarget(territory, knock("h1"), launched).area).toEqual(NANSHAN)
  })

  it("nowhere: a knock on a campaign not launched, or with no territory", () => {
    expect(Authorization.campaignTarget(territory, knock("h5"), Campaign.initialState).area).toEqual([])
    expect(Authorization.campaignTarget(none, launch, Campaign.initialState).area).toEqual([])
  })
})

describe("unplaced reports (待定位)", () => {
  const received = unplacedReport("resident-7")
  const locate: Intake.Command = {
    _tag: "LocateReport",
    reportId: "r-1",
    at: T1,
    by: "centre-zhou",
    gridId: "nanshan-g1",
  }

  it("a report received where it names, a report waiting where it was received", () => {
    expect(Authorization.intakeTarget(territory, received, Intake.initialState).area).toEqual(MINXIN)
    const waiting = Decider.fold(Intake.makeDecider(), [{ ...received, _tag: "UnplacedReportReceived" }])
    expect(Authorization.intakeTarget(territory, locate, waiting).area).toEqual(MINXIN)
  })

  it("nowhere: a report never received, or no territory", () => {
    expect(Authorization.intakeTarget(territory, locate, Intake.initialState).area).toEqual([])
    expect(Authorization.intakeTarget(none, received, Intake.initialState).area).toEqual([])
  })
})
