import type { CaseCommand, CaseCommandTag } from "../case/commands.ts"
import { type CaseState, isSupervisionOpen, type OpenedCase, stepHolder } from "../case/state.ts"
import type { Level } from "../shared/level.ts"
import { ancestry, areaAtLevel } from "../territory/hierarchy.ts"
import type { Role } from "../territory/roles.ts"
import type { TerritoryState } from "../territory/state.ts"
import type { RuleTable } from "./rules.ts"
import type { Target } from "./target.ts"

/** Who runs the level a case sits at: the grid leader, the community's station head, the command centre. */
const OWNERS: ReadonlyArray<Role> = ["gridLeader", "stationHead", "dispatcher"]
/** Where cases are dispatched (派遣): the level's owners and the 12345 hotline body (docs/domain.md#loop-dispatch). */
const DISPATCHERS: ReadonlyArray<Role> = [...OWNERS, "hotlineOperator"]
/** Who registers (立案): the level's owners and the supervision centre's 监督员 (docs/domain.md#loop-register). */
const REGISTRARS: ReadonlyArray<Role> = [...OWNERS, "supervisor"]
/** Who works the ground where the problem is. */
const FIELD: ReadonlyArray<Role> = ["gridWorker", "microGridWorker", "gridLeader"]

/**
 * Who may issue each case command (docs/domain.md#loop, #escalation). Area rules apply at the case's owner level:
 * once a case climbs to the community, the grid's people no longer dispatch or close it, but the
 * grid worker still verifies on site. Exception requests are approved by a supervisor (督办员 / 监督员).
 * The loop's "who acts" (docs/domain.md#loop) is checked cell by cell by
 * `test/authorization/who-may.oracle.test.ts`: the supervision centre registers and closes, the
 * hotline body dispatches, verifies and closes, beside each level's owners.
 */
export const CASE_RULES: RuleTable<CaseCommandTag> = {
  ReportCase: { roles: [], anyone: true },
  RecordSelfHandledCase: { roles: [...FIELD, "stationHead"] },
  AuditSelfHandledCase: { roles: ["supervisor", "dispatcher"] },
  RegisterCase: { roles: REGISTRARS },
  RejectCase: { roles: REGISTRARS },
  DispatchCase: { roles: DISPATCHERS },
  AcknowledgeCase: { roles: [], self: ["assignee"] },
  SendBackCase: { roles: [], self: ["assignee"] },
  StartHandling: { roles: [], self: ["assignee"] },
  AddProgressNote: { roles: OWNERS, self: ["assignee"] },
  RequestExtension: { roles: [], self: ["assignee"] },
  RequestVoid: { roles: OWNERS, self: ["assignee"] },
  RequestShelve: { roles: OWNERS, self: ["assignee"] },
  RequestSendBack: { roles: [], self: ["assignee"] },
  ApproveRequest: { roles: ["supervisor"] },
  DenyRequest: { roles: ["supervisor"] },
  RestoreCase: { roles: ["supervisor"] },
  HoldCase: { roles: [], self: ["assignee"] },
  ResumeCase: { roles: [], self: ["assignee"] },
  ResolveCase: { roles: [], self: ["assignee"] },
  // A collector or the hotline body, never the handler (docs/domain.md#loop-verify; the decider refuses the handler).
  VerifyCase: { roles: ["supervisor", "hotlineOperator"], onSite: FIELD, self: ["reporter"] },
  CloseCase: { roles: [...DISPATCHERS, "supervisor"] },
  // The hotline body or the supervision side calls back, not the handling unit (docs/domain.md#rule-guangzhou-hotline-body).
  FollowUpCase: { roles: ["hotlineOperator", "dispatcher", "supervisor"] },
  RemindCase: { roles: ["hotlineOperator", "dispatcher", "supervisor"] },
  // Only the unit holding the late step reports why (报告说明理由); the supervision side (督查组)
  // criticises in writing (通报批评), as does the deadline process, a trusted system actor.
  ExplainDelay: { roles: [], self: ["holder"] },
  CriticizeCase: { roles: ["supervisor"] },
  ReopenCase: { roles: ["dispatcher", "hotlineOperator", "supervisor"] },
  // Duplicates are merged where they are dispatched (docs/domain.md#rule-hotline-dispatch-review).
  MergeCase: { roles: DISPATCHERS },
  SuperviseCase: { roles: ["supervisor"] },
  // Only the party the notice went to answers it (督办回复), whatever roles others hold.
  AnswerSupervision: { roles: [], self: ["responder"] },
  LinkHotlineTicket: { roles: ["hotlineOperator", "dispatcher"] },
  ReportHotlineOutcome: { roles: ["hotlineOperator", "dispatcher"] },
  EscalateCase: { roles: [...OWNERS, "gridWorker", "microGridWorker", "supervisor"], self: ["assignee"] },
  DeEscalateCase: { roles: ["supervisor"] },
}

const placed = (territory: TerritoryState, gridId: string, level: Level): Target => {
  if (!territory.exists) return { area: [] }
  const owner = areaAtLevel(territory, gridId, level)
  return { area: owner === undefined ? [] : ancestry(territory, owner), site: ancestry(territory, gridId) }
}

/**
 * The unit a supervision notice names when the notice picks its own responder: before dispatch
 * (no assignee), the named unit becomes the responder, and the decider, which knows no territory,
 * checks only its level. After dispatch the decider holds the notice to the assignee.
 */
const namedResponderUnit = (command: CaseCommand, state: OpenedCase): string | undefined =>
  command._tag === "SuperviseCase" && state.assignee === undefined && command.responder?._tag === "unit"
    ? command.responder.unitId
    : undefined

/**
 * Places a case command in the territory: the owner area is the ancestor of the case's grid at
 * the case's level (a new case's, the level it is reported at); the site is the grid itself.
 * A command on a case that does not exist has no place, so only open rules can grant it.
 */
export const caseTarget = (territory: TerritoryState, command: CaseCommand, state: CaseState): Target => {
  if (state.exists) {
    return {
      ...placed(territory, state.location.gridId, state.level),
      assignee: state.assignee,
      reporter: state.reportedBy,
      responder: isSupervisionOpen(state) ? state.supervision?.responder : undefined,
      holder: command._tag === "ExplainDelay" ? stepHolder(state, command.step) : undefined,
      namedResponderUnit: namedResponderUnit(command, state),
    }
  }
  return command._tag === "ReportCase" || command._tag === "RecordSelfHandledCase"
    ? { ...placed(territory, command.location.gridId, command.level), reporter: command.by }
    : { area: [] }
}
