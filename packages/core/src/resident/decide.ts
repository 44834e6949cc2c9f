import type { Result } from "effect"
import { type Decisions, dispatch, emit, misaddressed, refuser, stamper } from "../internal/decision.ts"
import { fieldsOf } from "../internal/fields-of.ts"
import { PERSONAL_FIELDS, type SealedPersonalDetailsPatch } from "../privacy/personal-details.ts"
import type { Decider } from "../shared/decider.ts"
import type { SealedResidentCommand, SealedResidentCommandOf } from "./commands.ts"
import { type ResidentError, type ResidentRule, ResidentRuleViolated } from "./errors.ts"
import type { ResidentEvent } from "./events.ts"
import { evolveResident } from "./evolve.ts"
import { activeCarePlan, initialResidentState, type RegisteredResident, type ResidentState } from "./state.ts"

type Decision = Result.Result<ReadonlyArray<ResidentEvent>, ResidentError>

const refuse = refuser(
  (command: SealedResidentCommand, rule: ResidentRule, detail: string) =>
    new ResidentRuleViolated({ residentId: command.residentId, command: command._tag, rule, detail }),
)

/** The fields every event copies from its command. */
const stamp = stamper("residentId")

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

type On<T extends SealedResidentCommand["_tag"]> = (
  command: SealedResidentCommandOf<T>,
  r: RegisteredResident,
) => Decision

const registerAgain: On<"RegisterResident"> = (command, r) =>
  refuse(command, "alreadyRegistered", `resident ${r.residentId} is registered already`)

const correctDetails: On<"CorrectPersonalDetails"> = (command) =>
  sealedForResident(command, command.changes)
    ? emit({ _tag: "PersonalDetailsCorrected", ...fieldsOf(command) })
    : refuse(command, "sealedForAnotherSubject", SEALED_ELSEWHERE)

const move: On<"MoveResident"> = (command, r) =>
  command.householdId === r.householdId
    ? refuse(command, "sameHousehold", `already in household ${r.householdId}`)
    : emit({ _tag: "ResidentMoved", ...stamp(command), from: r.householdId, to: command.householdId })

/** 重点帮扶 and other care tags: each held once. */
const tag: On<"TagResident"> = (command, r) =>
  r.tags.includes(command.tag)
    ? refuse(command, "alreadyTagged", `already tagged ${command.tag}`)
    : emit({ _tag: "ResidentTagged", ...fieldsOf(command) })

const untag: On<"UntagResident"> = (command, r) =>
  r.tags.includes(command.tag)
    ? emit({ _tag: "ResidentUntagged", ...fieldsOf(command) })
    : refuse(command, "notTagged", `not tagged ${command.tag}`)

/** A care plan (visit cadence) follows a tag the resident holds, and changes only to a new cadence. */
const setCarePlan: On<"SetCarePlan"> = (command, r) => {
  if (!r.tags.includes(command.tag)) {
    return refuse(command, "notTagged", `a care plan follows a tag: tag the resident ${command.tag} first`)
  }
  const running = activeCarePlan(r, command.tag)?.cadence
  if (running?.visits === command.cadence.visits && running.per === command.cadence.per) {
    return refuse(command, "carePlanUnchanged", `the ${command.tag} plan already asks for this cadence`)
  }
  return emit({ _tag: "CarePlanSet", ...fieldsOf(command) })
}

const endCarePlan: On<"EndCarePlan"> = (command, r) =>
  activeCarePlan(r, command.tag) === undefined
    ? refuse(command, "noCarePlan", `no ${command.tag} care plan is running`)
    : emit({ _tag: "CarePlanEnded", ...fieldsOf(command) })

/** 走访: recorded once, at the resident's household; it may ask for a case (raised by the visit recorder). */
const recordVisit: On<"RecordVisit"> = (command, r) => {
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

const erase: On<"EraseResident"> = (command) => emit({ _tag: "ResidentErased", ...fieldsOf(command) })

/** Who saw a resident's personal details, when and why: recorded before they are shown. */
const reveal: On<"RevealPersonalDetails"> = (command) =>
  emit({ _tag: "PersonalDetailsRevealed", ...fieldsOf(command) })

/** Each command's decision on a registered resident who was not erased. */
const DECISIONS: Decisions<SealedResidentCommand, [RegisteredResident], Decision> = {
  RegisterResident: registerAgain,
  CorrectPersonalDetails: correctDetails,
  MoveResident: move,
  TagResident: tag,
  UntagResident: untag,
  SetCarePlan: setCarePlan,
  EndCarePlan: endCarePlan,
  RecordVisit: recordVisit,
  EraseResident: erase,
  RevealPersonalDetails: reveal,
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
  const held = { id: state.residentId, lastAt: state.lastAt }
  const wrong = misaddressed(command, command.residentId, held, "resident", "residentIdMismatch")
  if (wrong !== undefined) return refuse(command, wrong.rule, wrong.detail)
  if (state.erased) {
    return command._tag === "EraseResident"
      ? emit()
      : refuse(command, "erased", `resident ${state.residentId} was erased at their request`)
  }
  return dispatch(DECISIONS, command, state)
}

/** The resident decider. */
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
