import { Result } from "effect"
import { fieldsOf } from "../internal/fields-of.ts"
import { PERSONAL_FIELDS, type SealedPersonalDetailsPatch } from "../privacy/personal-details.ts"
import type { Decider } from "../shared/decider.ts"
import { toShanghaiIso } from "../shared/instant.ts"
import type { SealedResidentCommand } from "./commands.ts"
import { type ResidentError, type ResidentRule, ResidentRuleViolated } from "./errors.ts"
import type { ResidentEvent } from "./events.ts"
import { evolveResident } from "./evolve.ts"
import { activeCarePlan, initialResidentState, type RegisteredResident, type ResidentState } from "./state.ts"

type Decision = Result.Result<ReadonlyArray<ResidentEvent>, ResidentError>

const emit = (...events: ReadonlyArray<ResidentEvent>): Decision => Result.succeed(events)

const refuse = (command: SealedResidentCommand, rule: ResidentRule, detail: string): Decision =>
  Result.fail(
    new ResidentRuleViolated({ residentId: command.residentId, command: command._tag, rule, detail }),
  )

const stamp = (command: SealedResidentCommand) => ({
  residentId: command.residentId,
  at: command.at,
  by: command.by,
})

/**
 * Whether every sealed field is under this resident's own key. A field sealed for anyone
 * else would survive this resident's erasure, which crypto-shredding must never allow.
 */
const sealedForResident = (command: SealedResidentCommand, fields: SealedPersonalDetailsPatch): boolean =>
  PERSONAL_FIELDS.every((field) => {
    const sealed = fields[field]
    return sealed === undefined || sealed.subject === command.residentId
  })

const SEALED_ELSEWHERE = "personal details must be sealed under the resident's own key"

const decideRegistered = (command: SealedResidentCommand, r: RegisteredResident): Decision => {
  switch (command._tag) {
    case "RegisterResident":
      return refuse(command, "alreadyRegistered", `resident ${r.residentId} is registered already`)
    case "CorrectPersonalDetails":
      if (!sealedForResident(command, command.changes))
        return refuse(command, "sealedForAnotherSubject", SEALED_ELSEWHERE)
      return emit({ _tag: "PersonalDetailsCorrected", ...fieldsOf(command) })
    case "MoveResident":
      if (command.householdId === r.householdId)
        return refuse(command, "sameHousehold", `already in household ${r.householdId}`)
      return emit({ _tag: "ResidentMoved", ...stamp(command), from: r.householdId, to: command.householdId })
    case "TagResident":
      if (r.tags.includes(command.tag))
        return refuse(command, "alreadyTagged", `already tagged ${command.tag}`)
      return emit({ _tag: "ResidentTagged", ...fieldsOf(command) })
    case "UntagResident":
      if (!r.tags.includes(command.tag)) return refuse(command, "notTagged", `not tagged ${command.tag}`)
      return emit({ _tag: "ResidentUntagged", ...fieldsOf(command) })
    case "SetCarePlan": {
      if (!r.tags.includes(command.tag)) {
        return refuse(
          command,
          "notTagged",
          `a care plan follows a tag: tag the resident ${command.tag} first`,
        )
      }
      const running = activeCarePlan(r, command.tag)?.cadence
      if (running?.visits === command.cadence.visits && running.per === command.cadence.per) {
        return refuse(command, "carePlanUnchanged", `the ${command.tag} plan already asks for this cadence`)
      }
      return emit({ _tag: "CarePlanSet", ...fieldsOf(command) })
    }
    case "EndCarePlan":
      if (activeCarePlan(r, command.tag) === undefined)
        return refuse(command, "noCarePlan", `no ${command.tag} care plan is running`)
      return emit({ _tag: "CarePlanEnded", ...fieldsOf(command) })
    case "RecordVisit": {
      if (r.visits.some((visit) => visit.visitId === command.visitId)) {
        return refuse(command, "visitAlreadyRecorded", `visit ${command.visitId} is recorded already`)
      }
      const { raiseCase, ...visit } = fieldsOf(command)
      return emit({
        _tag: "ResidentVisited",
        ...visit,
        householdId: r.householdId,
        ...(raiseCase === undefined ? {} : { raisedCase: raiseCase }),
      })
    }
    case "EraseResident":
      return emit({ _tag: "ResidentErased", ...fieldsOf(command) })
    case "RevealPersonalDetails":
      return emit({ _tag: "PersonalDetailsRevealed", ...fieldsOf(command) })
  }
}

/**
 * Decides a resident command. Checks, in order: the resident exists (only registration may
 * come first), the command targets this resident and is not dated before its last event, the
 * resident is not erased (erasing again decides nothing, so a retried erasure still
 * succeeds), then the command's own rules.
 */
export const decideResident = (command: SealedResidentCommand, state: ResidentState): Decision => {
  if (!state.exists) {
    if (command._tag !== "RegisterResident") {
      return refuse(command, "notRegistered", `resident ${command.residentId} is not registered`)
    }
    if (!sealedForResident(command, command.person))
      return refuse(command, "sealedForAnotherSubject", SEALED_ELSEWHERE)
    return emit({
      _tag: "ResidentRegistered",
      ...stamp(command),
      householdId: command.householdId,
      person: command.person,
    })
  }
  if (command.residentId !== state.residentId) {
    return refuse(command, "residentIdMismatch", `this stream holds resident ${state.residentId}`)
  }
  if (command.at < state.lastAt) {
    return refuse(
      command,
      "clockWentBackwards",
      `the resident's last event is at ${toShanghaiIso(state.lastAt)}`,
    )
  }
  if (state.erased) {
    return command._tag === "EraseResident"
      ? emit()
      : refuse(command, "erased", `resident ${state.residentId} was erased at their request`)
  }
  return decideRegistered(command, state)
}

export const makeResidentDecider = (): Decider<
  SealedResidentCommand,
  ResidentEvent,
  ResidentState,
  ResidentError
> => ({
  decide: decideResident,
  evolve: evolveResident,
  initialState: initialResidentState,
})
