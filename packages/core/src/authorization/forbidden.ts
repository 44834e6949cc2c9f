import { Schema } from "effect"

/**
 * Why authorization refused (拒绝原因), as a value a client can branch on; `reason` says it in words.
 * - `issuedInAnotherName`: the command's `by` is not the person acting;
 * - `notGranted`: no clause of the command's rule grants it to the actor;
 * - `approvalRefused`: the rule asks for an approver (审批人) and the one named is missing, not
 *   the one resolved, or lacks the roles over the target;
 * - `responderOutsideCase`: a supervision notice (督办单) names, before dispatch, a unit that is
 *   not the case's owner area over its grid at the case's level (docs/domain.md#supervision): a
 *   unit of another community or street cannot answer for the case.
 */
export const ForbiddenRefusal = Schema.Literals([
  "issuedInAnotherName",
  "notGranted",
  "approvalRefused",
  "responderOutsideCase",
])
export type ForbiddenRefusal = typeof ForbiddenRefusal.Type

/**
 * The actor may not issue this command here (无权操作). Names who, what, which refusal and why,
 * so an audit log or an error page explains itself. A forbidden command appends nothing.
 */
export class Forbidden extends Schema.TaggedError<Forbidden>()("Forbidden", {
  actor: Schema.String,
  command: Schema.String,
  rule: ForbiddenRefusal,
  reason: Schema.String,
}) {
  override get message(): string {
    return `${this.actor} may not ${this.command}: ${this.reason}`
  }
}
