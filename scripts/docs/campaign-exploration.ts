import { Campaign, Instant } from "@gridcase/core"
import type { Exploration } from "./explore.ts"

/** Saturday 2026-03-14 09:00 in Shanghai: door-knocking happens when people are home. */
const START = Date.UTC(2026, 2, 14, 1, 0)
const CAMPAIGN = "campaign-1"
const KNOCKER = "worker-1"

type Examples = {
  readonly [T in Campaign.CommandTag]: (c: Campaign.LaunchedCampaign) => ReadonlyArray<Campaign.CommandOf<T>>
}

const stamp = (c: Campaign.LaunchedCampaign) => ({
  campaignId: CAMPAIGN,
  at: c.lastAt + Instant.MINUTE,
  by: KNOCKER,
})

/**
 * Example commands for a launched campaign, one entry per command so that a new command fails
 * to typecheck here until it has examples. Each outcome of a knock is tried on every listed door.
 */
const EXAMPLES: Examples = {
  AddCampaignHouseholds: (c) => [
    {
      ...stamp(c),
      _tag: "AddCampaignHouseholds",
      households: [{ householdId: "household-2", areaId: "grid-1" }],
    },
  ],
  RecordDoorKnock: (c) =>
    [...c.households.keys()].flatMap((householdId) =>
      (
        [
          { _tag: "visited", facts: { occupants: 2, tenure: "owned", mayNeedCare: ["elderlyAlone"] } },
          { _tag: "noAnswer" },
          { _tag: "refused" },
        ] as const
      ).map((outcome) => ({ ...stamp(c), _tag: "RecordDoorKnock", householdId, outcome })),
    ),
  CloseCampaign: (c) => [{ ...stamp(c), _tag: "CloseCampaign" }],
  // Only a campaign not yet launched takes a launch: see OPENING.
  LaunchCampaign: () => [],
}

const OPENING: ReadonlyArray<Campaign.Command> = [
  {
    _tag: "LaunchCampaign",
    campaignId: CAMPAIGN,
    at: START,
    by: KNOCKER,
    title: "万水泉镇敲门行动 2026年春",
    areaId: "community-1",
    households: [{ householdId: "household-1", areaId: "grid-1" }],
  },
]

/** A door-knocking campaign (敲门行动). */
export const campaignExploration: Exploration<Campaign.Command, Campaign.Event, Campaign.State> = {
  decider: Campaign.makeDecider(),
  statusOf: (state) => (!state.exists ? "none" : state.closed ? "closed" : "open"),
  keyOf: (state) =>
    state.exists
      ? JSON.stringify([state.closed, [...state.households].map(([id, progress]) => [id, progress.status])])
      : "none",
  examples: (state) =>
    state.exists
      ? (
          Object.values(EXAMPLES) as ReadonlyArray<
            (c: Campaign.LaunchedCampaign) => ReadonlyArray<Campaign.Command>
          >
        ).flatMap((make) => make(state))
      : OPENING,
  statusOrder: ["none", "open", "closed"],
}
