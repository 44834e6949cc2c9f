import { Effect } from "effect"
import type { CaseCommand, CaseCommandOf } from "../case/commands.ts"
import type { CaseEvent } from "../case/events.ts"
import type { CaseState } from "../case/state.ts"
import type { CommandContext } from "../handler/command-context.ts"
import type {
  CommandHandler,
  CommandHandlerError,
  CommandHandlerServices,
  HandledCommand,
} from "../handler/command-handler.ts"
import type { IntakeCommand } from "./commands.ts"
import type { IntakeError } from "./errors.ts"
import type { IntakeEvent, IntakeEventOf } from "./events.ts"
import type { IntakeState, ReceivedReport } from "./state.ts"

/** What handling an intake command did: the intake itself, and the case a location reported. */
export interface HandledIntake {
  readonly intake: HandledCommand<IntakeEvent, IntakeState>
  readonly reportedCase?: HandledCommand<CaseEvent, CaseState>
}

/**
 * The case a located report becomes: the report's id and time of receipt (so its step lights
 * run from receipt), the grid the dispatcher chose, reported at grid level by the dispatcher who
 * located it (the guard lets nobody act in another's name) and keeping the reporter's reference.
 */
export const caseFromLocated = (
  report: ReceivedReport,
  located: IntakeEventOf<"ReportLocated">,
): CaseCommandOf<"ReportCase"> => ({
  _tag: "ReportCase",
  caseId: report.reportId,
  at: report.at,
  by: located.by,
  source: report.source,
  category: report.category,
  urgency: report.urgency,
  description: report.description,
  location: { gridId: located.gridId, ...report.location },
  level: "grid",
  ...(report.reporterRef === undefined ? {} : { reporterRef: report.reporterRef }),
  ...(report.mediaUrls === undefined ? {} : { mediaUrls: report.mediaUrls }),
  ...(report.hotlineTicketId === undefined ? {} : { hotlineTicketId: report.hotlineTicketId }),
})

/** The command id of the case report a location makes: derived, so a retried location reports once. */
export const locatedCaseCommandId = (locateCommandId: string): string => `${locateCommandId}/report-case`

/**
 * Handles an intake command and, when it locates a report, reports its case — one call, two
 * appends, each idempotent by command id (as the visit recorder does for a visit's case): a
 * caller that retries after a crash between them completes the report exactly once.
 */
export const makeReportLocator =
  <IntakeAuthErr, CaseErr>(
    intake: CommandHandler<IntakeCommand, IntakeEvent, IntakeState, IntakeError | IntakeAuthErr>,
    cases: CommandHandler<CaseCommand, CaseEvent, CaseState, CaseErr>,
  ) =>
  (
    command: IntakeCommand,
    context: CommandContext,
  ): Effect.Effect<
    HandledIntake,
    CommandHandlerError<IntakeError | IntakeAuthErr> | CommandHandlerError<CaseErr>,
    CommandHandlerServices
  > =>
    Effect.gen(function* () {
      const handled = yield* intake(command, context)
      const located = handled.events.find(
        (event): event is IntakeEventOf<"ReportLocated"> => event._tag === "ReportLocated",
      )
      if (located === undefined || !handled.state.exists) return { intake: handled }
      const reportedCase = yield* cases(caseFromLocated(handled.state, located), {
        commandId: locatedCaseCommandId(context.commandId),
        actor: context.actor,
        correlationId: context.correlationId ?? context.commandId,
        causationId: context.commandId,
        // The same request: the case's guard may authorize on the territory read the location's did.
        ...(context.readsSince === undefined ? {} : { readsSince: context.readsSince }),
      })
      return { intake: handled, reportedCase }
    })
