import { Result } from "effect"
import { type CaseDeciderConfig, decideCase } from "../case/decide.ts"
import type { CaseError } from "../case/errors.ts"
import { escalationDue, isOverdue, overdueEscalation } from "../case/escalation-due.ts"
import type { CaseEvent } from "../case/events.ts"
import { evolveCase } from "../case/evolve.ts"
import type { CaseState } from "../case/state.ts"
import type { Instant } from "../shared/instant.ts"

export interface TickOutcome {
  readonly states: ReadonlyArray<CaseState>
  /** The escalations decided, in the order of the cases. */
  readonly events: ReadonlyArray<CaseEvent>
  /** Escalations `decide` refused: none, as long as the deadline rules and `decide` agree. */
  readonly refusals: ReadonlyArray<CaseError>
}

/**
 * One run of the deadline check (超时监控) over case states held in memory: every case whose
 * escalation is overdue at `now` gets the overdue escalation command, decided and folded in.
 * The pure core of the deadline process's `tick`, without store or handler, for properties
 * over many cases (liveness, idempotence) and for simulations.
 *
 * `now` is the present: not before any case's last event (a backdated escalation is refused).
 *
 * @throws OutsideCalendarError when a due date falls outside the calendar's known years.
 */
export const applyTick = (
  states: ReadonlyArray<CaseState>,
  now: Instant,
  config: CaseDeciderConfig,
): TickOutcome => {
  const events: Array<CaseEvent> = []
  const refusals: Array<CaseError> = []
  const after = states.map((state) => {
    if (!state.exists) return state
    const due = escalationDue(state, config.policy, config.calendar)
    if (due === undefined || !isOverdue(due, now)) return state
    const decision = decideCase(config, overdueEscalation(due, now), state)
    if (Result.isFailure(decision)) {
      refusals.push(decision.failure)
      return state
    }
    events.push(...decision.success)
    return decision.success.reduce(evolveCase, state)
  })
  return { states: after, events, refusals }
}
