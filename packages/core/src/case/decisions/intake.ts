import { emit } from "../../internal/decision.ts"
import type { CaseCommandOf } from "../commands.ts"
import type { CaseEvent } from "../events.ts"
import { type CaseDecisionOf, refuse, stamp } from "./decision.ts"

/** Copies a report's payload into the `CaseReported` fact (minus the command's own fields). */
export const reported = (command: CaseCommandOf<"ReportCase" | "RecordSelfHandledCase">): CaseEvent => {
  const { _tag, ...fields } = command
  if ("result" in fields) {
    const { result: _, ...report } = fields
    return { _tag: "CaseReported", ...report }
  }
  return { _tag: "CaseReported", ...fields }
}

/** The audit of a case the worker fixed on the spot (自处理核查), by someone other than that worker. */
export const auditSelfHandled: CaseDecisionOf<"AuditSelfHandledCase"> = (command, c) =>
  command.by === c.reportedBy
    ? refuse(command, "verifierIsHandler", "a self-handled case is audited by someone other than its worker")
    : emit({ _tag: "SelfHandlingAudited", ...stamp(command), passed: command.passed, note: command.note })

/** 立案. */
export const register: CaseDecisionOf<"RegisterCase"> = (command) =>
  emit({ _tag: "CaseRegistered", ...stamp(command) })

/** 不予立案: a duplicate must name the case it repeats, which is another case. */
export const reject: CaseDecisionOf<"RejectCase"> = (command, c) => {
  if (
    command.reason === "duplicate" &&
    (command.duplicateOf === undefined || command.duplicateOf === c.caseId)
  ) {
    return refuse(command, "duplicateNeedsOriginal", "a duplicate must name the other case it repeats")
  }
  return emit({
    _tag: "CaseRejected",
    ...stamp(command),
    reason: command.reason,
    duplicateOf: command.duplicateOf,
    note: command.note,
  })
}

/** 合并: a duplicate found after registration folds into another case. */
export const merge: CaseDecisionOf<"MergeCase"> = (command, c) =>
  command.into === c.caseId
    ? refuse(command, "cannotMergeIntoItself", "a case cannot absorb itself")
    : emit({ _tag: "CaseMerged", ...stamp(command), into: command.into })
