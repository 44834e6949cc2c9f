import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Campaign, Decider } from "../../src/index.ts"
import { DeciderSpecification } from "../../src/testing/index.ts"

const spec = DeciderSpecification.for(Campaign.makeDecider())
const T0 = Date.UTC(2026, 3, 7, 1, 0)
const campaignId = "wanshuiquan-2026-spring"
const stamp = (minutes: number, by = "cadre-zhang") => ({ campaignId, at: T0 + minutes * 60_000, by })
const listed = [
  { householdId: "h-1", areaId: "grid-a" },
  { householdId: "h-2", areaId: "grid-a" },
  { householdId: "h-3", areaId: "grid-b" },
]
const launched: Campaign.Event = {
  _tag: "CampaignLaunched",
  ...stamp(0, "town-secretary"),
  title: "万水泉镇敲门行动",
  areaId: "wanshuiquan-town",
  households: listed,
}
const facts: Campaign.HouseholdFacts = {
  occupants: 1,
  tenure: "owned",
  mayNeedCare: ["elderlyAlone"],
  note: "独居，子女在外地",
}
const knock = (
  minutes: number,
  householdId: string,
  outcome: Campaign.DoorKnockOutcome,
): Campaign.Command => ({
  _tag: "RecordDoorKnock",
  ...stamp(minutes),
  householdId,
  outcome,
})
const knocked = (
  minutes: number,
  householdId: string,
  outcome: Campaign.DoorKnockOutcome,
): Campaign.Event => ({
  _tag: "DoorKnocked",
  ...stamp(minutes),
  householdId,
  outcome,
})

const launchedState = (history: ReadonlyArray<Campaign.Event>) => {
  const state = Decider.fold(Campaign.makeDecider(), history)
  if (!state.exists) throw new Error("launched")
  return state
}

describe("door-knocking campaign (敲门行动)", () => {
  it("launches over an area with its households, each listed once", () => {
    const launch: Campaign.Command = {
      _tag: "LaunchCampaign",
      ...stamp(0, "town-secretary"),
      title: "万水泉镇敲门行动",
      areaId: "wanshuiquan-town",
      households: listed,
    }
    spec.given([]).when(launch).then(launched)
    const twice = { ...launch, households: [...listed, listed[0]!] }
    expect(spec.given([]).when(twice).thenFails().rule).toBe("householdListedTwice")
    expect(spec.given(launched).when(launch).thenFails().rule).toBe("alreadyLaunched")
  })

  it("records who knocked together: a team of an organ staff member and the grid leader", () => {
    const team: Campaign.Command = {
      _tag: "RecordDoorKnock",
      ...stamp(5),
      householdId: "h-1",
      outcome: { _tag: "visited", facts },
      companions: ["grid-a-leader"],
    }
    spec
      .given(launched)
      .when(team)
      .then({ ...team, _tag: "DoorKnocked" })
    expect(Result.isFailure(Campaign.decodeCommand({ ...team, companions: [] }))).toBe(true)
  })

  it("records knocks with their outcome, and the facts of a visit", () => {
    spec
      .given(launched)
      .when(knock(5, "h-1", { _tag: "visited", facts }))
      .then(knocked(5, "h-1", { _tag: "visited", facts }))
    expect(
      spec
        .given(launched)
        .when(knock(5, "h-9", { _tag: "noAnswer" }))
        .thenFails().rule,
    ).toBe("notListed")
  })

  it("lets a visited door be visited again to update its facts, but not fall back to unanswered", () => {
    const visited = knocked(5, "h-1", { _tag: "visited", facts })
    const updated = { ...facts, occupants: 2 }
    spec
      .given([launched, visited])
      .when(knock(9, "h-1", { _tag: "visited", facts: updated }))
      .then(knocked(9, "h-1", { _tag: "visited", facts: updated }))
    expect(
      spec
        .given([launched, visited])
        .when(knock(9, "h-1", { _tag: "noAnswer" }))
        .thenFails().rule,
    ).toBe("alreadyVisited")
  })

  it("adds households found later, not twice, and takes nothing once closed", () => {
    const add: Campaign.Command = {
      _tag: "AddCampaignHouseholds",
      ...stamp(3),
      households: [{ householdId: "h-4", areaId: "grid-b" }],
    }
    spec
      .given(launched)
      .when(add)
      .then({
        _tag: "CampaignHouseholdsAdded",
        ...stamp(3),
        households: [{ householdId: "h-4", areaId: "grid-b" }],
      })
    const again: Campaign.Command = { ...add, households: [{ householdId: "h-2", areaId: "grid-a" }] }
    expect(spec.given(launched).when(again).thenFails().rule).toBe("householdListedTwice")
    const closed: Campaign.Event = { _tag: "CampaignClosed", ...stamp(10) }
    spec
      .given(launched)
      .when({ _tag: "CloseCampaign", ...stamp(10) })
      .then(closed)
    expect(
      spec
        .given([launched, closed])
        .when(knock(11, "h-1", { _tag: "refused" }))
        .thenFails().rule,
    ).toBe("closed")
  })

  it("reports progress overall and per grid", () => {
    const campaign = launchedState([
      launched,
      knocked(1, "h-1", { _tag: "visited", facts }),
      knocked(2, "h-2", { _tag: "noAnswer" }),
    ])
    expect(Campaign.progress(campaign)).toEqual({
      total: 3,
      visited: 1,
      refused: 0,
      noAnswer: 1,
      pending: 1,
      outstanding: 2,
      byArea: [
        { areaId: "grid-a", total: 2, visited: 1, refused: 0, noAnswer: 1, pending: 0, outstanding: 1 },
        { areaId: "grid-b", total: 1, visited: 0, refused: 0, noAnswer: 0, pending: 1, outstanding: 1 },
      ],
    })
  })

  it("property: whatever knocks follow, a visited door stays visited and the counts add up", () => {
    const outcome = fc.constantFrom<Campaign.DoorKnockOutcome>(
      { _tag: "visited", facts },
      { _tag: "noAnswer" },
      { _tag: "refused" },
    )
    const knocks = fc.array(fc.tuple(fc.constantFrom("h-1", "h-2", "h-3", "h-9"), outcome), { maxLength: 30 })
    fc.assert(
      fc.property(knocks, (steps) => {
        let state: Campaign.State = Decider.fold(Campaign.makeDecider(), [launched])
        const everVisited = new Set<string>()
        steps.forEach(([householdId, result], i) => {
          const decision = Campaign.makeDecider().decide(knock(i + 1, householdId, result), state)
          if (Result.isSuccess(decision))
            state = Decider.fold(Campaign.makeDecider(), decision.success, state)
          if (!state.exists) throw new Error("launched")
          for (const id of everVisited) expect(state.households.get(id)?.status).toBe("visited")
          if (state.households.get(householdId)?.status === "visited") everVisited.add(householdId)
        })
        if (!state.exists) throw new Error("launched")
        const progress = Campaign.progress(state)
        expect(progress.visited + progress.refused + progress.noAnswer + progress.pending).toBe(3)
        expect(progress.visited).toBe(everVisited.size)
        expect(progress.byArea.reduce((sum, area) => sum + area.total, 0)).toBe(progress.total)
      }),
    )
  })
})
