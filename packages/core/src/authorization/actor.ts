import type { ActorId } from "../case/vocabulary.ts"
import type { ScopedRole } from "../territory/roles.ts"
import { rolesOf, type TerritoryState } from "../territory/state.ts"

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
