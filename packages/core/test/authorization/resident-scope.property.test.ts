import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Authorization, Campaign, Decider, Points, Resident, Territory } from "../../src/index.ts"
import {
  arbitraryTerritory,
  type GeneratedTerritory,
  generatedAncestry,
  TERRITORY_GENERATED_AT,
  TERRITORY_PEOPLE,
} from "../../src/testing/arbitraries/index.ts"
import { sealedPlaceholder } from "../../src/testing/index.ts"

const AT = TERRITORY_GENERATED_AT + 60_000

/** Whether the actor holds one of `roles` over an area that contains `areaId`, by the generated parent links. */
const covers = (
  territory: GeneratedTerritory,
  actor: Authorization.Actor,
  roles: ReadonlyArray<Territory.Role>,
  areaId: string,
) =>
  actor.roles.some(
    (held) =>
      roles.includes(held.role) &&
      held.scope._tag === "area" &&
      generatedAncestry(territory, areaId).includes(held.scope.areaId),
  )

/** A generated territory with households, someone acting in it, and the territory's state. */
const world = arbitraryTerritory
  .filter((territory) => territory.households.length > 0)
  .chain((territory) =>
    fc.record({
      territory: fc.constant(territory),
      person: fc.constantFrom(...TERRITORY_PEOPLE),
      household: fc.constantFrom(...territory.households),
      other: fc.constantFrom(...territory.households),
    }),
  )

/**
 * One of `anyone`, or as often one of the generated staff holding one of `roles` over `areaId`:
 * without the bias, an issuer and an approver whose roles both cover a household are too rare.
 */
const someoneOrHolder = (
  territory: GeneratedTerritory,
  roles: ReadonlyArray<Territory.Role>,
  areaId: string,
  anyone: ReadonlyArray<string>,
): fc.Arbitrary<string> => {
  const path = generatedAncestry(territory, areaId)
  const holders = territory.staff
    .filter(
      (held) => roles.includes(held.role) && held.scope._tag === "area" && path.includes(held.scope.areaId),
    )
    .map((held) => held.personId)
  return holders.length === 0
    ? fc.constantFrom(...anyone)
    : fc.oneof(fc.constantFrom(...anyone), fc.constantFrom(...holders))
}

const state = (territory: GeneratedTerritory): Territory.State =>
  Decider.fold(Territory.makeDecider(), territory.events)
const areaOfHousehold = (territory: GeneratedTerritory, householdId: string) =>
  territory.households.find((household) => household.householdId === householdId)?.areaId ?? "unplaced"

/** A resident registered in `householdId`, tagged elderlyAlone with a monthly plan. */
const residentHistory = (householdId: string): ReadonlyArray<Resident.Event> => {
  const stamp = { residentId: "r", at: TERRITORY_GENERATED_AT, by: "generator" }
  return [
    { _tag: "ResidentRegistered", ...stamp, householdId, person: { name: sealedPlaceholder("r") } },
    { _tag: "ResidentTagged", ...stamp, tag: "elderlyAlone" },
    { _tag: "CarePlanSet", ...stamp, tag: "elderlyAlone", cadence: { visits: 1, per: "month" } },
  ]
}

const residentCommands = (by: string, other: string): ReadonlyArray<Resident.SealedCommand> => {
  const stamp = { residentId: "r", at: AT, by }
  return [
    {
      _tag: "RegisterResident",
      ...stamp,
      residentId: "r-new",
      householdId: other,
      person: { name: sealedPlaceholder("r-new") },
    },
    { _tag: "CorrectPersonalDetails", ...stamp, changes: { phone: sealedPlaceholder("r") } },
    { _tag: "MoveResident", ...stamp, householdId: other },
    { _tag: "TagResident", ...stamp, tag: "disabled" },
    { _tag: "UntagResident", ...stamp, tag: "elderlyAlone", reason: "情况变化" },
    { _tag: "SetCarePlan", ...stamp, tag: "elderlyAlone", cadence: { visits: 1, per: "week" } },
    { _tag: "EndCarePlan", ...stamp, tag: "elderlyAlone", reason: "情况好转" },
    { _tag: "RecordVisit", ...stamp, visitId: "v", findings: "一切正常" },
    { _tag: "EraseResident", ...stamp, reason: "本人申请" },
  ]
}

describe("resident, points and campaign authorization: nobody acts outside their scope", () => {
  it("property: no generated actor changes a resident whose household lies outside their roles' areas", () => {
    let changed = 0
    fc.assert(
      fc.property(world, fc.nat(8), ({ territory, person, household, other }, pick) => {
        const t = state(territory)
        const actor = Authorization.actorIn(t, person)
        const command = residentCommands(person, other.householdId)[pick]!
        const resident = Decider.fold(
          Resident.makeDecider(),
          command._tag === "RegisterResident" ? [] : residentHistory(household.householdId),
        )
        if (
          Result.isFailure(
            Authorization.authorize(actor, command, Authorization.residentTarget(t, command, resident)),
          )
        )
          return
        const decided = Resident.makeDecider().decide(command, resident)
        if (Result.isFailure(decided) || decided.success.length === 0) return
        changed++
        const touched =
          command._tag === "RegisterResident"
            ? [other.areaId]
            : command._tag === "MoveResident"
              ? [household.areaId, other.areaId]
              : [household.areaId]
        for (const areaId of touched)
          expect(covers(territory, actor, Authorization.RESIDENT_RULES[command._tag].roles, areaId)).toBe(
            true,
          )
      }),
      { numRuns: 400 },
    )
    expect(changed).toBeGreaterThan(10)
  })

  it("property: a ledger command is granted exactly when the issuer's roles cover the resident's grid, and for an award the named approver's (审批人) too", () => {
    const decider = Points.makeDecider({ catalogue: { soap: { name: "肥皂", cost: 5 } } })
    const stamp = (by: string) => ({ residentId: "r", at: AT, by })
    let changed = 0
    const awards = { granted: 0, approverRefused: 0 }
    const TAGS = ["AwardPoints", "RedeemPoints", "ReverseAward", "ExpirePoints"] as const
    /** A household, a ledger command (an award half the time) and its issuer, and the approver an award names. */
    const attempts = world.chain(({ territory, household }) =>
      fc.oneof(fc.constant(0), fc.nat(3)).chain((pick) =>
        fc.record({
          territory: fc.constant(territory),
          household: fc.constant(household),
          pick: fc.constant(pick),
          person: someoneOrHolder(
            territory,
            Authorization.POINTS_RULES[TAGS[pick]!].roles,
            household.areaId,
            TERRITORY_PEOPLE,
          ),
          approverId: someoneOrHolder(
            territory,
            Authorization.POINTS_RULES.AwardPoints.approvedBy ?? [],
            household.areaId,
            [...TERRITORY_PEOPLE, "stranger"],
          ),
        }),
      ),
    )
    fc.assert(
      fc.property(attempts, ({ territory, person, household, pick, approverId }) => {
        const t = state(territory)
        const actor = Authorization.actorIn(t, person)
        const command: Points.Command = (
          [
            {
              _tag: "AwardPoints",
              ...stamp(person),
              awardId: "a-2",
              points: 5,
              act: "volunteering",
              reason: "志愿服务",
              approvedBy: approverId,
            },
            { _tag: "RedeemPoints", ...stamp(person), redemptionId: "x", rewardId: "soap", quantity: 1 },
            { _tag: "ReverseAward", ...stamp(person), awardId: "a-1", reason: "登记错误" },
            { _tag: "ExpirePoints", ...stamp(person) },
          ] as const
        )[pick]!
        const ledger = Decider.fold(decider, [
          {
            _tag: "PointsAwarded",
            ...stamp("generator"),
            at: TERRITORY_GENERATED_AT,
            awardId: "a-1",
            points: 30,
            act: "volunteering",
            reason: "志愿服务",
            approvedBy: "zhou",
          },
        ])
        const resident = Decider.fold(Resident.makeDecider(), residentHistory(household.householdId))
        const granted = Result.isSuccess(
          Authorization.authorize(
            actor,
            command,
            Authorization.pointsTarget(t, resident),
            Authorization.approverIn(t, command),
          ),
        )
        // The approver's roles as generated, not as the territory resolves them.
        const approver = {
          id: approverId,
          roles: territory.staff.filter((held) => held.personId === approverId),
        }
        const rule = Authorization.POINTS_RULES[command._tag]
        const issuerCovers = covers(territory, actor, rule.roles, household.areaId)
        expect(granted).toBe(
          issuerCovers &&
            (rule.approvedBy === undefined || covers(territory, approver, rule.approvedBy, household.areaId)),
        )
        if (command._tag === "AwardPoints" && granted) awards.granted++
        if (command._tag === "AwardPoints" && issuerCovers && !granted) awards.approverRefused++
        if (!granted) return
        const decided = decider.decide(command, ledger)
        if (Result.isFailure(decided) || decided.success.length === 0) return
        changed++
      }),
      { numRuns: 600 },
    )
    expect(changed).toBeGreaterThan(10)
    // Both sides of the approval are reached (about 40 of each a run): neither is vacuous.
    expect(awards.granted).toBeGreaterThan(0)
    expect(awards.approverRefused).toBeGreaterThan(0)
  })

  it("property: no generated actor launches, lists or knocks outside their roles' areas", () => {
    let changed = 0
    fc.assert(
      fc.property(
        world.chain((w) =>
          fc.record({ w: fc.constant(w), area: fc.constantFrom(...w.territory.areas), pick: fc.nat(3) }),
        ),
        ({ w: { territory, person, household, other }, area, pick }) => {
          const t = state(territory)
          const actor = Authorization.actorIn(t, person)
          const stamp = { campaignId: "k", at: AT, by: person }
          const launched: Campaign.Event = {
            _tag: "CampaignLaunched",
            ...stamp,
            at: TERRITORY_GENERATED_AT,
            title: "敲门行动",
            areaId: area.areaId,
            households: [household],
          }
          const command: Campaign.Command = (
            [
              {
                _tag: "LaunchCampaign",
                ...stamp,
                title: "敲门行动",
                areaId: area.areaId,
                households: [other],
              },
              { _tag: "AddCampaignHouseholds", ...stamp, households: [other] },
              {
                _tag: "RecordDoorKnock",
                ...stamp,
                householdId: household.householdId,
                outcome: { _tag: "noAnswer" },
              },
              { _tag: "CloseCampaign", ...stamp },
            ] as const
          )[pick]!
          const campaign = Decider.fold(
            Campaign.makeDecider(),
            command._tag === "LaunchCampaign" ? [] : [launched],
          )
          if (
            Result.isFailure(
              Authorization.authorize(actor, command, Authorization.campaignTarget(t, command, campaign)),
            )
          )
            return
          const decided = Campaign.makeDecider().decide(command, campaign)
          if (Result.isFailure(decided) || decided.success.length === 0) return
          changed++
          const touched =
            command._tag === "RecordDoorKnock"
              ? [areaOfHousehold(territory, household.householdId)]
              : command._tag === "CloseCampaign"
                ? [area.areaId]
                : [area.areaId, other.areaId]
          for (const areaId of touched)
            expect(covers(territory, actor, Authorization.CAMPAIGN_RULES[command._tag].roles, areaId)).toBe(
              true,
            )
        },
      ),
      { numRuns: 400 },
    )
    expect(changed).toBeGreaterThan(10)
  })
})
