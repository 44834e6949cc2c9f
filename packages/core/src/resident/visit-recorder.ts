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
import type { KeyStore } from "../privacy/key-store.ts"
import type { ResidentCommandOf } from "./commands.ts"
import type { ResidentEvent, ResidentEventOf } from "./events.ts"
import type { ResidentHandler, ResidentHandlerError } from "./resident-handler.ts"
import type { ResidentState } from "./state.ts"
import type { RaisedCase } from "./vocabulary.ts"

/** What recording a visit did: the visit itself, and the case it raised when it asked for one. */
export interface RecordedVisit {
  readonly visit: HandledCommand<ResidentEvent, ResidentState>
  readonly raisedCase?: HandledCommand<CaseEvent, CaseState>
}

/**
 * The report a visit makes (来源: 走访): reported by the visitor, at the visit's time, naming the
 * resident by reference (`reporterRef`) and the grid — never their address.
 */
export const reportFromVisit = (
  visited: ResidentEventOf<"ResidentVisited">,
  raised: RaisedCase,
): CaseCommandOf<"ReportCase"> => ({
  _tag: "ReportCase",
  caseId: raised.caseId,
  at: visited.at,
  by: visited.by,
  source: "visit",
  category: raised.category,
  urgency: raised.urgency,
  description: raised.description,
  location: { gridId: raised.gridId },
  level: raised.level,
  reporterRef: visited.residentId,
})

/** The command id of the report a visit raises: derived, so a retried visit retries the same report. */
export const raisedCaseCommandId = (visitCommandId: string): string => `${visitCommandId}/report-case`

/**
 * Records a visit (走访) and, when it asks to, raises its case — one call for the caller, two
 * appends underneath, each idempotent by command id:
 *
 * Either handler may be a guarded one (with authorization): the visitor then needs the right
 * to record the visit and to report the case.
 *
 * 1. the visit goes to the resident's stream under the caller's command id;
 * 2. the `ReportCase` goes to the case's stream under a command id derived from it
 *    ({@link raisedCaseCommandId}), caused by and correlated with the visit.
 *
 * The report is built from the stored `ResidentVisited` event — on a retry, from the first
 * attempt's — so a caller that retries after a crash between the two appends completes the
 * report exactly once, with the very case id the visit recorded.
 */
export const makeVisitRecorder =
  <ResidentAuthErr, CaseErr>(
    residents: ResidentHandler<ResidentAuthErr>,
    cases: CommandHandler<CaseCommand, CaseEvent, CaseState, CaseErr>,
  ) =>
  (
    command: ResidentCommandOf<"RecordVisit">,
    context: CommandContext,
  ): Effect.Effect<
    RecordedVisit,
    ResidentHandlerError | ResidentAuthErr | CommandHandlerError<CaseErr>,
    CommandHandlerServices | KeyStore
  > =>
    Effect.gen(function* () {
      const visit = yield* residents(command, context)
      const visited = visit.events.find((event) => event._tag === "ResidentVisited")
      if (visited?.raisedCase === undefined) return { visit }
      const raisedCase = yield* cases(reportFromVisit(visited, visited.raisedCase), {
        commandId: raisedCaseCommandId(context.commandId),
        actor: context.actor,
        correlationId: context.correlationId ?? context.commandId,
        causationId: context.commandId,
      })
      return { visit, raisedCase }
    })
