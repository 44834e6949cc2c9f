import { type Case, Level } from "@gridcase/core"
import { INPUTS } from "./inputs.ts"
import type { Random } from "./random.ts"
import type { Staffing } from "./staffing.ts"

/** What a simulated person does next on a case, and how many minutes from now. */
export interface NextAction {
  readonly after: number
  readonly command: Readonly<Record<string, unknown>>
}

/** A category the office added beyond the catalogue is handled in a day (本地设定). */
const DAY_MINUTES = 1_440

/** Which department a grid sends a case to when it cannot fix it itself. */
const DEPARTMENT_FOR: Readonly<Record<string, string>> = {
  utilities: "water",
  safetyHazard: "gas",
  neighbourDispute: "police",
  complaint: "market",
  vulnerablePerson: "civil-affairs",
}

/**
 * The people of a simulated office, as a policy (every chance from `INPUTS`): given a case as it stands, who acts next,
 * how, and after how long. Most cases are registered within the hour, dispatched to the grid
 * worker and solved in the grid (网格事网格了); some go to a department, some owners ask the
 * level above for help, a few are neglected until the deadline process escalates them, and a
 * few residents are unhappy and the case is redone. Reactive, not scripted: after an escalation
 * the next level's people take over.
 */
export const nextAction = (c: Case.OpenedCase, random: Random, staff: Staffing): NextAction | undefined => {
  const grid = c.location.gridId
  const owner = staff.ownerOf(grid, c.level)
  const by = (person: string, tag: string, fields: Record<string, unknown> = {}) => ({
    _tag: tag,
    caseId: c.caseId,
    by: person,
    ...fields,
  })
  /** Usually prompt; now and then left lying until someone chases it (or the deadline does). */
  const delay = (mean: number) =>
    random.chance(INPUTS.neglected.value) ? 60 * 24 * (1 + random.next() * 2) : random.exponential(mean)

  if (c.pending !== undefined) {
    return {
      after: random.exponential(90),
      command: by(staff.supervisor, "ApproveRequest", { kind: c.pending.kind }),
    }
  }
  switch (c.status) {
    case "selfHandled":
      return {
        after: random.exponential(600),
        command: by(staff.supervisor, "AuditSelfHandledCase", {
          passed: random.chance(INPUTS.auditPassed.value),
        }),
      }
    case "reported":
      if (random.chance(INPUTS.rejected.value)) {
        return {
          after: delay(40),
          command: by(owner, "RejectCase", { reason: "notAProblem", note: "经核实不属实 — not borne out" }),
        }
      }
      return { after: delay(40), command: by(owner, "RegisterCase") }
    case "registered": {
      const above = Level.above(c.level)
      if (
        above !== undefined &&
        c.level !== "district" &&
        random.chance(c.level === "grid" ? INPUTS.helpAsked.value.grid : INPUTS.helpAsked.value.above)
      ) {
        return {
          after: delay(60),
          command: by(owner, "EscalateCase", { fromLevel: c.level, reason: "requested" }),
        }
      }
      const department = DEPARTMENT_FOR[c.category]
      const toDepartment =
        c.level !== "grid" || (department !== undefined && random.chance(INPUTS.toDepartment.value))
      const departmentId =
        staff.departments.find((id) => id.endsWith(`-${department ?? "housing"}`)) ?? staff.departments[0]!
      const assignee: Case.Assignee = toDepartment
        ? { _tag: "department", departmentId }
        : { _tag: "person", personId: staff.workerOf(grid) }
      return { after: delay(30), command: by(owner, "DispatchCase", { assignee }) }
    }
    case "dispatched": {
      const receiver = assigneeOf(c, staff)
      if (random.chance(INPUTS.returned.value)) {
        return {
          after: random.exponential(60),
          command: by(receiver, "SendBackCase", { reason: "不属于本单位职责 — not ours" }),
        }
      }
      return { after: delay(30), command: by(receiver, "AcknowledgeCase") }
    }
    case "acknowledged":
      return { after: random.exponential(20), command: by(assigneeOf(c, staff), "StartHandling") }
    case "inProgress": {
      const handler = assigneeOf(c, staff)
      if (c.extensionsGranted === 0 && random.chance(INPUTS.extension.value)) {
        return {
          after: random.exponential(120),
          command: by(handler, "RequestExtension", { minutes: 480, reason: "等待配件 — waiting for parts" }),
        }
      }
      const minutes = random.exponential(
        (INPUTS.handlingMinutes.value as Readonly<Record<string, number>>)[c.category] ?? DAY_MINUTES,
      )
      return { after: minutes, command: by(handler, "ResolveCase", { result: "已处置 — dealt with" }) }
    }
    case "resolved":
      // The check (核查) is the supervision side's, never the handler's own.
      return {
        after: random.exponential(240),
        command: by(staff.supervisor, "VerifyCase", {
          passed: !random.chance(INPUTS.verificationFailed.value),
        }),
      }
    case "verified":
      return { after: random.exponential(600), command: by(owner, "CloseCase") }
    case "closed": {
      // The street's 12345 desk calls back and answers for what the street owns; the district's for the rest.
      const desk = c.level === "district" ? staff.ownerOf(grid, "district") : staff.hotlineOperator
      if (c.satisfaction === undefined) {
        // 回访: the reporter's verdict comes with the call-back after closing.
        const satisfaction = random.weighted(INPUTS.satisfaction.value)
        return { after: random.exponential(240), command: by(desk, "FollowUpCase", { satisfaction }) }
      }
      if (c.hotlineTicketId !== undefined && !c.hotlineOutcomeReported) {
        return {
          after: random.exponential(120),
          command: by(desk, "ReportHotlineOutcome", {
            outcome: "已办结并回访 — done, caller told",
            solvedByGrid: c.level === "grid" || c.level === "microGrid",
          }),
        }
      }
      if (c.satisfaction === "unsatisfied" && c.reopens === 0 && random.chance(INPUTS.reopened.value)) {
        return {
          after: random.exponential(240),
          command: by(staff.ownerOf(grid, c.level === "district" ? "district" : "street"), "ReopenCase", {
            reason: "群众不满意，发回重办 — sent back for rework",
          }),
        }
      }
      return undefined
    }
    default:
      return undefined
  }
}

/** Who holds a dispatched case: the person, the department's handler, or the unit's owner. */
const assigneeOf = (c: Case.OpenedCase, staff: Staffing): string => {
  const assignee = c.assignee
  if (assignee === undefined) return staff.ownerOf(c.location.gridId, c.level)
  switch (assignee._tag) {
    case "person":
      return assignee.personId
    case "department":
      return staff.handlerOf(assignee.departmentId)
    case "unit":
      return staff.ownerOf(c.location.gridId, assignee.level)
  }
}
