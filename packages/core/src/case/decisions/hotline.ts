import { emit } from "../../internal/decision.ts"
import { type CaseDecisionOf, refuse, stamp } from "./decision.ts"

/** 12345 工单关联: a case links to one hotline ticket. */
export const linkTicket: CaseDecisionOf<"LinkHotlineTicket"> = (command, c) =>
  c.hotlineTicketId === undefined
    ? emit({ _tag: "HotlineTicketLinked", ...stamp(command), ticketId: command.ticketId })
    : refuse(command, "hotlineAlreadyLinked", `already linked to ticket ${c.hotlineTicketId}`)

/** 12345 答复: the outcome goes back to the hotline once, for a linked ticket. */
export const reportOutcome: CaseDecisionOf<"ReportHotlineOutcome"> = (command, c) => {
  if (c.hotlineTicketId === undefined) return refuse(command, "hotlineNotLinked", "no 12345 ticket is linked")
  if (c.hotlineOutcomeReported) {
    return refuse(command, "hotlineOutcomeAlreadyReported", "the outcome was reported to the hotline already")
  }
  return emit({
    _tag: "HotlineOutcomeReported",
    ...stamp(command),
    outcome: command.outcome,
    solvedByGrid: command.solvedByGrid,
  })
}
