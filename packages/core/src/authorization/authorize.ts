import { Result } from "effect"
import type { Assignee } from "../case/vocabulary.ts"
import type { ActorId } from "../shared/vocabulary.ts"
import { HELPER_ROLES, type Role, type ScopedRole, showScopedRole } from "../territory/roles.ts"
import type { AreaId } from "../territory/vocabulary.ts"
import type { Actor } from "./actor.ts"
import { type AuthorizedCommandTag, ruleFor } from "./command-rules.ts"
import { Forbidden, type ForbiddenRefusal } from "./forbidden.ts"
import type { Rule, SelfRelation } from "./rules.ts"
import type { Target } from "./target.ts"

/** What authorization reads of a command: its kind, in whose name it is issued, and who approved it. */
export interface AuthorizedCommand {
  readonly _tag: AuthorizedCommandTag
  readonly by: ActorId
  /** The approver (审批人) the command names, for commands whose rule asks for one. */
  readonly approvedBy?: ActorId | undefined
}

/** A role whose area is one of the path's areas covers everything the path leads to. */
const covers = (held: ScopedRole, roles: ReadonlyArray<Role>, path: ReadonlyArray<AreaId>): boolean =>
  roles.includes(held.role) && held.scope._tag === "area" && path.includes(held.scope.areaId)

/** Whether `party` is the actor: in person, their department, or the unit they staff. */
const isParty = (actor: Actor, party: Assignee | undefined): boolean => {
  if (party === undefined) return false
  switch (party._tag) {
    case "person":
      return party.personId === actor.id
    case "department":
      return actor.roles.some(
        ({ role, scope }) =>
          role === "departmentHandler" &&
          scope._tag === "department" &&
          scope.departmentId === party.departmentId,
      )
    case "unit":
      return actor.roles.some(
        ({ role, scope }) =>
          !HELPER_ROLES.has(role) && scope._tag === "area" && scope.areaId === party.unitId,
      )
  }
}

const RELATIONS: { readonly [R in SelfRelation]: (actor: Actor, target: Target) => boolean } = {
  assignee: (actor, target) => isParty(actor, target.assignee),
  reporter: (actor, target) => target.reporter === actor.id,
  responder: (actor, target) => isParty(actor, target.responder),
  holder: (actor, target) => isParty(actor, target.holder),
}

const grants = (rule: Rule, actor: Actor, target: Target): boolean =>
  rule.anyone === true ||
  (rule.self ?? []).some((relation) => RELATIONS[relation](actor, target)) ||
  actor.roles.some((held) => covers(held, rule.roles, target.area)) ||
  actor.roles.some((held) => covers(held, rule.onSite ?? [], target.site ?? target.area))

const where = (path: ReadonlyArray<AreaId>) => path[0] ?? "an area the territory does not know"
const holdings = (actor: Actor) =>
  actor.roles.length === 0 ? "no role" : actor.roles.map(showScopedRole).join(", ")

/** Why a rule did not grant: what it asks for, and what the actor holds. */
const explain = (rule: Rule, actor: Actor, target: Target): string => {
  const needs = [
    ...(rule.roles.length === 0 ? [] : [`${rule.roles.join("/")} over ${where(target.area)}`]),
    ...(rule.onSite === undefined
      ? []
      : [`${rule.onSite.join("/")} on site at ${where(target.site ?? target.area)}`]),
    ...(rule.self ?? []).map((relation) => `to be its ${relation}`),
  ]
  return `needs ${needs.join(" or ")}; holds ${holdings(actor)}`
}

/**
 * Why the approval a rule asks for (审批) does not hold, or `undefined` when it does: the command
 * names no approver, the approver passed in is not the one it names, or the approver lacks the
 * roles over the target's area.
 */
const approvalRefused = (
  roles: ReadonlyArray<Role>,
  command: AuthorizedCommand,
  approver: Actor | undefined,
  target: Target,
): string | undefined => {
  const needs = `an approver holding ${roles.join("/")} over ${where(target.area)}`
  if (command.approvedBy === undefined) return `needs ${needs}; the command names none`
  if (approver === undefined || approver.id !== command.approvedBy) {
    const resolved = approver === undefined ? "no approver" : `approver ${approver.id}`
    return `the command names approver ${command.approvedBy}, but ${resolved} was resolved`
  }
  if (approver.roles.some((held) => covers(held, roles, target.area))) return undefined
  return `needs ${needs}; approver ${approver.id} holds ${holdings(approver)}`
}

/**
 * Why a supervision notice's named responder cannot answer for the target, or `undefined` when it
 * can (or the notice names none for itself): the unit must be the owner area at the case's level.
 */
const responderOutside = (target: Target): string | undefined =>
  target.namedResponderUnit === undefined || target.namedResponderUnit === target.area[0]
    ? undefined
    : `the notice names unit ${target.namedResponderUnit} to answer, which is not the case's owner over its grid at its level (${where(target.area)})`

/**
 * Authorization (权限校验), the one check every guarded command passes: may this actor issue
 * this command on this target, with this approver? Pure: the actor's and the approver's roles
 * and the target's place in the territory are resolved beforehand (`actorIn`, `approverIn`).
 * Refuses, with a `Forbidden` that says which refusal (`rule`) and why, a command issued in
 * someone else's name (`by` is not the actor), any command its rule does not grant, a
 * supervision notice (督办单) naming a unit outside the case's chain at its level, and — when the
 * rule asks for an approver (审批人) — a command whose named approver lacks the rule's roles over
 * the target's area, or that names none.
 */
export const authorize = (
  actor: Actor,
  command: AuthorizedCommand,
  target: Target,
  approver?: Actor,
): Result.Result<void, Forbidden> => {
  const deny = (refusal: ForbiddenRefusal, reason: string) =>
    Result.fail(new Forbidden({ actor: actor.id, command: command._tag, rule: refusal, reason }))
  if (command.by !== actor.id) {
    return deny("issuedInAnotherName", `the command is issued in the name of ${command.by}`)
  }
  const rule = ruleFor(command._tag)
  if (!grants(rule, actor, target)) return deny("notGranted", explain(rule, actor, target))
  const outside = responderOutside(target)
  if (outside !== undefined) return deny("responderOutsideCase", outside)
  const refused =
    rule.approvedBy === undefined ? undefined : approvalRefused(rule.approvedBy, command, approver, target)
  return refused === undefined ? Result.succeed(undefined) : deny("approvalRefused", refused)
}
