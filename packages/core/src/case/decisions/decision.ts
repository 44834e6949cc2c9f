import { type Decision, refuser, stamper } from "../../internal/decision.ts"
import type { CaseCommand, CaseCommandOf, CaseCommandTag } from "../commands.ts"
import type { CaseDeciderConfig } from "../decide.ts"
import { type CaseError, type CaseRule, CaseRuleViolated } from "../errors.ts"
import type { CaseEvent } from "../events.ts"
import type { OpenedCase } from "../state.ts"

/** A case decision: the events a command causes, or why it may not happen. */
export type CaseDecision = Decision<CaseEvent, CaseError>

/** The decision of one command on a case that exists, with the policy and calendar at hand. */
export type CaseDecisionOf<T extends CaseCommandTag> = (
  command: CaseCommandOf<T>,
  c: OpenedCase,
  config: CaseDeciderConfig,
) => CaseDecision

/** Refuses a command by a named business rule (`CaseRuleViolated`). */
export const refuse = refuser(
  (command: CaseCommand, rule: CaseRule, detail: string) =>
    new CaseRuleViolated({ caseId: command.caseId, command: command._tag, rule, detail }),
)

/** The fields every case event copies from its command. */
export const stamp = stamper("caseId")
