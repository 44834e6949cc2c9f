import { Result } from "effect"
import { fieldsOf } from "../internal/fields-of.ts"
import type { Decider } from "../shared/decider.ts"
import { toShanghaiIso } from "../shared/instant.ts"
import type { CampaignCommand } from "./commands.ts"
import { type CampaignError, type CampaignRule, CampaignRuleViolated } from "./errors.ts"
import type { CampaignEvent } from "./events.ts"
import { evolveCampaign } from "./evolve.ts"
import { type CampaignState, initialCampaignState, type LaunchedCampaign } from "./state.ts"
import type { CampaignHousehold } from "./vocabulary.ts"

type Decision = Result.Result<ReadonlyArray<CampaignEvent>, CampaignError>

const emit = (...events: ReadonlyArray<CampaignEvent>): Decision => Result.succeed(events)

const refuse = (command: CampaignCommand, rule: CampaignRule, detail: string): Decision =>
  Result.fail(
    new CampaignRuleViolated({ campaignId: command.campaignId, command: command._tag, rule, detail }),
  )

/** The first household listed twice — within the list, or already on the campaign. */
const listedTwice = (
  households: ReadonlyArray<CampaignHousehold>,
  already: ReadonlyMap<string, unknown> = new Map(),
): string | undefined => {
  const seen = new Set<string>()
  for (const { householdId } of households) {
    if (seen.has(householdId) || already.has(householdId)) return householdId
    seen.add(householdId)
  }
  return undefined
}

const decideLaunched = (command: CampaignCommand, c: LaunchedCampaign): Decision => {
  switch (command._tag) {
    case "LaunchCampaign":
      return refuse(command, "alreadyLaunched", `campaign ${c.campaignId} was launched already`)
    case "AddCampaignHouseholds": {
      const twice = listedTwice(command.households, c.households)
      if (twice !== undefined)
        return refuse(command, "householdListedTwice", `household ${twice} is listed already`)
      return emit({ _tag: "CampaignHouseholdsAdded", ...fieldsOf(command) })
    }
    case "RecordDoorKnock": {
      const household = c.households.get(command.householdId)
      if (household === undefined) {
        return refuse(command, "notListed", `household ${command.householdId} is not on this campaign's list`)
      }
      if (household.status === "visited" && command.outcome._tag !== "visited") {
        return refuse(command, "alreadyVisited", `household ${command.householdId} was visited already`)
      }
      return emit({ _tag: "DoorKnocked", ...fieldsOf(command) })
    }
    case "CloseCampaign":
      return emit({ _tag: "CampaignClosed", ...fieldsOf(command) })
  }
}

/**
 * Decides a campaign command. Checks, in order: the campaign was launched (only a launch may
 * come first), the command targets it and is not dated before its last event, it is still
 * open, then the command's own rules.
 */
export const decideCampaign = (command: CampaignCommand, state: CampaignState): Decision => {
  if (!state.exists) {
    if (command._tag !== "LaunchCampaign") {
      return refuse(command, "notLaunched", `campaign ${command.campaignId} was never launched`)
    }
    const twice = listedTwice(command.households)
    if (twice !== undefined)
      return refuse(command, "householdListedTwice", `household ${twice} is listed twice`)
    return emit({ _tag: "CampaignLaunched", ...fieldsOf(command) })
  }
  if (command.campaignId !== state.campaignId) {
    return refuse(command, "campaignIdMismatch", `this stream holds campaign ${state.campaignId}`)
  }
  if (command.at < state.lastAt) {
    return refuse(
      command,
      "clockWentBackwards",
      `the campaign's last event is at ${toShanghaiIso(state.lastAt)}`,
    )
  }
  if (state.closed) return refuse(command, "closed", `campaign ${state.campaignId} is closed`)
  return decideLaunched(command, state)
}

export const makeCampaignDecider = (): Decider<
  CampaignCommand,
  CampaignEvent,
  CampaignState,
  CampaignError
> => ({
  decide: decideCampaign,
  evolve: evolveCampaign,
  initialState: initialCampaignState,
})
