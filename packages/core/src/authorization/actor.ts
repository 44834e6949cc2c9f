import type { ActorId } from "../shared/vocabulary.ts"
import type { ScopedRole } from "../territory/roles.ts"
import { rolesOf, type TerritoryState } from "../territory/state.ts"
import type { AuthorizedCommand } from "./authorize.ts"

/**
 * Who is acting, with every role they hold — resolved before authorization (from the territory),
 * so `authorize` stays a pure function. A resident, or anyone the territory does not know, acts
 * with no roles at all.
 */
export interface Actor {
  readonly id: ActorId
  readonly roles: ReadonlyArray<ScopedRole>
}

/** The actor as a territory knows them. */
export const actorIn = (territory: TerritoryState, id: ActorId): Actor => ({
  id,
  roles: territory.exists ? rolesOf(territory, id) : [],
})

/**
 * The approver (审批人) a command names in its `approvedBy`, as the territory knows them; none
 * when the command names no approver. Resolved in the same territory as the issuer, so
 * `authorize` can check the approver's roles over the target without reading anything.
 */
export const approverIn = (territory: TerritoryState, command: AuthorizedCommand): Actor | undefined =>
  command.approvedBy === undefined ? undefined : actorIn(territory, command.approvedBy)
