import type { Result } from "effect"
import { type Decisions, dispatch, emit, misaddressed, refuser } from "../internal/decision.ts"
import { fieldsOf } from "../internal/fields-of.ts"
import type { Decider } from "../shared/decider.ts"
import type { CampaignCommand, CampaignCommandOf } from "./commands.ts"
import { type CampaignError, type CampaignRule, CampaignRuleViolated } from "./errors.ts"
import type { CampaignEvent } from "./events.ts"
import { evolveCampaign } from "./evolve.ts"
import { type CampaignState, initialCampaignState, type LaunchedCampaign } from "./state.ts"
import type { CampaignHousehold } from "./vocabulary.ts"

type Decision = Result.Result<ReadonlyArray<CampaignEvent>, CampaignError>

const refuse = refuser(
  (command: CampaignCommand, rule: CampaignRule, detail: string) =>
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

const launchAgain = (command: CampaignCommandOf<"LaunchCampaign">, c: LaunchedCampaign): Decision =>
  refuse(command, "alreadyLaunched", `campaign ${c.campaignId} was launched already`)

/** Households found or placed after launch join the list, each once. */
const addHouseholds = (
  command: CampaignCommandOf<"AddCampaignHouseholds">,
  c: LaunchedCampaign,
): Decision => {
  const twice = listedTwice(command.households, c.households)
  return twice === undefined
    ? emit({ _tag: "CampaignHouseholdsAdded", ...fieldsOf(command) })
    : refuse(command, "householdListedTwice", `household ${twice} is listed already`)
}

/** 敲门: a knock on a listed door; once visited, a household is not knocked on as unanswered again. */
const recordKnock = (command: CampaignCommandOf<"RecordDoorKnock">, c: LaunchedCampaign): Decision => {
  const household = c.households.get(command.householdId)
  if (household === undefined) {
    return refuse(command, "notListed", `household ${command.householdId} is not on this campaign's list`)
  }
  if (household.status === "visited" && command.outcome._tag !== "visited") {
    return refuse(command, "alreadyVisited", `household ${command.householdId} was visited already`)
  }
  return emit({ _tag: "DoorKnocked", ...fieldsOf(command) })
}

const close = (command: CampaignCommandOf<"CloseCampaign">): Decision =>
  emit({ _tag: "CampaignClosed", ...fieldsOf(command) })

/** Each command's decision on a launched, open campaign. */
const DECISIONS: Decisions<CampaignCommand, [LaunchedCampaign], Decision> = {
  LaunchCampaign: launchAgain,
  AddCampaignHouseholds: addHouseholds,
  RecordDoorKnock: recordKnock,
  CloseCampaign: close,
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
  const held = { id: state.campaignId, lastAt: state.lastAt }
  const wrong = misaddressed(command, command.campaignId, held, "campaign", "campaignIdMismatch")
  if (wrong !== undefined) return refuse(command, wrong.rule, wrong.detail)
  if (state.closed) return refuse(command, "closed", `campaign ${state.campaignId} is closed`)
  return dispatch(DECISIONS, command, state)
}

/** The door-knocking campaign decider. */
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
