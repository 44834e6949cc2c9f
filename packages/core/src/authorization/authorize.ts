import { Result } from "effect"
import type { ActorId } from "../case/vocabulary.ts"
import { HELPER_ROLES, type Role, type ScopedRole, showScopedRole } from "../territory/roles.ts"
import type { AreaId } from "../territory/vocabulary.ts"
import type { Actor } from "./actor.ts"
import { type AuthorizedCommandTag, ruleFor } from "./command-rules.ts"
import { Forbidden } from "./forbidden.ts"
import type { Rule, SelfRelation } from "./rules.ts"
import type { Target } from "./target.ts"

/** What authorization reads of a command: its kind and in whose name it is issued. */
export interface AuthorizedCommand {
  readonly _tag: AuthorizedCommandTag
  readonly by: ActorId
}

/** A role whose area is one of the path's areas covers everything the path leads to. */
const covers = (held: ScopedRole, roles: ReadonlyArray<Role>, path: ReadonlyArray<AreaId>): boolean =>
  roles.includes(held.role) && held.scope._tag === "area" && path.includes(held.scope.areaId)

/** Whether the target is handed to the actor: in person, to their department, or to the unit they staff. */
const isAssignee = (actor: Actor, target: Target): boolean => {
  const assignee = target.assignee
  if (assignee === undefined) return false
  switch (assignee._tag) {
    case "person":
      return assignee.personId === actor.id
    case "department":
      return actor.roles.some(
        ({ role, scope }) =>
          role === "departmentHandler" &&
          scope._tag === "department" &&
          scope.departmentId === assignee.departmentId,
      )
    case "unit":
      return actor.roles.some(
        ({ role, scope }) =>
          !HELPER_ROLES.has(role) && scope._tag === "area" && scope.areaId === assignee.unitId,
      )
  }
}

const RELATIONS: { readonly [R in SelfRelation]: (actor: Actor, target: Target) => boolean } = {
  assignee: isAssignee,
  reporter: (actor, target) => target.reporter === actor.id,
}

const grants = (rule: Rule, actor: Actor, target: Target): boolean =>
  rule.anyone === true ||
  (rule.self ?? []).some((relation) => RELATIONS[relation](actor, target)) ||
  actor.roles.some((held) => covers(held, rule.roles, target.area)) ||
  actor.roles.some((held) => covers(held, rule.onSite ?? [], target.site ?? target.area))

/** Why a rule did not grant: what it asks for, and what the actor holds. */
const explain = (rule: Rule, actor: Actor, target: Target): string => {
  const where = (path: ReadonlyArray<AreaId>) => path[0] ?? "an area the territory does not know"
  const needs = [
    ...(rule.roles.length === 0 ? [] : [`${rule.roles.join("/")} over ${where(target.area)}`]),
    ...(rule.onSite === undefined
      ? []
      : [`${rule.onSite.join("/")} on site at ${where(target.site ?? target.area)}`]),
    ...(rule.self ?? []).map((relation) => `to be its ${relation}`),
  ]
  const holds = actor.roles.length === 0 ? "no role" : actor.roles.map(showScopedRole).join(", ")
  return `needs ${needs.join(" or ")}; holds ${holds}`
}

/**
 * Authorization (权限校验), the one check every guarded command passes: may this actor issue
 * this command on this target? Pure: the actor's roles and the target's place in the territory
 * are resolved beforehand. Refuses, with a `Forbidden` that says why, a command issued in
 * someone else's name (`by` is not the actor) and any command its rule does not grant.
 */
export const authorize = (
  actor: Actor,
  command: AuthorizedCommand,
  target: Target,
): Result.Result<void, Forbidden> => {
  const deny = (reason: string) =>
    Result.fail(new Forbidden({ actor: actor.id, command: command._tag, reason }))
  if (command.by !== actor.id) return deny(`the command is issued in the name of ${command.by}`)
  const rule = ruleFor(command._tag)
  return grants(rule, actor, target) ? Result.succeed(undefined) : deny(explain(rule, actor, target))
}
