import type { Assignee } from "../case/vocabulary.ts"
import type { ActorId } from "../shared/vocabulary.ts"
import type { AreaId } from "../territory/vocabulary.ts"

/**
 * What a command acts on, placed in the territory. Built by each aggregate's target function
 * (`caseTarget`, `territoryTarget`…) from the loaded state, before `authorize` runs.
 */
export interface Target {
  /**
   * The area answerable for what the command changes, then its ancestors up to the district
   * (innermost first): for a case, the area at the case's owner level; for a grid, the grid.
   * Empty when the territory does not know the area — then no area role covers it.
   */
  readonly area: ReadonlyArray<AreaId>
  /**
   * Where the thing physically is, when that can differ from `area` (a case escalated to its
   * community still lies in its grid, whose worker verifies it). Defaults to `area`.
   */
  readonly site?: ReadonlyArray<AreaId> | undefined
  /** Whom the target is handed to now (a case's assignee): the "assignee" self rule reads it. */
  readonly assignee?: Assignee | undefined
  /** Who must answer the open supervision notice (督办单): the "responder" self rule reads it. */
  readonly responder?: Assignee | undefined
  /**
   * Who holds the step the command is about (a delay reported, 报告说明理由): the "holder" self
   * rule reads it. Set only for commands that name a step.
   */
  readonly holder?: Assignee | undefined
  /** Who reported it: the "reporter" self rule reads it. */
  readonly reporter?: ActorId | undefined
  /**
   * The unit a supervision notice (督办单) names to answer it when the notice itself picks its
   * responder — the case is with no assignee yet, so the party the case is with is the unit of its
   * owner level (docs/domain.md#supervision). It must be the target's owner area, `area[0]`; a
   * unit of another grid, community or street is refused, whoever sends the notice.
   */
  readonly namedResponderUnit?: AreaId | undefined
}
